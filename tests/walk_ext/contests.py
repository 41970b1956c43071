"""Scope-walk extension for contests: an event with a competition item, scores, a confirmed award and a
published results notice in the school union (the member's own union) and in the agency union (out of
everyone's scope but its own officers'), so every contests URL is walked with ids it must refuse.

A published results notice is public within its union by design: the names it lists (members of the
member's own union) may be shown to that union's members, so they are taken out of the secrets for a
user who may read the notice. ID numbers, phones and member numbers stay secret.
"""
import datetime

from django.db.models import Max
from django.utils import timezone

from gonghui.core.capabilities import VIEW
from gonghui.activities.models import Event, EventStatus, RegStatus, Registration
from gonghui.contests import actions
from gonghui.contests.models import Award, ContestItem, PrizeRule, ResultNotice, Score, Standing
from gonghui.core import scope as core_scope
from gonghui.members.models import Member
from gonghui.members.queries import member_for
from gonghui.orgs.models import Organisation

NAME_KINDS = {"event_id": "event", "contest_id": "contest_item", "contest_score_id": "contest_score",
              "contest_award_id": "contest_award", "contest_result_id": "contest_result"}
DAY = datetime.date(2026, 1, 29)


def _union_contest(actor, union, members, title, item_name):
    start = timezone.make_aware(datetime.datetime.combine(DAY, datetime.time(9, 30)))
    event = Event.objects.create(union=union, organiser=union, title=title, starts_at=start,
                                 ends_at=start + datetime.timedelta(hours=2), place="大厅", status=EventStatus.CLOSED)
    for n, m in enumerate(members, start=1):
        Registration.objects.create(event=event, member=m, status=RegStatus.CONFIRMED, position=n)
    item = actions.create_item(actor, event, {"name": item_name, "measure": "count", "unit": "个"})
    actions.save_scores(actor, item, [{"row": n, "member": m.pk, "scores": {1: str(150 - n)}}
                                      for n, m in enumerate(members, start=1)])
    actions.set_prizes(actor, item, [{"level": "一等奖", "count": "1", "amount": "0", "goods": "荣誉证书"}])
    actions.confirm_awards(actor, item)
    actions.publish_results(actor, event, title=f"{title}成绩公告")
    return item


def populate(world):
    # Only 王强 competes in the school: the walk keeps his fellow members' names secret from him.
    school_members = [world.members.wang]
    _union_contest(world.users.chair, world.tree.school, school_members, "一中教职工趣味运动会", "一中跳绳项目")
    _union_contest(world.agency_chair, world.agency, list(Member.objects.filter(union=world.agency).order_by("pk")),
                   "机关趣味运动会丁", "机关踢毽项目戊")


def _ids(manager, visible, n=3):
    hidden = list(manager.exclude(pk__in=visible.values("pk")).order_by("pk").values_list("pk", flat=True)[:n])
    guess = (manager.aggregate(m=Max("pk"))["m"] or 0) + 1000
    return hidden + [guess], list(visible.order_by("pk").values_list("pk", flat=True)[:1])


def extend(user, scope):
    officer = core_scope.is_officer(user)
    own = member_for(user)
    notices = ResultNotice.all_objects.visible_to(user, VIEW) if officer else ResultNotice.all_objects.for_member(own)
    scope.strict["contest_item"], scope.lax["contest_item"] = _ids(
        ContestItem.all_objects, ContestItem.all_objects.visible_to(user, VIEW))
    scope.strict["contest_score"], scope.lax["contest_score"] = _ids(Score.objects.all(),
                                                                     Score.objects.visible_to(user, VIEW))
    scope.strict["contest_award"], scope.lax["contest_award"] = _ids(Award.objects.all(),
                                                                     Award.objects.visible_to(user, VIEW))
    scope.strict["contest_result"], scope.lax["contest_result"] = _ids(ResultNotice.all_objects, notices)
    if "event" not in scope.strict:  # the activities extension, when present, defines events first
        events = Event.all_objects.visible_to(user, VIEW) if officer else Event.all_objects.for_member(own)
        scope.strict["event"], scope.lax["event"] = _ids(Event.all_objects, events)
    # Strings of unions the user neither manages nor belongs to must never show.
    unions = set(Organisation.all_objects.visible_to(user).values_list("union_id", flat=True))
    if own is not None:
        unions.add(own.union_id)
    hidden_items = ContestItem.all_objects.exclude(union_id__in=unions)
    scope.secrets |= set(hidden_items.values_list("name", flat=True))
    scope.secrets |= set(Event.all_objects.filter(pk__in=hidden_items.values("event_id")).values_list("title",
                                                                                                      flat=True))
    scope.secrets |= set(ResultNotice.all_objects.exclude(union_id__in=unions).values_list("title", flat=True))
    # Published results are public within their union: the names they list may be read there.
    for rows in notices.filter(deleted_at__isnull=True).values_list("rows", flat=True):
        scope.secrets -= {row[2] for row in rows}


def snapshot():
    return {
        "contest_items": list(ContestItem.all_objects.order_by("pk").values_list(
            "pk", "name", "status", "rounds", "deleted_at", "updated_at")),
        "contest_scores": list(Score.objects.order_by("pk").values_list("pk", "value", "entered_at")),
        "contest_standings": list(Standing.objects.order_by("pk").values_list("pk", "rank", "total")),
        "contest_prizes": list(PrizeRule.objects.order_by("pk").values_list("pk", "level", "amount")),
        "contest_awards": list(Award.objects.order_by("pk").values_list("pk", "level", "amount", "expense_id")),
        "contest_results": list(ResultNotice.all_objects.order_by("pk").values_list("pk", "title", "deleted_at")),
    }
