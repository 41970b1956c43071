"""Read-only views of elections: the count of ballots, the chain check of a round, the result of each
round by name, the public recount, the results reports (page and .docx), and the term reminders (换届提醒).
Nothing here writes: changes go through ``elections.actions``."""
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.i18n import words

from .models import Body, Candidate, RemovalChoice, RemovalState, Round, Term
from .rules import add_months


def tally_ballots(ballots):
    """Votes per candidate id ("c<id>") and per write-in name ("w<name>") over valid ballots."""
    tally, invalid = {}, 0
    for b in ballots:
        if not b.valid:
            invalid += 1
            continue
        for m in b.marks:
            tally[f"c{m}"] = tally.get(f"c{m}", 0) + 1
        for name in b.write_ins:
            tally[f"w{name}"] = tally.get(f"w{name}", 0) + 1
    return tally, invalid


def tally_removal(ballots):
    """Votes per choice (for, against, abstain) and the invalid (blank) ballots of a removal vote."""
    tally = {c: 0 for c in RemovalChoice.values}
    invalid = 0
    for b in ballots:
        if b.choice in tally:
            tally[b.choice] += 1
        else:
            invalid += 1
    return tally, invalid


def verify_round(rnd):
    """(index of the first broken link or None, ballots) — the public recount's check."""
    from gonghui.core import ballots as secret

    from .models import ROUND_BALLOTS

    check = secret.verify(ROUND_BALLOTS, rnd)
    return check.broken_at, check.ballots


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


def long_date(day):
    """2026年03月21日 (2026-03-21 in English)."""
    return _("%(y)s年%(m)s月%(d)s日") % {"y": day.year, "m": f"{day.month:02d}", "d": f"{day.day:02d}"}


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
    doc.add_paragraph(_("监票人：              计票人：              总监票人："))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def recount(election):
    """Every round of the election with its ballots (one query for all of them), the chain checked and the
    ballots recounted: (round, index of the first broken link or None, ballots, tally, invalid, matches)."""
    from gonghui.core import ballots as secret

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
    doc = _document(_("%(union)s%(kind)s选举结果报告") % {"union": election.union.name,
                                                       "kind": election.get_kind_display()})
    doc.add_paragraph(_("选举名称：%(title)s") % {"title": election.title})
    doc.add_paragraph(_("应选人数：%(seats)s人；会议形式：%(assembly)s；当选票数基数：%(basis)s；任期：%(years)s年") % {
        "seats": election.seats, "assembly": election.get_assembly_display(),
        "basis": election.get_threshold_basis_display(), "years": election.term_years})
    if election.held_on:
        doc.add_paragraph(_("选举日期：%(d)s") % {"d": long_date(election.held_on)})
    for item in data["rounds"]:
        rnd = item["round"]
        doc.add_heading(_("第%(n)s轮（%(kind)s）：%(state)s") % {
            "n": rnd.number, "kind": rnd.get_kind_display(), "state": rnd.get_state_display()}, level=2)
        doc.add_paragraph(_("本轮应选%(s)s人；应到会%(e)s人，实到会%(p)s人；发出选票%(i)s张，收回%(r)s张，无效%(v)s张；"
                            "当选须得%(t)s票。") % {"s": rnd.seats, "e": rnd.entitled, "p": rnd.present,
                                               "i": rnd.issued, "r": rnd.returned, "v": rnd.invalid,
                                               "t": rnd.threshold})
        if rnd.state == Round.State.VOID:
            doc.add_paragraph(rnd.void_text)
        if item["rows"]:
            table = doc.add_table(rows=1, cols=4)
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, (_("姓名"), _("得票"), _("是否过半"), _("结果"))):
                cell.text = str(text)
            for row in item["rows"]:
                cells = table.add_row().cells
                cells[0].text = _("%(name)s（另选）") % {"name": row["name"]} if row["write_in"] else row["name"]
                cells[1].text = str(row["votes"])
                cells[2].text = _("是") if row["reached"] else _("否")
                cells[3].text = _("当选") if row["elected"] else (_("票数相等，再次投票") if row["tied"] else "")
        if rnd.head:
            doc.add_paragraph(_("选票哈希链末项：%(head)s") % {"head": rnd.head})
    doc.add_heading(_("当选名单"), level=2)
    if data["elected"]:
        doc.add_paragraph(words(_("%(name)s（%(n)s票）") % {"name": c.name, "n": c.votes} for c in data["elected"]))
    else:
        doc.add_paragraph(_("无"))
    if election.seats_left_empty:
        doc.add_paragraph(_("经委员会决定，缺额%(n)s名暂不补选。") % {"n": election.seats_left_empty})
    if election.results_approved_on:
        doc.add_paragraph(_("上级工会已于%(d)s批复选举结果。") % {"d": long_date(election.results_approved_on)})
    return _finish(doc)


def removal_report_docx(removal) -> bytes:
    """The result of a removal vote (罢免) as a Word document, in the layout of the election reports."""
    office = removal.office
    post = office.get_post_display()
    doc = _document(_("%(union)s罢免%(post)s表决结果报告") % {"union": removal.union.name, "post": post})
    doc.add_paragraph(_("被罢免人：%(name)s（%(post)s，%(d)s任职）") % {
        "name": office.name, "post": post, "d": long_date(office.started_on)})
    doc.add_paragraph(_("罢免理由：%(reason)s") % {"reason": removal.reason})
    doc.add_paragraph(_("动议日期：%(d)s；会议形式：%(assembly)s") % {
        "d": long_date(removal.motion_on), "assembly": removal.get_assembly_display()})
    if removal.held_on:
        doc.add_paragraph(_("表决日期：%(d)s") % {"d": long_date(removal.held_on)})
    doc.add_paragraph(_("应到会%(e)s人，实到会%(p)s人；发出表决票%(i)s张，收回%(r)s张，无效%(v)s张；罢免须得赞成票%(n)s票"
                        "（超过应到会人数的半数）。") % {"e": removal.entitled, "p": removal.present,
                                                "i": removal.issued, "r": removal.returned, "v": removal.invalid,
                                                "n": removal.needed})
    if removal.state in (RemovalState.PASSED, RemovalState.FAILED):
        table = doc.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, (_("表决意见"), _("票数"))):
            cell.text = str(text)
        for label, votes in ((_("赞成"), removal.votes_for), (_("反对"), removal.votes_against),
                             (_("弃权"), removal.votes_abstain), (_("无效"), removal.invalid)):
            cells = table.add_row().cells
            cells[0].text, cells[1].text = str(label), str(votes)
    doc.add_heading(_("表决结果"), level=2)
    doc.add_paragraph(_("%(state)s。%(outcome)s") % {"state": removal.get_state_display(),
                                                    "outcome": removal.outcome_text})
    if removal.state == RemovalState.PASSED:
        doc.add_paragraph(_("%(name)s的%(post)s职务自%(d)s起罢免。") % {
            "name": office.name, "post": post, "d": long_date(removal.decided_on)})
    if removal.head:
        doc.add_paragraph(_("表决票哈希链末项：%(head)s") % {"head": removal.head})
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
