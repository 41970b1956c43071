"""Removal (罢免) of a chair or vice-chair: the motion and its roll, the attendance that opens the vote,
phone and paper ballots (through ``core.ballots``), and the count — passed only with more than half of ALL
entitled voting for, which vacates the office."""
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_ELECTIONS
from gonghui.core import audit, scope
from gonghui.core import ballots as secret
from gonghui.core.errors import ActionError
from gonghui.core.i18n import words
from gonghui.core.parsing import integer
from gonghui.members.models import Member

from .. import rules
from ..models import REMOVAL_BALLOTS, Assembly, Office, Removal, RemovalChoice, RemovalState, RemovalVoter
from ..queries import tally_removal
from ._common import OFFICE_FIELDS, ROLL_STATUSES, _mark_once

REMOVAL_FIELDS = ["state", "reason", "motion_on", "assembly", "entitled", "present", "needed", "issued", "returned",
                  "invalid", "votes_for", "votes_against", "votes_abstain", "decided_on"]
OPEN_REMOVAL_STATES = [RemovalState.PREPARING, RemovalState.OPEN]


def _snapshot_removal_roll(removal):
    """One INSERT … SELECT: the union's members entitled to vote (保留会籍 and terminated excluded)."""
    voter, member = RemovalVoter._meta.db_table, Member._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {voter} (removal_id, member_id) SELECT %s, m.id FROM {member} m "
                       f"WHERE m.union_id = %s AND m.deleted_at IS NULL AND m.status IN (%s, %s)",
                       [removal.pk, removal.union_id, *ROLL_STATUSES])
    return removal.voters.count()


def create_removal(actor, office, *, reason, motion_on, assembly=""):
    """Open a removal motion against a sitting chair or vice-chair. A members' assembly snapshots its roll
    now; a delegates' assembly waits for the delegates (``set_removal_delegates``)."""
    if office is None:
        raise ActionError(_("请选择现任主席或副主席"), field="office")
    union = office.union
    scope.require(actor, RUN_ELECTIONS, union)
    with transaction.atomic():
        list(Office.objects.select_for_update().filter(pk=office.pk).values_list("pk"))
        office.refresh_from_db()
        return _create_removal(actor, office, union, reason=reason, motion_on=motion_on, assembly=assembly)


def _create_removal(actor, office, union, *, reason, motion_on, assembly):
    errors = {}
    reason = (reason or "").strip()
    if not office.current:
        errors["office"] = [_("%(name)s已不在任，不能罢免") % {"name": office.name}]
    if not reason:
        errors["reason"] = [_("请填写罢免理由")]
    elif len(reason) > 300:
        errors["reason"] = [_("罢免理由不超过300字")]
    if motion_on is None:
        errors["motion_on"] = [_("请填写动议日期")]
    elif motion_on > timezone.localdate():
        errors["motion_on"] = [_("动议日期不能晚于今天")]
    elif motion_on < office.started_on:
        errors["motion_on"] = [_("动议日期不能早于任职日期")]
    if assembly and assembly not in Assembly.values:
        errors["assembly"] = [_("会议形式应为会员大会或会员代表大会")]
    if errors:
        raise ActionError(errors=errors)
    if not assembly:
        size = Member.objects.filter(union=union, status__in=ROLL_STATUSES).count()
        assembly = rules.default_assembly(size)
    if Removal.objects.filter(office=office, state__in=OPEN_REMOVAL_STATES).exists():
        raise ActionError(_("已有正在进行的罢免表决"), field="office")
    removal = Removal.objects.create(union=union, office=office, reason=reason, motion_on=motion_on,
                                     assembly=assembly, created_by=actor)
    if assembly == Assembly.MEMBERS:
        removal.entitled = _snapshot_removal_roll(removal)
        removal.save(update_fields=["entitled"])
    audit.record(actor, "create", removal, org=union, after=audit.snapshot(removal, REMOVAL_FIELDS),
                 note=_("罢免%(post)s%(name)s") % {"post": office.get_post_display(), "name": office.name})
    return removal


def _lock_removal(removal, *states, field="state"):
    secret.lock(REMOVAL_BALLOTS, removal)
    if states and removal.state not in states:
        raise ActionError(_("本次罢免表决当前为“%(state)s”，不能进行此操作") % {"state": removal.get_state_display()},
                          field=field)
    return removal


def set_removal_delegates(actor, removal, members):
    """The delegates entitled to vote at a delegates' assembly (replaces the roll)."""
    scope.require(actor, RUN_ELECTIONS, removal.union)
    if removal.assembly != Assembly.DELEGATES:
        raise ActionError(_("会员大会不需要代表名单"), field="members")
    members = list(members)
    if not members:
        raise ActionError(_("请填写代表的会员编号"), field="members")
    wrong = [m.name for m in members if m.union_id != removal.union_id or m.status not in ROLL_STATUSES
             or m.deleted_at is not None]
    if wrong:
        raise ActionError(_("不是本工会在籍会员：%(names)s") % {"names": words(wrong[:10])}, field="members")
    with transaction.atomic():
        removal = _lock_removal(removal, RemovalState.PREPARING)
        before = removal.entitled
        removal.voters.all().delete()
        RemovalVoter.objects.bulk_create([RemovalVoter(removal=removal, member_id=pk)
                                          for pk in {m.pk for m in members}])
        removal.entitled = removal.voters.count()
        removal.save(update_fields=["entitled"])
        audit.record(actor, "set_delegates", removal, org=removal.union, before={"entitled": before},
                     after={"entitled": removal.entitled})
    return removal


def withdraw_removal(actor, removal):
    """A motion not yet put to the vote may be withdrawn (soft deletion)."""
    scope.require(actor, RUN_ELECTIONS, removal.union)
    with transaction.atomic():
        removal = _lock_removal(removal, RemovalState.PREPARING)
        removal.deleted_at = timezone.now()
        removal.save(update_fields=["deleted_at"])
        audit.record(actor, "delete", removal, org=removal.union)
    return removal


def open_removal(actor, removal, *, present):
    """Open the vote with the attendance counted: refused without quorum (2/3 of the roll)."""
    scope.require(actor, RUN_ELECTIONS, removal.union)
    present = integer(present, "present", label=_("实到会人数"))
    with transaction.atomic():
        removal = _lock_removal(removal, RemovalState.PREPARING)
        entitled = removal.voters.count()
        if entitled == 0:
            raise ActionError(_("表决名册为空，请先确定代表名单"), field="members")
        if present < 0 or present > entitled:
            raise ActionError(_("实到会人数应在0至%(n)s（应到会人数）之间") % {"n": entitled}, field="present")
        need = rules.quorum(entitled)
        if present < need:
            raise ActionError(_("实到会%(present)s人，不足应到会%(entitled)s人的三分之二（至少%(need)s人），不能进行表决")
                              % {"present": present, "entitled": entitled, "need": need}, field="present")
        before = audit.snapshot(removal, REMOVAL_FIELDS)
        removal.entitled, removal.present = entitled, present
        removal.needed = rules.removal_needed(entitled)
        removal.state = RemovalState.OPEN
        removal.held_on = timezone.localdate()
        removal.save()
        audit.record(actor, "open_removal", removal, org=removal.union, before=before,
                     after=audit.snapshot(removal, REMOVAL_FIELDS))
    return removal


def cast_removal_ballot(user, removal, *, choice):
    """A voter's own ballot on their phone: for, against or abstain; once."""
    with transaction.atomic():
        removal = _lock_removal(removal, RemovalState.OPEN)
        voter = RemovalVoter.objects.filter(removal=removal, member__user=user).first() \
            if user and user.is_authenticated else None
        if voter is None:
            raise ActionError(_("您不在本次罢免表决的名册中"), field="removal")
        if choice not in RemovalChoice.values:
            raise ActionError(_("表决意见应为赞成、反对或弃权"), field="choice")
        # No audit entry: its time and order would point at the voter (core.ballots).
        return secret.cast(REMOVAL_BALLOTS, removal, voter, {"choice": choice})


def issue_removal_ballots(actor, removal, members):
    """The tellers hand paper ballots to voters present: each is marked as having voted."""
    scope.require(actor, RUN_ELECTIONS, removal.union)
    members = list(members)
    if not members:
        raise ActionError(_("请填写领取表决票的会员"), field="members")
    with transaction.atomic():
        removal = _lock_removal(removal, RemovalState.OPEN)
        voters = dict(RemovalVoter.objects.filter(removal=removal, member__in=members).values_list("member_id", "pk"))
        outside = [m.name for m in members if m.pk not in voters]
        if outside:
            raise ActionError(_("不在表决名册中：%(names)s") % {"names": words(outside[:10])}, field="members")
        n = _mark_once(REMOVAL_BALLOTS, removal, members, voters, _("已经表决或已领取表决票：%(names)s"))
        audit.record(actor, "issue_ballots", removal, org=removal.union, note=_("发出纸质表决票%(n)s张") % {"n": n})
    return n


def enter_removal_paper(actor, removal, *, votes_for=0, votes_against=0, votes_abstain=0, invalid=0):
    """The tellers enter the paper ballots counted at the assembly (in one or several batches): each
    becomes a ballot in the chain, so the recount covers paper and phone alike."""
    scope.require(actor, RUN_ELECTIONS, removal.union)
    given = {"votes_for": (votes_for, _("赞成票数")), "votes_against": (votes_against, _("反对票数")),
             "votes_abstain": (votes_abstain, _("弃权票数")), "invalid": (invalid, _("无效票数"))}
    counts = {field: integer(value or 0, field, minimum=0, label=label) for field, (value, label) in given.items()}
    total = sum(counts.values())
    if total == 0:
        raise ActionError(_("请填写清点的纸质表决票张数"), field="votes_for")
    with transaction.atomic():
        removal = _lock_removal(removal, RemovalState.OPEN)
        if total > removal.entitled:
            raise ActionError(_("一次录入%(n)s张，多于应到会人数%(entitled)s，请核对清点结果")
                              % {"n": total, "entitled": removal.entitled}, field="votes_for")
        choices = ([RemovalChoice.FOR.value] * counts["votes_for"]
                   + [RemovalChoice.AGAINST.value] * counts["votes_against"]
                   + [RemovalChoice.ABSTAIN.value] * counts["votes_abstain"] + [""] * counts["invalid"])
        secret.append(REMOVAL_BALLOTS, removal, [{"choice": c} for c in choices])
        audit.record(actor, "paper_ballots", removal, org=removal.union,
                     note=_("录入纸质表决票%(n)s张：赞成%(for)s，反对%(against)s，弃权%(abstain)s，无效%(invalid)s")
                     % {"n": total, "for": counts["votes_for"], "against": counts["votes_against"],
                        "abstain": counts["votes_abstain"], "invalid": counts["invalid"]})
    return total


def close_removal(actor, removal):
    """Count the vote. More ballots back than issued: the vote is void. Otherwise the motion passes only
    with votes for > half of ALL entitled; a passed motion vacates the office."""
    scope.require(actor, RUN_ELECTIONS, removal.union)
    with transaction.atomic():
        removal = _lock_removal(removal, RemovalState.OPEN)
        before = audit.snapshot(removal, REMOVAL_FIELDS)
        sealed = secret.seal(REMOVAL_BALLOTS, removal)  # a broken chain is refused here
        ballots = sealed.ballots
        removal.issued = removal.marks.count()
        removal.returned = len(ballots)
        removal.head = sealed.head
        removal.decided_on = timezone.localdate()
        if removal.returned > removal.issued:
            removal.state = RemovalState.VOID
            removal.outcome = removal.outcome_text
            removal.save()
            audit.record(actor, "void_removal", removal, org=removal.union, before=before,
                         after={**audit.snapshot(removal, REMOVAL_FIELDS), "head": removal.head}, note=removal.outcome)
            return removal
        tally, removal.invalid = tally_removal(ballots)
        removal.votes_for = tally[RemovalChoice.FOR]
        removal.votes_against = tally[RemovalChoice.AGAINST]
        removal.votes_abstain = tally[RemovalChoice.ABSTAIN]
        passed = rules.removal_passes(removal.votes_for, removal.entitled)
        removal.state = RemovalState.PASSED if passed else RemovalState.FAILED
        removal.outcome = removal.outcome_text
        removal.save()
        audit.record(actor, "count_removal", removal, org=removal.union, before=before,
                     after={**audit.snapshot(removal, REMOVAL_FIELDS), "head": removal.head}, note=removal.outcome)
        if passed:
            office = Office.objects.select_for_update().get(pk=removal.office_id)
            was = audit.snapshot(office, OFFICE_FIELDS)
            office.current = False
            office.ended_on = office.removed_on = removal.decided_on
            office.removal_reason = removal.reason
            office.save(update_fields=["current", "ended_on", "removed_on", "removal_reason"])
            audit.record(actor, "remove_from_office", office, org=removal.union, before=was,
                         after=audit.snapshot(office, OFFICE_FIELDS), note=_("罢免表决#%(n)s") % {"n": removal.pk})
    return removal
