"""Read-only views of elections: the result of each round by name, the results report (page and
.docx), and the term reminders (换届提醒)."""
import io

from django.utils import timezone

from .models import Body, Candidate, RemovalState, Round, Term
from .rules import add_months


def candidate_names(election):
    """Candidate id → name for every candidate of the election (withdrawn and write-ins included)."""
    return dict(Candidate.all_objects.filter(election=election).values_list("pk", "name"))


def round_rows(rnd, names):
    """(name, votes, reached the threshold, elected in this round, tied) for each name voted for, most votes first."""
    elected = set(rnd.outcome.get("elected", []))
    tied = set(rnd.outcome.get("tied", []))
    rows = []
    for key, votes in (rnd.tally or {}).items():
        if key.startswith("c"):
            cid = int(key[1:])
            name, write_in = names.get(cid, "?"), False
        else:
            name, write_in = key[1:], True
            cid = next((pk for pk, n in names.items() if n == name and pk in elected | tied), None)
        rows.append({"name": name, "votes": votes, "write_in": write_in, "reached": votes >= rnd.threshold,
                     "elected": cid in elected, "tied": cid in tied})
    rows.sort(key=lambda r: (-r["votes"], r["name"]))
    return rows


def results(election):
    names = candidate_names(election)
    rounds = []
    for rnd in election.rounds.order_by("number"):
        rounds.append({"round": rnd, "rows": round_rows(rnd, names) if rnd.state == Round.State.COUNTED else [],
                       "valid": rnd.returned - rnd.invalid if rnd.state == Round.State.COUNTED else None})
    elected = list(election.candidates.filter(elected=True).order_by("elected_round", "-votes", "pk"))
    return {"rounds": rounds, "elected": elected, "names": names}


def _document(heading):
    """A Word document in the house style (宋体 11pt) with a centred title."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(11)
    title = doc.add_heading(heading, level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return doc


def _finish(doc) -> bytes:
    doc.add_paragraph("")
    doc.add_paragraph("监票人：              计票人：              总监票人：")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def recount(election):
    """Every round of the election with its ballots (one query for all of them), the chain checked and the
    ballots recounted: (round, index of the first broken link or None, ballots, tally, invalid, matches)."""
    from gonghui.core import ballots as secret

    from .actions import tally_ballots
    from .models import ROUND_BALLOTS, Ballot

    by_round = {}
    for b in Ballot.objects.filter(round__election=election).order_by("round_id", "seq"):
        by_round.setdefault(b.round_id, []).append(b)
    out = []
    for rnd in election.rounds.order_by("number"):
        ballots = by_round.get(rnd.pk, [])
        closed = rnd.state in (Round.State.COUNTED, Round.State.VOID)
        check = secret.check(ROUND_BALLOTS, ballots, published=rnd.head if closed else None)
        # a chain that does not end at the published head breaks after its last ballot
        broken = len(ballots) if check.broken_at is None and not check.head_ok else check.broken_at
        tally, invalid = tally_ballots(ballots)
        matches = rnd.state != Round.State.COUNTED or (tally == {k: v for k, v in rnd.tally.items() if v}
                                                       and invalid == rnd.invalid)
        out.append({"round": rnd, "broken": broken, "ballots": ballots, "tally": tally, "invalid": invalid,
                    "matches": matches})
    return out


def report_docx(election) -> bytes:
    """The results report as a Word document (python-docx), in the usual layout."""
    data = results(election)
    doc = _document(f"{election.union.name}{election.get_kind_display()}选举结果报告")
    doc.add_paragraph(f"选举名称：{election.title}")
    doc.add_paragraph(f"应选人数：{election.seats}人；会议形式：{election.get_assembly_display()}；"
                      f"当选票数基数：{election.get_threshold_basis_display()}；任期：{election.term_years}年")
    if election.held_on:
        doc.add_paragraph(f"选举日期：{election.held_on:%Y年%m月%d日}")
    for item in data["rounds"]:
        rnd = item["round"]
        doc.add_heading(f"第{rnd.number}轮（{rnd.get_kind_display()}）：{rnd.get_state_display()}", level=2)
        doc.add_paragraph(f"本轮应选{rnd.seats}人；应到会{rnd.entitled}人，实到会{rnd.present}人；发出选票{rnd.issued}张，"
                          f"收回{rnd.returned}张，无效{rnd.invalid}张；当选须得{rnd.threshold}票。")
        if rnd.outcome.get("void"):
            doc.add_paragraph(rnd.outcome["void"])
        if item["rows"]:
            table = doc.add_table(rows=1, cols=4)
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, ("姓名", "得票", "是否过半", "结果")):
                cell.text = text
            for row in item["rows"]:
                cells = table.add_row().cells
                cells[0].text = row["name"] + ("（另选）" if row["write_in"] else "")
                cells[1].text = str(row["votes"])
                cells[2].text = "是" if row["reached"] else "否"
                cells[3].text = "当选" if row["elected"] else ("票数相等，再次投票" if row["tied"] else "")
        if rnd.head:
            doc.add_paragraph(f"选票哈希链末项：{rnd.head}")
    doc.add_heading("当选名单", level=2)
    if data["elected"]:
        doc.add_paragraph("、".join(f"{c.name}（{c.votes}票）" for c in data["elected"]))
    else:
        doc.add_paragraph("无")
    if election.seats_left_empty:
        doc.add_paragraph(f"经委员会决定，缺额{election.seats_left_empty}名暂不补选。")
    if election.results_approved_on:
        doc.add_paragraph(f"上级工会已于{election.results_approved_on:%Y年%m月%d日}批复选举结果。")
    return _finish(doc)


def removal_report_docx(removal) -> bytes:
    """The result of a removal vote (罢免) as a Word document, in the layout of the election reports."""
    office = removal.office
    doc = _document(f"{removal.union.name}罢免{office.get_post_display()}表决结果报告")
    doc.add_paragraph(f"被罢免人：{office.name}（{office.get_post_display()}，{office.started_on:%Y年%m月%d日}任职）")
    doc.add_paragraph(f"罢免理由：{removal.reason}")
    doc.add_paragraph(f"动议日期：{removal.motion_on:%Y年%m月%d日}；会议形式：{removal.get_assembly_display()}")
    if removal.held_on:
        doc.add_paragraph(f"表决日期：{removal.held_on:%Y年%m月%d日}")
    doc.add_paragraph(f"应到会{removal.entitled}人，实到会{removal.present}人；发出表决票{removal.issued}张，"
                      f"收回{removal.returned}张，无效{removal.invalid}张；罢免须得赞成票{removal.needed}票"
                      f"（超过应到会人数的半数）。")
    if removal.state in (RemovalState.PASSED, RemovalState.FAILED):
        table = doc.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("表决意见", "票数")):
            cell.text = text
        for label, votes in (("赞成", removal.votes_for), ("反对", removal.votes_against),
                             ("弃权", removal.votes_abstain), ("无效", removal.invalid)):
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, str(votes)
    doc.add_heading("表决结果", level=2)
    doc.add_paragraph(f"{removal.get_state_display()}。{removal.outcome}")
    if removal.state == RemovalState.PASSED:
        doc.add_paragraph(f"{office.name}的{office.get_post_display()}职务自{removal.decided_on:%Y年%m月%d日}起罢免。")
    if removal.head:
        doc.add_paragraph(f"表决票哈希链末项：{removal.head}")
    return _finish(doc)


def reminders(terms_qs, today=None, months=6):
    """Current terms ending within ``months`` (or already ended), soonest first, with months left."""
    today = today or timezone.localdate()
    rows = list(terms_qs.filter(current=True, ends_on__lte=add_months(today, months))
                .select_related("org").order_by("ends_on", "pk")[:500])
    for t in rows:
        t.overdue = t.ends_on < today
        t.left = t.months_left(today)
    return rows


def unions_without_term(unions_qs, body=Body.COMMITTEE):
    """Grassroots unions with no term on record (nobody knows when they are due)."""
    return unions_qs.exclude(pk__in=Term.objects.filter(body=body).values("org_id"))
