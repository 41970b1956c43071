"""Teams (参赛队): made by hand or one per department, registrations put into them, and the teams checked
against the event's composition rule (size, women) before the event.

Every team change holds the event row's lock, so a name is taken once (``team_name_once_per_event``
backs it up) and a team's size is counted with nobody joining it meanwhile.
"""
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_EVENTS
from gonghui.core import audit, parsing, scope
from gonghui.core.errors import ActionError
from gonghui.core.i18n import clauses, words
from gonghui.orgs.models import Organisation

from ..models import Event, EventStatus, Registration, RegStatus, Team
from ..queries import team_problems
from ._common import lock_event


def _team_event(actor, event):
    event = lock_event(event)
    scope.require(actor, RUN_EVENTS, event.organiser)
    if event.deleted_at is not None:
        raise ActionError(_("活动已删除"))
    if event.status in (EventStatus.CANCELLED, EventStatus.FINISHED):
        raise ActionError(_("已取消或已结束的活动不能修改"))
    return event


def _team_org(event, org):
    if org is None:
        return None
    if not org.path.startswith(event.union.path) or org.pk == event.union_id:
        raise ActionError(_("所属部门须是本工会的分工会或工会小组"), field="org")
    return org


def _live_team(event, team):
    """``team`` as it is now, under the event's lock: refused when it was deleted meanwhile."""
    current = Team.all_objects.filter(pk=team.pk, event_id=event.pk).first()
    if current is None:
        raise ActionError(_("参赛队不属于本活动"), field="team")
    if current.deleted_at is not None:
        raise ActionError(_("该参赛队已被删除"), field="team")
    return current


def _name_taken(name):
    return ActionError(_("本活动已有名为“%(name)s”的队") % {"name": name}, field="name")


@transaction.atomic
def create_team(actor, event, *, name, org=None):
    event = _team_event(actor, event)
    name = parsing.text(name, "name", required=True, max_length=60)
    if Team.objects.filter(event=event, name=name).exists():
        raise _name_taken(name)
    try:
        with transaction.atomic():
            team = Team.objects.create(event=event, name=name, org=_team_org(event, org))
    except IntegrityError:
        raise _name_taken(name) from None
    _unconfirm_teams(event)
    audit.record(actor, "create_team", team, org=event.union, after={"name": team.name, "org": str(team.org or "")})
    return team


@transaction.atomic
def delete_team(actor, team):
    """Delete a team; its members go back to the unassigned list."""
    event = _team_event(actor, team.event)
    team = _live_team(event, team)
    Registration.objects.filter(team=team).update(team=None)
    team.deleted_at = timezone.now()
    team.save(update_fields=["deleted_at"])
    _unconfirm_teams(event)
    audit.record(actor, "delete_team", team, org=event.union)
    return team


def _free_name(name, names):
    """``name``, or "name队", "name队2" … when the event already has a team of that name."""
    for candidate in [name, _("%(name)s队") % {"name": name}] + [
            _("%(name)s队%(n)s") % {"name": name, "n": n} for n in range(2, 100)]:
        if candidate[:60] not in names:
            return candidate[:60]
    return name[:60]


@transaction.atomic
def teams_by_department(actor, event):
    """One team per branch (分工会) or group directly under the union, holding its confirmed registrations
    that have no team yet. Members registered at the union itself stay unassigned."""
    event = _team_event(actor, event)
    regs = list(event.registrations.filter(status=RegStatus.CONFIRMED, team__isnull=True)
                .select_related("member__org"))
    depth = len(event.union.path) + 4
    tops = {o.path: o for o in Organisation.objects.filter(path__startswith=event.union.path)
            .exclude(pk=event.union_id) if len(o.path) == depth}
    existing = {t.org_id: t for t in Team.objects.filter(event=event, org__isnull=False)}
    names = set(Team.objects.filter(event=event).values_list("name", flat=True))
    made = []
    moves: dict[int, list[int]] = {}
    for reg in regs:
        top = tops.get(reg.member.org.path[:depth])
        if top is None:
            continue
        team = existing.get(top.pk)
        if team is None:
            name = _free_name(top.name, names)
            team = Team.objects.create(event=event, name=name, org=top)
            existing[top.pk] = team
            names.add(name)
            made.append(team)
        moves.setdefault(team.pk, []).append(reg.pk)
    for team_id, ids in moves.items():
        Registration.objects.filter(pk__in=ids).update(team_id=team_id)
    _unconfirm_teams(event)
    audit.record(actor, "teams_by_department", event, org=event.union,
                 after={"teams": len(made), "assigned": sum(len(v) for v in moves.values())})
    return made


@transaction.atomic
def assign_team(actor, event, *, registrations, team):
    """Put confirmed registrations into ``team`` (None takes them out). The maximum size holds at once;
    the minimum and the women rule are checked by ``confirm_teams`` before the event."""
    event = _team_event(actor, event)
    if team is not None:
        team = _live_team(event, team)
    try:
        ids = [r.pk if isinstance(r, Registration) else int(r) for r in registrations]
    except (TypeError, ValueError):
        raise ActionError(_("所选报名不属于本活动"), field="registrations") from None
    regs = list(event.registrations.filter(pk__in=ids).select_related("member", "team"))
    if not regs or len(regs) != len(set(ids)):
        raise ActionError(_("所选报名不属于本活动"), field="registrations")
    not_confirmed = [r.member.name for r in regs if r.status != RegStatus.CONFIRMED]
    if not_confirmed:
        raise ActionError(_("只有已确认报名的人可以编队：%(names)s") % {"names": words(not_confirmed)},
                          field="registrations")
    if team is not None and event.team_max_size:
        size = event.registrations.filter(team=team, status=RegStatus.CONFIRMED).exclude(pk__in=ids).count() + len(regs)
        if size > event.team_max_size:
            raise ActionError(_("“%(team)s”将有%(n)s人，超过每队最多%(max)s人") % {
                "team": team.name, "n": size, "max": event.team_max_size}, field="team")
    Registration.objects.filter(pk__in=ids).update(team=team)
    _unconfirm_teams(event)
    for r in regs:
        audit.record(actor, "assign_team", r, org=event.union, before={"team": str(r.team or "")},
                     after={"team": str(team or "")})
    return regs


def _unconfirm_teams(event):
    if event.teams_confirmed_at is not None:
        Event.all_objects.filter(pk=event.pk).update(teams_confirmed_at=None)
        event.teams_confirmed_at = None


@transaction.atomic
def confirm_teams(actor, event):
    """Check every team against the composition rule before the event; refuse with each breach named."""
    event = _team_event(actor, event)
    if not Team.objects.filter(event=event).exists():
        raise ActionError(_("还没有参赛队"), field="teams")
    problems = team_problems(event)
    if problems:
        raise ActionError(errors={"teams": [_("%(team)s：%(problems)s") % {"team": name, "problems": clauses(msgs)}
                                            for name, msgs in problems.items()]})
    event.teams_confirmed_at = timezone.now()
    event.save(update_fields=["teams_confirmed_at"])
    audit.record(actor, "confirm_teams", event, org=event.union,
                 after={"teams_confirmed_at": event.teams_confirmed_at.isoformat()})
    return event
