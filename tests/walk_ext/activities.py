"""Scope-walk extension for activities: events of three unions (published and draft), sign-ups, a
check-in, a team, a notice and a photo. Officers see their unions' events (RUN_EVENTS); a plain member
sees the published events of their own union and their own registrations — never a draft, never
another union's event."""
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max, Q

from gonghui.core.capabilities import RUN_EVENTS
from gonghui.activities import actions
from gonghui.activities.models import (Attendance, EligibilityRule, Event, EventCost, Message, Notice, Photo,
                                       Registration, Team)
from gonghui.members.models import Member
from gonghui.members.queries import member_for

from ..activities_fixtures import check_in_during

SEGMENT_KINDS = {"events": "event", "registrations": "registration"}
NAME_KINDS = {"event_id": "event", "registration_id": "registration", "photo_id": "photo", "cost_id": "event_cost"}


def _data(title, day):
    return {"title": title, "kind": "sport_culture", "starts_at": f"{day} 09:00", "ends_at": f"{day} 11:00",
            "place": f"{title}地点", "capacity": "20", "description": f"{title}说明"}


def _jpeg(name):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 20, 30)).save(buf, "JPEG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def _run(officer, union, title, member, day="2027-03-15"):
    event = actions.create_event(officer, organiser=union, data=_data(title, day))
    actions.publish_event(officer, event)
    if member is not None:
        actions.sign_up(officer, event, member)
        check_in_during(officer, event, member=member)
        actions.create_team(officer, event, name=f"{title}一队")
        actions.notify_participants(officer, event, title=f"{title}通知", body=f"{title}通知正文")
        actions.record_event_cost(officer, event, kind="other", item=f"{title}场地费", amount_per_person="30")
    actions.add_photo(officer, event, image=_jpeg("p.jpg"), caption=f"{title}照片")
    actions.save_summary(officer, event, summary=f"{title}简报正文")
    return event


def populate(world):
    tree, users = world.tree, world.users
    _run(users.officer, tree.school, "一中趣味运动会甲", world.members.wang)
    draft = actions.create_event(users.officer, organiser=tree.b1, data=_data("一中草稿活动乙", "2027-04-01"))
    actions.set_rules(users.officer, draft, [{"kind": "sex", "sex": "F"}])
    _run(users.outsider, tree.factory, "机械厂技能比武丙", world.members.liu)
    agency_member = Member.objects.filter(union=world.agency).order_by("pk").first()
    _run(world.agency_chair, world.agency, "机关知识竞赛丁", agency_member)


def _visible_events(user):
    officer = Event.all_objects.visible_to(user, RUN_EVENTS)
    member = member_for(user)
    own = Event.objects.for_member(member) if member else Event.objects.none()
    return Event.all_objects.filter(Q(pk__in=officer.values("pk")) | Q(pk__in=own.values("pk")))


def _split(scope, kind, visible, everything, *, lax_n=2):
    hidden = everything.exclude(pk__in=visible.values("pk"))
    guessed = (everything.aggregate(m=Max("pk"))["m"] or 0) + 1000
    scope.strict[kind] = list(hidden.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed]
    scope.lax[kind] = list(visible.order_by("pk").values_list("pk", flat=True)[:lax_n])
    return hidden


def extend(user, scope):
    visible = _visible_events(user)
    hidden = _split(scope, "event", visible, Event.all_objects.all())
    scope.secrets |= set(hidden.values_list("title", flat=True))
    scope.secrets |= {f"{t}简报正文" for t in hidden.values_list("title", flat=True)}

    member = member_for(user)
    regs = Registration.objects.visible_to(user, RUN_EVENTS)
    if member:
        regs = Registration.objects.filter(Q(pk__in=regs.values("pk")) | Q(member=member))
    _split(scope, "registration", regs, Registration.objects.all())

    costs = EventCost.objects.visible_to(user, RUN_EVENTS)
    hidden_costs = _split(scope, "event_cost", costs, EventCost.objects.all())
    scope.secrets |= set(hidden_costs.values_list("item", flat=True))

    photos = Photo.all_objects.filter(event__in=visible.values("pk"))
    hidden_photos = _split(scope, "photo", photos, Photo.all_objects.all())
    scope.secrets |= set(hidden_photos.values_list("caption", flat=True))


def snapshot():
    return {
        "activities_events": list(Event.all_objects.order_by("pk").values_list(
            "pk", "title", "status", "capacity", "deleted_at", "updated_at", "summary", "teams_confirmed_at")),
        "activities_rules": list(EligibilityRule.objects.order_by("pk").values_list("pk", "event_id", "kind", "sex")),
        "activities_registrations": list(Registration.objects.order_by("pk").values_list(
            "pk", "status", "position", "team_id", "cancelled_at")),
        "activities_attendances": list(Attendance.objects.order_by("pk").values_list("pk", "member_id", "event_id")),
        "activities_teams": list(Team.all_objects.order_by("pk").values_list("pk", "name", "deleted_at")),
        "activities_notices": list(Notice.objects.order_by("pk").values_list("pk", "title")),
        "activities_messages": list(Message.objects.order_by("pk").values_list("pk", "member_id")),
        "activities_photos": list(Photo.all_objects.order_by("pk").values_list("pk", "deleted_at")),
        "activities_costs": list(EventCost.objects.order_by("pk").values_list("pk", "expense_id", "total")),
    }
