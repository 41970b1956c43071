"""Scope-walk extension for the women workers' work: a women's committee, maternity records (a pregnancy with
notes, a birth) and a nursing room in the school, the factory and the agency. Maternity details — due and birth
dates' notes — must not leak to anyone without WOMEN at the member's union, and nothing may change."""
import datetime

from gonghui.core.capabilities import VIEW, WOMEN
from gonghui.members import actions as member_actions
from gonghui.members.models import Member, Sex
from gonghui.women import actions
from gonghui.women.models import Committee, CommitteeMember, Maternity, NursingRoom, RoomUse

from ..fixtures.rosters import id_number

SEGMENT_KINDS = {"women-committees": "women_committee", "maternity": "women_maternity",
                 "nursing-rooms": "women_room"}

DAY = datetime.date(2026, 3, 8)


def _union_data(actor, union, woman, tag):
    actions.save_committee(actor, union, established_on=DAY, term_start=DAY, term_end=datetime.date(2031, 3, 7),
                           members=[{"member": woman, "is_chair": True}, {"name": f"{tag}女委员"}])
    actions.register_pregnancy(actor, woman, due_date=datetime.date(2027, 2, 1), notes=f"{tag}孕期情况（保密）")
    actions.record_miscarriage(actor, woman, day=datetime.date(2026, 2, 1), months=3, notes=f"{tag}流产情况（保密）")
    room = actions.save_room(actor, union, name=f"{tag}爱心妈咪小屋", location=f"{tag}一楼", opened_on=DAY,
                             facilities=["lock"])
    actions.record_use(actor, room, month="2026-10", visits=12)


def populate(world):
    t, u, m = world.tree, world.users, world.members
    _union_data(u.officer, t.school, m.zhang, "一中女工")
    fang = member_actions.create_member(u.outsider, org=t.fg1, data={
        "name": "李芳", "id_number": id_number(birth="19900606", seq=162), "join_date": "2015-01-01"})
    _union_data(u.outsider, t.factory, fang, "机械厂女工")
    woman = Member.objects.filter(union=world.agency, sex=Sex.FEMALE).order_by("pk").first()
    _union_data(world.agency_chair, world.agency, woman, "机关女工")


def _ids(manager, visible):
    hidden = manager.exclude(pk__in=visible.values("pk"))
    guessed = (manager.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    return (list(hidden.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed],
            list(visible.order_by("pk").values_list("pk", flat=True)[:1]))


def extend(user, scope):
    committees = Committee.all_objects.visible_to(user, VIEW)
    scope.strict["women_committee"], scope.lax["women_committee"] = _ids(Committee.all_objects, committees)
    records = Maternity.all_objects.visible_to(user, WOMEN)
    scope.strict["women_maternity"], scope.lax["women_maternity"] = _ids(Maternity.all_objects, records)
    rooms = NursingRoom.all_objects.visible_to(user, VIEW)
    scope.strict["women_room"], scope.lax["women_room"] = _ids(NursingRoom.all_objects, rooms)
    for record in Maternity.all_objects.exclude(pk__in=records.values("pk")):
        scope.secrets |= {record.notes}
    scope.secrets |= set(CommitteeMember.objects.exclude(committee__in=committees).filter(member__isnull=True)
                         .values_list("name", flat=True))
    scope.secrets.discard("")


def snapshot():
    return {
        "women_committees": list(Committee.all_objects.order_by("pk").values_list("pk", "term_end", "deleted_at")),
        "women_committee_members": list(CommitteeMember.objects.order_by("pk").values_list("pk", "name")),
        "women_maternity": list(Maternity.all_objects.order_by("pk").values_list(
            "pk", "stage", "leave_start", "leave_end", "deleted_at")),
        "women_rooms": list(NursingRoom.all_objects.order_by("pk").values_list("pk", "name", "deleted_at")),
        "women_room_uses": list(RoomUse.objects.order_by("pk").values_list("pk", "month", "visits")),
    }
