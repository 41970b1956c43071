"""Reading a competition: who competes in an item, the score grid, the standings, the prize preview, the
results table.

Every function reads a whole item in a fixed number of queries (never one per competitor).
"""
from dataclasses import dataclass, field

from django.db.models import F

from gonghui.activities.models import Attendance, RegStatus, Registration, Team

from . import scoring
from .models import Award, ContestItem, Score, Standing


@dataclass
class Competitor:
    """One line of the score sheet: a member (individual items, or team items scored per member) or a team."""

    key: tuple           # ("m", member id) or ("t", team id)
    name: str
    detail: str = ""     # member number and team, or the team's department
    member_id: int | None = None
    team_id: int | None = None
    team_name: str = ""
    scores: dict = field(default_factory=dict)   # round -> Score


def member_key(member_id):
    return ("m", member_id)


def team_key(team_id):
    return ("t", team_id)


def competitors(item):
    """The item's competitors in sheet order: teams by name, or members registered (confirmed) or checked
    in at the event, by team then member number."""
    if item.team_entered:
        teams = Team.objects.filter(event_id=item.event_id).select_related("org").order_by("name", "id")
        return [Competitor(team_key(t.pk), t.name, t.org.name if t.org_id else "", team_id=t.pk, team_name=t.name)
                for t in teams]
    regs = (Registration.objects.filter(event_id=item.event_id, status=RegStatus.CONFIRMED)
            .select_related("member", "team").order_by("team__name", "member__member_no", "id"))
    if item.is_team:
        regs = regs.filter(team__isnull=False, team__deleted_at__isnull=True)
    seen, out = set(), []
    for reg in regs:
        m = reg.member
        if m.pk in seen or m.deleted_at is not None:
            continue
        seen.add(m.pk)
        team_name = reg.team.name if reg.team_id and reg.team.deleted_at is None else ""
        out.append(Competitor(member_key(m.pk), m.name, " · ".join(x for x in (m.member_no, team_name) if x),
                              member_id=m.pk, team_id=reg.team_id if team_name else None, team_name=team_name))
    if not item.is_team:
        walk_ins = (Attendance.objects.filter(event_id=item.event_id).exclude(member_id__in=seen)
                    .select_related("member").order_by("member__member_no", "id"))
        for a in walk_ins:
            if a.member.deleted_at is None:
                out.append(Competitor(member_key(a.member_id), a.member.name, a.member.member_no,
                                      member_id=a.member_id))
    return out


def grid(item):
    """Competitors with their scores filled in (two or three queries in all)."""
    rows = competitors(item)
    by_key = {c.key: c for c in rows}
    for score in Score.objects.filter(item=item):
        key = team_key(score.team_id) if score.team_id else member_key(score.member_id)
        competitor = by_key.get(key)
        if competitor is not None:
            competitor.scores[score.round] = score
    return rows


def standings(item):
    """The stored standings with members and teams (one query), ranked first, unscored last."""
    return list(Standing.objects.filter(item=item).select_related("member", "team")
                .order_by(F("rank").asc(nulls_last=True), "id"))


def team_members(item, team_ids):
    """{team id: [member ids]} of confirmed registrations (one query)."""
    out = {}
    for team_id, member_id in (Registration.objects.filter(event_id=item.event_id, status=RegStatus.CONFIRMED,
                                                           team_id__in=team_ids)
                               .values_list("team_id", "member_id").order_by("team_id", "member_id")):
        out.setdefault(team_id, []).append(member_id)
    return out


@dataclass
class Planned:
    """One prize the standings give: the pure ``scoring.Prize``, its ``PrizeRule`` and the ``Standing``."""

    prize: scoring.Prize
    rule: object
    standing: Standing


def preview(item):
    """The prizes the current standings and prize rules give: ``scoring.Prize`` rows with ``.standing``
    and ``.rule`` attached, in prize-rule order."""
    rules = list(item.prize_rules.all())
    rows = standings(item)
    by_key = {(s.team_id and team_key(s.team_id)) or member_key(s.member_id): s for s in rows}
    ranked = [scoring.Standing(key, s.total, s.rank, s.tied) for key, s in by_key.items()]
    prizes = scoring.allocate(ranked, [r.as_rule() for r in rules], item.better)
    by_rule = {r.pk: r for r in rules}
    order = {r.pk: i for i, r in enumerate(rules)}
    out = []
    for p in prizes:
        out.append(Planned(p, by_rule[p.rule], by_key[p.competitor]))
    out.sort(key=lambda x: (order[x.rule.pk], x.prize.rank or 0))
    return out


def items_for(user, cap, event=None):
    qs = ContestItem.objects.visible_to(user, cap).select_related("event", "union")
    if event is not None:
        qs = qs.filter(event=event)
    return qs


# ---- the results table ----
# A published results notice (成绩公告) is a document of the union, read by its members: its rows and text
# are written as the union writes them (Chinese), whatever the language of the officer publishing it.

def result_rows(event):
    """[项目, 名次, 姓名/队名, 成绩, 奖项] for every item of ``event`` (three queries)."""
    items = list(ContestItem.objects.filter(event=event).order_by("id"))
    standings = (Standing.objects.filter(item__in=items, rank__isnull=False).select_related("member", "team")
                 .order_by("item_id", "rank", "id"))
    awards = {}
    for a in Award.objects.filter(item__in=items).order_by("rule__order", "id"):
        awards.setdefault((a.item_id, a.member_id, a.team_id), []).append(a.level)
    by_id = {i.pk: i for i in items}
    rows = []
    for s in standings:
        item = by_id[s.item_id]
        rank = f"{s.rank}（并列）" if s.tied else str(s.rank)
        name = s.team.name if s.team_id else s.member.name
        rows.append([item.name, rank, name, item.show(s.total) + (item.unit or ""),
                     "、".join(awards.get((item.pk, s.member_id, s.team_id), []))])
    return rows


def default_result_title(event):
    return f"{event.title}比赛成绩公告"


def result_text(event, rows):
    lines = [default_result_title(event), ""]
    current = None
    for item_name, rank, name, value, prizes in rows:
        if item_name != current:
            current = item_name
            lines += ["", f"【{item_name}】"]
        lines.append(f"第{rank}名 {name} {value}" + (f" {prizes}" if prizes else ""))
    return "\n".join(lines).strip()
