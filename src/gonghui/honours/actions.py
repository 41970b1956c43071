"""Every change to honours goes through these functions (web, API, demo alike).

Each checks RUN_EVENTS at the organisation that runs the round (or, for a member acting for themself —
self-nomination, endorsement, an evaluator's secret ballot, an objection — that they belong to its subtree),
validates with a Chinese message naming the field, writes and records the audit entry in one transaction
with the round locked. Secret ballots write no audit row (``core.ballots``); the count records the sealed
chain's head.
"""
import datetime
from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit, ballots as secret, periods, scope
from gonghui.core.capabilities import MANAGE_ORGS, RUN_EVENTS
from gonghui.core.errors import ActionError, unique_or
from gonghui.core.parsing import date_value, integer, text
from gonghui.core.softdelete import restore, soft_delete
from gonghui.members.models import Member
from gonghui.members.queries import member_for
from gonghui.orgs.models import Kind, Organisation

from . import rules
from .models import (HONOUR_BALLOTS, Endorsement, Evaluator, HonourKind, Level, Method, Nomination, Objection, Round,
                     Sanction, Score)

LABELS = {"name": gettext_lazy("荣誉名称"), "level": gettext_lazy("级别"), "quota": gettext_lazy("名额"),
          "notice_days": gettext_lazy("公示期（工作日）"), "min_member_years": gettext_lazy("最低会龄（年）"),
          "endorsements_required": gettext_lazy("自荐所需会员附议人数"), "kind": gettext_lazy("荣誉类别"),
          "year": gettext_lazy("年度"), "method": gettext_lazy("评选方式"), "member": gettext_lazy("被推荐人"),
          "nominee_org": gettext_lazy("被推荐集体"), "nominator_org": gettext_lazy("推荐单位"),
          "by": gettext_lazy("推荐方式"), "deeds": gettext_lazy("主要事迹"), "evaluators": gettext_lazy("评审委员"),
          "points": gettext_lazy("分数"), "choices": gettext_lazy("选票"), "nominations": gettext_lazy("拟表彰名单"),
          "posted_on": gettext_lazy("公示日期"), "received_on": gettext_lazy("收到日期"),
          "text": gettext_lazy("异议内容"), "answer": gettext_lazy("答复"), "final_on": gettext_lazy("确定日期"),
          "starts_on": gettext_lazy("处分日期"), "ends_on": gettext_lazy("处分期满"), "reason": gettext_lazy("处分事由")}
KIND_FIELDS = ["name", "level", "collective", "women_only", "no_sanction", "min_member_years", "notice_days", "quota",
               "endorsements_required"]
ROUND_FIELDS = ["kind", "year", "quota", "method", "state", "notice_days", "posted_on", "notice_ends",
                "notice_provisional", "final_on", "head"]
ENCRYPTED_CHANGED = "（已加密，已修改）"
MAX_POINTS = 100


def _in(org, path):
    return path.startswith(org.path)


# ---- honour kinds ----

def _clean_kind(data):
    errors = {}
    cleaned = {}
    try:
        cleaned["name"] = text(data.get("name"), "name", required=True, max_length=60, label=_("荣誉名称"))
    except ActionError as exc:
        errors.update(exc.message_dict)
    level = data.get("level") or Level.UNIT
    if level not in Level.values:
        errors["level"] = [_("请选择级别")]
    cleaned["level"] = level
    for name, low, high, default in (("min_member_years", 0, 50, 0), ("notice_days", 1, 60, 5),
                                     ("quota", 1, 100000, 1), ("endorsements_required", 0, 1000, 3)):
        try:
            value = integer(data.get(name), name, required=False, minimum=low, maximum=high,
                            label=str(LABELS[name]))
        except ActionError as exc:
            errors.update(exc.message_dict)
            continue
        cleaned[name] = default if value is None else value
    for name in ("collective", "women_only", "no_sanction"):
        cleaned[name] = bool(data.get(name))
    if errors:
        raise ActionError(errors=errors)
    return cleaned


@transaction.atomic
def save_kind(actor, owner, data, *, kind=None):
    """Add an honour kind owned by ``owner`` (read by its subtree), or change one it owns."""
    if owner is None:
        raise ActionError(_("请选择制定组织"), field="owner")
    scope.require(actor, RUN_EVENTS, owner)
    cleaned = _clean_kind(data)
    before = {}
    if kind is not None:
        kind = HonourKind.objects.select_for_update().get(pk=kind.pk)
        if kind.owner_id != owner.pk:
            raise ActionError(_("预置荣誉类别不能修改，可新增本组织的荣誉类别"), field="name")
        before = audit.snapshot(kind, KIND_FIELDS)
    else:
        kind = HonourKind(owner=owner)
    for name, value in cleaned.items():
        setattr(kind, name, value)
    kind.save()
    audit.record(actor, "honours_kind", kind, org=owner, before=before, after=audit.snapshot(kind, KIND_FIELDS))
    return kind


@transaction.atomic
def delete_kind(actor, kind):
    def check(row):
        if row.owner_id is None:
            raise ActionError(_("预置荣誉类别不能删除"), field="kind")
    return soft_delete(kind, actor=actor, org=lambda k: k.owner, check=check, field="kind",
                       allow=lambda k: k.owner_id is None or scope.require(actor, RUN_EVENTS, k.owner))


# ---- sanctions ----

def sanctioned_ids(member_ids, day):
    """The members among ``member_ids`` under a sanction in force on ``day`` (one query)."""
    return set(Sanction.objects.filter(member_id__in=list(member_ids), starts_on__lte=day)
               .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day)).values_list("member_id", flat=True))


@transaction.atomic
def record_sanction(actor, member, *, starts_on, ends_on=None, reason=""):
    """A disciplinary action on a member (处分), in force from ``starts_on`` to ``ends_on`` (open when empty)."""
    if member is None:
        raise ActionError(_("请选择会员"), field="member")
    scope.require(actor, RUN_EVENTS, member.union)
    starts_on = date_value(starts_on, "starts_on", label=_("处分日期"))
    ends_on = date_value(ends_on, "ends_on", required=False, label=_("处分期满"))
    if ends_on is not None and ends_on < starts_on:
        raise ActionError(_("处分期满日期不能早于处分日期（%(day)s）") % {"day": starts_on.isoformat()}, field="ends_on")
    reason = text(reason, "reason", max_length=1000)
    row = Sanction.objects.create(union=member.union, member=member, starts_on=starts_on, ends_on=ends_on,
                                  reason=reason, recorded_by=actor)
    audit.record(actor, "honours_sanction", row, org=member.union,
                 after={"member": member.name, "starts_on": starts_on.isoformat(),
                        "ends_on": ends_on.isoformat() if ends_on else "", "reason": ENCRYPTED_CHANGED if reason else ""})
    return row


@transaction.atomic
def delete_sanction(actor, sanction):
    return soft_delete(sanction, actor=actor, org=lambda s: s.union, field="sanction",
                       allow=lambda s: scope.require(actor, RUN_EVENTS, s.union))


@transaction.atomic
def restore_sanction(actor, sanction):
    return restore(sanction, actor=actor, org=lambda s: s.union, field="sanction",
                   allow=lambda s: scope.require(actor, RUN_EVENTS, s.union))


# ---- rounds ----

def _lock(actor, rnd, *, cap=RUN_EVENTS):
    row = Round.objects.select_for_update(of=("self",)).select_related("org", "kind").filter(pk=rnd.pk).first()
    if row is None:
        raise ActionError(_("找不到该评选"), field="round")
    if cap is not None:
        scope.require(actor, cap, row.org)
    return row


def _state(rnd, *states, field="__all__"):
    if rnd.state not in states:
        raise ActionError(_("评选当前为“%(state)s”，不能进行此操作") % {"state": rnd.get_state_display()}, field=field)


@transaction.atomic
def open_round(actor, org, *, kind, year, quota=None, method=Method.SCORE):
    """Open a year's selection of ``kind`` at ``org`` (nominations may then be made)."""
    if org is None or org.kind in (Kind.BRANCH, Kind.GROUP):
        raise ActionError(_("评选由基层工会或上级工会组织，请选择工会"), field="org")
    scope.require(actor, RUN_EVENTS, org)
    if kind is None or not HonourKind.objects.applying_to(org).filter(pk=kind.pk).exists():
        raise ActionError(_("请选择适用于本组织的荣誉类别"), field="kind")
    year = integer(year, "year", minimum=2000, maximum=timezone.localdate().year + 1, label=_("年度"))
    quota = integer(quota, "quota", required=False, minimum=1, maximum=100000, label=_("名额"))
    if method not in Method.values:
        raise ActionError(_("请选择评选方式"), field="method")
    Organisation.all_objects.select_for_update().filter(pk=org.pk).first()
    if Round.objects.filter(org=org, kind=kind, year=year).exists():
        raise ActionError(_("本组织%(year)s年度已有%(kind)s评选") % {"year": year, "kind": kind.label}, field="kind")
    rnd = Round(org=org, kind=kind, year=year, quota=quota or kind.quota, method=method,
                notice_days=kind.notice_days, recorded_by=actor)
    with unique_or(_("本组织%(year)s年度已有%(kind)s评选") % {"year": year, "kind": kind.label}, field="kind"):
        rnd.save()
    audit.record(actor, "honours_open", rnd, org=org, after=audit.snapshot(rnd, ROUND_FIELDS))
    return rnd


@transaction.atomic
def delete_round(actor, rnd, *, note=""):
    return soft_delete(rnd, actor=actor, org=lambda r: r.org, note=note, field="round",
                       allow=lambda r: scope.require(actor, RUN_EVENTS, r.org))


@transaction.atomic
def restore_round(actor, rnd):
    def check(row):
        if Round.objects.filter(org_id=row.org_id, kind_id=row.kind_id, year=row.year).exists():
            raise ActionError(_("本组织该年度已另有同类评选，不能恢复"), field="round")
    return restore(rnd, actor=actor, org=lambda r: r.org, check=check, field="round",
                   allow=lambda r: scope.require(actor, RUN_EVENTS, r.org))


# ---- nominations ----

def check_member(rnd, member, day):
    """Refuse a member who may not be nominated in ``rnd``, naming every reason."""
    if not _in(rnd.org, member.org.path if member.org_id else ""):
        raise ActionError(_("%(name)s不在%(org)s范围内") % {"name": member.name, "org": rnd.org.name}, field="member")
    reasons = rules.ineligible(rnd.kind, sex=member.sex, join_date=member.join_date, status=member.status,
                               sanctioned=bool(sanctioned_ids([member.pk], day)), day=day)
    if reasons:
        raise ActionError(_("被推荐会员：%(name)s不符合%(kind)s的参评条件：%(reasons)s")
                          % {"name": member.name, "kind": rnd.kind.label, "reasons": "；".join(reasons)}, field="member")


def _already(rnd, *, member=None, org=None):
    qs = rnd.nominations.exclude(state=Nomination.State.WITHDRAWN)
    return qs.filter(member=member).exists() if member is not None else qs.filter(nominee_org=org).exists()


def _nomination_audit(n):
    return {"nominee": n.nominee_name, "by": n.get_by_display(), "state": n.get_state_display(),
            "nominator_org": n.nominator_org.name if n.nominator_org_id else ""}


@transaction.atomic
def nominate(actor, rnd, *, by, member=None, nominee_org=None, nominator_org=None, deeds="", nominated_on=None):
    """A nomination recorded by the round's officers: a member (individual honour) or an organisation
    (collective honour), put forward by a group, a branch or the union. Eligibility is checked now."""
    rnd = _lock(actor, rnd)
    _state(rnd, Round.State.NOMINATING, field="member")
    if by not in (Nomination.By.GROUP, Nomination.By.BRANCH, Nomination.By.UNION):
        raise ActionError(_("请选择推荐方式（小组、分工会或工会推荐；个人自荐由会员本人提出）"), field="by")
    day = date_value(nominated_on, "nominated_on", required=False, not_future=True, label=_("推荐日期")) \
        or timezone.localdate()
    deeds = text(deeds, "deeds", max_length=4000)
    if by in (Nomination.By.GROUP, Nomination.By.BRANCH):
        wanted = Kind.GROUP if by == Nomination.By.GROUP else Kind.BRANCH
        if nominator_org is None or nominator_org.kind != wanted or not _in(rnd.org, nominator_org.path):
            raise ActionError(_("请选择本组织范围内的推荐%(what)s") % {
                "what": _("小组") if wanted == Kind.GROUP else _("分工会")}, field="nominator_org")
    else:
        nominator_org = rnd.org
    if rnd.kind.collective:
        if nominee_org is None:
            raise ActionError(_("集体荣誉请选择被推荐的集体"), field="nominee_org")
        if not _in(rnd.org, nominee_org.path) or nominee_org.pk == rnd.org.pk and rnd.org.kind != Kind.GRASSROOTS:
            raise ActionError(_("%(name)s不在%(org)s范围内") % {"name": nominee_org.name, "org": rnd.org.name},
                              field="nominee_org")
        if not _in(nominator_org, nominee_org.path) and by != Nomination.By.UNION:
            raise ActionError(_("推荐单位只能推荐本单位范围内的集体"), field="nominator_org")
        if _already(rnd, org=nominee_org):
            raise ActionError(_("%(name)s已被推荐") % {"name": nominee_org.name}, field="nominee_org")
        nomination = Nomination(nominee_org=nominee_org, nominee_name=nominee_org.name)
    else:
        if member is None:
            raise ActionError(_("请选择被推荐的会员"), field="member")
        check_member(rnd, member, day)
        if by != Nomination.By.UNION and not _in(nominator_org, member.org.path):
            raise ActionError(_("推荐单位只能推荐本单位的会员"), field="nominator_org")
        if _already(rnd, member=member):
            raise ActionError(_("%(name)s已被推荐") % {"name": member.name}, field="member")
        nomination = Nomination(member=member, nominee_name=member.name, women=member.sex == rules.FEMALE)
    nomination.round, nomination.by, nomination.nominator_org, nomination.deeds = rnd, by, nominator_org, deeds
    nomination.nominated_on, nomination.recorded_by = day, actor
    with unique_or(_("%(name)s已被推荐") % {"name": nomination.nominee_name}, field="member"):
        nomination.save()
    audit.record(actor, "honours_nominate", rnd, org=rnd.org, after=_nomination_audit(nomination))
    return nomination


def _own_member(user, rnd, field):
    member = member_for(user)
    if member is None or not _in(rnd.org, member.org.path):
        raise ActionError(_("只有%(org)s的会员可以这样做") % {"org": rnd.org.name}, field=field)
    return member


@transaction.atomic
def nominate_self(user, rnd, *, deeds):
    """A member's self-nomination: eligibility checked now; it counts once enough members endorse it."""
    rnd = _lock(user, rnd, cap=None)
    member = _own_member(user, rnd, "member")
    _state(rnd, Round.State.NOMINATING, field="member")
    if rnd.kind.collective:
        raise ActionError(_("集体荣誉不接受个人自荐"), field="member")
    day = timezone.localdate()
    check_member(rnd, member, day)
    deeds = text(deeds, "deeds", required=True, max_length=4000, label=_("主要事迹"))
    if _already(rnd, member=member):
        raise ActionError(_("您已被推荐或已自荐"), field="member")
    needed = rnd.kind.endorsements_required
    nomination = Nomination(round=rnd, member=member, nominee_name=member.name, women=member.sex == rules.FEMALE,
                            by=Nomination.By.SELF, nominator_org=member.org, deeds=deeds, nominated_on=day,
                            state=Nomination.State.ENDORSING if needed else Nomination.State.NOMINATED,
                            recorded_by=user)
    with unique_or(_("您已被推荐或已自荐"), field="member"):
        nomination.save()
    audit.record(user, "honours_nominate", rnd, org=rnd.org, after=_nomination_audit(nomination))
    return nomination


@transaction.atomic
def endorse(user, nomination):
    """A member endorses a self-nomination (附议); at the kind's count it becomes a nomination."""
    rnd = _lock(user, nomination.round, cap=None)
    member = _own_member(user, rnd, "nomination")
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.state != Nomination.State.ENDORSING or rnd.state != Round.State.NOMINATING:
        raise ActionError(_("该自荐不在附议阶段"), field="nomination")
    if nomination.member_id == member.pk:
        raise ActionError(_("不能为自己的自荐附议"), field="nomination")
    with unique_or(_("您已附议过"), field="nomination"):
        Endorsement.objects.create(nomination=nomination, member=member)
    nomination.endorsements = F("endorsements") + 1
    nomination.save(update_fields=["endorsements"])
    nomination.refresh_from_db(fields=["endorsements"])
    if nomination.endorsements >= rnd.kind.endorsements_required:
        nomination.state = Nomination.State.NOMINATED
        nomination.save(update_fields=["state"])
    audit.record(user, "honours_endorse", rnd, org=rnd.org,
                 after={"nominee": nomination.nominee_name, "endorsements": nomination.endorsements})
    return nomination


@transaction.atomic
def withdraw(actor, nomination, *, note=""):
    rnd = _lock(actor, nomination.round)
    _state(rnd, Round.State.NOMINATING, Round.State.SELECTING, field="nomination")
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.state not in (Nomination.State.ENDORSING, Nomination.State.NOMINATED):
        raise ActionError(_("该推荐不能撤回"), field="nomination")
    before = _nomination_audit(nomination)
    nomination.state = Nomination.State.WITHDRAWN
    nomination.save(update_fields=["state"])
    audit.record(actor, "honours_withdraw", rnd, org=rnd.org, before=before, after=_nomination_audit(nomination),
                 note=text(note, "note", max_length=200))
    return nomination


# ---- selection ----

@transaction.atomic
def set_evaluators(actor, rnd, members):
    """The selection committee (评审委员会): members of the organisation's subtree, before any score or vote."""
    rnd = _lock(actor, rnd)
    _state(rnd, Round.State.NOMINATING, Round.State.SELECTING, field="evaluators")
    members = list({m.pk: m for m in members}.values())
    if not members:
        raise ActionError(_("请至少选择一名评审委员"), field="evaluators")
    outside = [m.name for m in members if not _in(rnd.org, m.org.path)]
    if outside:
        raise ActionError(_("评审委员须为本组织范围内的会员：%(names)s") % {"names": "、".join(outside)},
                          field="evaluators")
    if Score.objects.filter(evaluator__round=rnd).exists() or rnd.marks.exists():
        raise ActionError(_("已有评分或投票，不能再调整评审委员"), field="evaluators")
    before = "、".join(rnd.evaluators.order_by("id").values_list("member__name", flat=True))
    rnd.evaluators.all().delete()
    Evaluator.objects.bulk_create([Evaluator(round=rnd, member=m) for m in members])
    audit.record(actor, "honours_evaluators", rnd, org=rnd.org, before={"evaluators": before},
                 after={"evaluators": "、".join(m.name for m in members)})
    return rnd


@transaction.atomic
def start_selection(actor, rnd):
    """Close nominations; the committee scores or votes. Self-nominations still short of endorsements lapse."""
    rnd = _lock(actor, rnd)
    _state(rnd, Round.State.NOMINATING)
    if not rnd.nominations.filter(state=Nomination.State.NOMINATED).exists():
        raise ActionError(_("还没有有效的推荐，不能开始评审"), field="nominations")
    if not rnd.evaluators.exists():
        raise ActionError(_("请先确定评审委员"), field="evaluators")
    before = audit.snapshot(rnd, ROUND_FIELDS)
    rnd.nominations.filter(state=Nomination.State.ENDORSING).update(state=Nomination.State.NOT_SELECTED)
    rnd.state = Round.State.SELECTING
    rnd.save(update_fields=["state"])
    audit.record(actor, "honours_select", rnd, org=rnd.org, before=before, after=audit.snapshot(rnd, ROUND_FIELDS))
    return rnd


def _candidates(rnd):
    return rnd.nominations.filter(state=Nomination.State.NOMINATED)


@transaction.atomic
def record_scores(actor, rnd, evaluator, points):
    """An evaluator's score sheet (0–100 per nominee, to two places), entered by the officers; it replaces
    the evaluator's earlier sheet."""
    rnd = _lock(actor, rnd)
    _state(rnd, Round.State.SELECTING, field="points")
    if rnd.method != Method.SCORE:
        raise ActionError(_("本评选采用无记名投票，不评分"), field="points")
    if evaluator is None or evaluator.round_id != rnd.pk:
        raise ActionError(_("请选择本评选的评审委员"), field="evaluator")
    names = dict(_candidates(rnd).values_list("pk", "nominee_name"))
    rows, errors = [], []
    for key, value in (points or {}).items():
        pk = int(key) if str(key).isdigit() else None
        if pk not in names:
            errors.append(_("被评分的推荐（%(key)s）不在本评选的候选名单中") % {"key": key})
            continue
        if value in (None, ""):
            continue
        try:
            number = _points(value)
        except ActionError as exc:
            errors.append(_("%(name)s：%(message)s") % {"name": names[pk], "message": exc.messages[0]})
            continue
        rows.append(Score(evaluator=evaluator, nomination_id=pk, points=number))
    if errors:
        raise ActionError(errors={"points": errors})
    if not rows:
        raise ActionError(_("请至少为一名候选人评分"), field="points")
    Score.objects.filter(evaluator=evaluator).delete()
    Score.objects.bulk_create(rows)
    audit.record(actor, "honours_scores", rnd, org=rnd.org,
                 after={"evaluator": evaluator.member.name,
                        "points": "；".join(f"{names[r.nomination_id]} {r.points}" for r in rows)})
    return rows


def _points(value):
    from gonghui.core.parsing import percent

    return percent(value, "points", maximum=Decimal(MAX_POINTS), label=_("分数"))


def _evaluator_for(user, rnd):
    member = member_for(user)
    evaluator = Evaluator.objects.filter(round=rnd, member=member).first() if member else None
    if evaluator is None:
        raise ActionError(_("只有本评选的评审委员可以投票"), field="choices")
    return evaluator


def _clean_choices(rnd, choices):
    ids = sorted({int(c) for c in choices or [] if str(c).isdigit()})
    if len(ids) != len(set(map(str, choices or []))):
        raise ActionError(_("选票上有无法识别的候选人"), field="choices")
    if len(ids) > rnd.quota:
        raise ActionError(_("所选人数（%(n)s）超过名额（%(quota)s），选票无效，请重新选择")
                          % {"n": len(ids), "quota": rnd.quota}, field="choices")
    known = set(_candidates(rnd).filter(pk__in=ids).values_list("pk", flat=True))
    if known != set(ids):
        raise ActionError(_("选票上有不在候选名单中的人"), field="choices")
    return ids


@transaction.atomic
def cast_vote(user, rnd, choices):
    """An evaluator's own secret ballot: at most ``quota`` nominees (an empty ballot abstains). No audit row,
    no receipt (``core.ballots``)."""
    rnd = secret.lock(HONOUR_BALLOTS, Round.objects.get(pk=rnd.pk))
    if rnd.state != Round.State.SELECTING or rnd.method != Method.VOTE:
        raise ActionError(_("本评选当前不在投票阶段"), field="choices")
    evaluator = _evaluator_for(user, rnd)
    ids = _clean_choices(rnd, choices)
    secret.cast(HONOUR_BALLOTS, rnd, evaluator, {"choices": ids})
    return True


@transaction.atomic
def enter_paper_ballots(actor, rnd, *, evaluators, ballots):
    """Paper ballots typed in by the tellers: the evaluators who were handed one are marked, the ballots
    chained (no link between the two). More ballots than evaluators marked is refused."""
    rnd = _lock(actor, rnd)
    secret.lock(HONOUR_BALLOTS, rnd)
    if rnd.state != Round.State.SELECTING or rnd.method != Method.VOTE:
        raise ActionError(_("本评选当前不在投票阶段"), field="choices")
    evaluators = list(evaluators)
    if any(e.round_id != rnd.pk for e in evaluators) or not evaluators:
        raise ActionError(_("请选择领取纸质选票的评审委员"), field="evaluators")
    if len(ballots) > len(evaluators):
        raise ActionError(_("收回选票（%(n)s张）多于发出的选票（%(issued)s张）")
                          % {"n": len(ballots), "issued": len(evaluators)}, field="choices")
    contents = [{"choices": _clean_choices(rnd, b)} for b in ballots]
    secret.mark(HONOUR_BALLOTS, rnd, evaluators)
    secret.append(HONOUR_BALLOTS, rnd, contents)
    audit.record(actor, "honours_paper_ballots", rnd, org=rnd.org,
                 after={"issued": len(evaluators), "returned": len(contents)})
    return len(contents)


def score_values(rnd):
    """{nomination id: average score} over the candidates (one aggregate query)."""
    rows = (Score.objects.filter(nomination__round=rnd, nomination__state=Nomination.State.NOMINATED)
            .values("nomination").annotate(total=Sum("points"), n=Count("id")).order_by())
    found = {r["nomination"]: rules.mean(r["total"], r["n"]) for r in rows}
    return {pk: found.get(pk) for pk in _candidates(rnd).values_list("pk", flat=True)}


def vote_values(rnd):
    """{nomination id: votes} from the ballots (one query)."""
    counts = Counter()
    for choices in HONOUR_BALLOTS.ballots(rnd).values_list("choices", flat=True):
        counts.update(choices)
    return {pk: counts.get(pk, 0) for pk in _candidates(rnd).values_list("pk", flat=True)}


@transaction.atomic
def publish_shortlist(actor, rnd, *, posted_on=None, chosen=None):
    """Rank the candidates (average score, or votes from the sealed ballots), shortlist them — the top
    ``quota``, or the ``chosen`` nominations when the committee decides (a tie at the last place must be
    decided so) — and post the public notice (公示) for the kind's working days (``core.periods``;
    provisional, never refused, in a year the holiday calendar does not cover)."""
    rnd = _lock(actor, rnd)
    _state(rnd, Round.State.SELECTING, field="nominations")
    posted_on = date_value(posted_on, "posted_on", required=False, label=_("公示日期")) or timezone.localdate()
    if rnd.method == Method.VOTE:
        secret.lock(HONOUR_BALLOTS, rnd)
        sealed = secret.seal(HONOUR_BALLOTS, rnd)
        rnd.head = sealed.head
        values = vote_values(rnd)
    else:
        values = score_values(rnd)
    ranked, tie = rules.ranking(values, rnd.quota)
    if chosen is None:
        if tie:
            raise ActionError(_("名额边界出现同分（同票），请由评审委员会确定拟表彰名单后再公示"), field="nominations")
        picked = {r.key for r in ranked if r.within}
    else:
        picked = {c.pk if hasattr(c, "pk") else int(c) for c in chosen}
        if len(picked) > rnd.quota:
            raise ActionError(_("拟表彰名单%(n)s人，超过名额（%(quota)s）") % {"n": len(picked), "quota": rnd.quota},
                              field="nominations")
        if not picked <= set(values):
            raise ActionError(_("拟表彰名单中有不在候选名单中的推荐"), field="nominations")
    if not picked:
        raise ActionError(_("拟表彰名单为空，请先评分或投票"), field="nominations")
    before = audit.snapshot(rnd, ROUND_FIELDS)
    rows = list(_candidates(rnd))
    by_pk = {r.key: r for r in ranked}
    for n in rows:
        r = by_pk[n.pk]
        n.rank = r.rank
        if rnd.method == Method.VOTE:
            n.votes = r.value
        else:
            n.score = r.value
        n.state = Nomination.State.SHORTLISTED if n.pk in picked else Nomination.State.NOT_SELECTED
    Nomination.objects.bulk_update(rows, ["rank", "votes", "score", "state"])
    deadline = periods.add_working_days(posted_on, rnd.notice_days)
    rnd.state, rnd.posted_on = Round.State.NOTICE, posted_on
    rnd.notice_ends, rnd.notice_provisional = deadline.day, deadline.provisional
    rnd.save(update_fields=["state", "posted_on", "notice_ends", "notice_provisional", "head"])
    after = {**audit.snapshot(rnd, ROUND_FIELDS),
             "shortlist": "、".join(n.nominee_name for n in rows if n.pk in picked)}
    audit.record(actor, "honours_notice", rnd, org=rnd.org, before=before, after=after)
    return rnd


# ---- objections and the final list ----

@transaction.atomic
def file_objection(actor, nomination, *, text_value, received_on=None, as_member=False):
    """An objection to a shortlisted nominee: recorded by the officers (``received_on`` as received) or filed
    by a member for themself (today). After the notice period it is refused, naming the deadline."""
    rnd = _lock(actor, nomination.round, cap=None if as_member else RUN_EVENTS)
    filed_by = _own_member(actor, rnd, "text") if as_member else None
    nomination = Nomination.objects.filter(pk=nomination.pk, round=rnd).first()
    if rnd.state != Round.State.NOTICE or nomination is None or nomination.state != Nomination.State.SHORTLISTED:
        raise ActionError(_("只能对公示中的拟表彰对象提出异议"), field="nomination")
    day = timezone.localdate() if as_member else (
        date_value(received_on, "received_on", not_future=True, label=_("收到日期")))
    if day < rnd.posted_on:
        raise ActionError(_("收到日期不能早于公示日期（%(day)s）") % {"day": rnd.posted_on.isoformat()},
                          field="received_on")
    if day > rnd.notice_ends:
        raise ActionError(_("收到日期：公示期已于%(day)s结束，逾期提出的异议不予受理") % {"day": rnd.notice_ends.isoformat()},
                          field="received_on")
    body = text(text_value, "text", required=True, max_length=4000, label=_("异议内容"))
    objection = Objection.objects.create(round=rnd, nomination=nomination, received_on=day, text=body,
                                         filed_by=filed_by, recorded_by=actor)
    audit.record(actor, "honours_objection", rnd, org=rnd.org,
                 after={"nominee": nomination.nominee_name, "received_on": day.isoformat(), "text": ENCRYPTED_CHANGED})
    return objection


@transaction.atomic
def answer_objection(actor, objection, *, upheld, answer, answered_on=None):
    """Answer an objection after investigation; an upheld one removes the nominee from the list."""
    rnd = _lock(actor, objection.round)
    objection = Objection.objects.select_for_update(of=("self",)).select_related("nomination").get(pk=objection.pk)
    if objection.state != Objection.State.PENDING:
        raise ActionError(_("该异议已答复"), field="answer")
    answer = text(answer, "answer", required=True, max_length=4000, label=_("答复"))
    day = date_value(answered_on, "answered_on", required=False, not_future=True, label=_("答复日期")) \
        or timezone.localdate()
    if day < objection.received_on:
        raise ActionError(_("答复日期不能早于收到日期（%(day)s）") % {"day": objection.received_on.isoformat()},
                          field="answered_on")
    objection.state = Objection.State.UPHELD if upheld else Objection.State.DISMISSED
    objection.answer, objection.answered_on = answer, day
    objection.save(update_fields=["state", "answer", "answered_on"])
    nomination = objection.nomination
    if upheld and nomination.state == Nomination.State.SHORTLISTED:
        nomination.state = Nomination.State.REMOVED
        nomination.save(update_fields=["state"])
    audit.record(actor, "honours_answer", rnd, org=rnd.org,
                 after={"nominee": nomination.nominee_name, "state": objection.get_state_display(),
                        "answer": ENCRYPTED_CHANGED})
    return objection


@transaction.atomic
def finalise(actor, rnd, *, final_on=None):
    """The final list: after the notice period, with every objection answered; the shortlisted are awarded
    and numbered for their certificates."""
    rnd = _lock(actor, rnd)
    _state(rnd, Round.State.NOTICE, field="final_on")
    day = date_value(final_on, "final_on", required=False, not_future=True, label=_("确定日期")) \
        or timezone.localdate()
    if day <= rnd.notice_ends:
        raise ActionError(_("公示期至%(day)s，期满后方可确定最终名单") % {"day": rnd.notice_ends.isoformat()},
                          field="final_on")
    pending = rnd.objections.filter(state=Objection.State.PENDING).count()
    if pending:
        raise ActionError(_("还有%(n)s件异议未答复") % {"n": pending}, field="final_on")
    before = audit.snapshot(rnd, ROUND_FIELDS)
    rows = list(rnd.nominations.filter(state=Nomination.State.SHORTLISTED).order_by("rank", "id"))
    for i, n in enumerate(rows, start=1):
        n.state, n.certificate_no = Nomination.State.AWARDED, f"{rnd.year}-{rnd.pk}-{i:03d}"
    Nomination.objects.bulk_update(rows, ["state", "certificate_no"])
    rnd.state, rnd.final_on = Round.State.FINAL, day
    rnd.save(update_fields=["state", "final_on"])
    audit.record(actor, "honours_final", rnd, org=rnd.org, before=before,
                 after={**audit.snapshot(rnd, ROUND_FIELDS), "awarded": "、".join(n.nominee_name for n in rows)})
    return rnd
