"""Scope-walk extension for 厂务/校务公开: notices (published, draft, addressed to one branch), objections,
calendar requirements and events of the school and the agency union, each with a marked text."""
import datetime

from django.db.models import Max
from django.utils import timezone

from gonghui.core.capabilities import VIEW
from gonghui.accounts.models import User
from gonghui.members.models import Member
from gonghui.notices import actions
from gonghui.notices.models import Category, DisclosureEvent, DisclosureRequirement, Notice, Objection, Read

SEGMENT_KINDS = {"notices": "notice", "notice-objections": "notice_objection",
                 "disclosure-requirements": "disclosure_requirement", "disclosure-events": "disclosure_event"}


def _notices(union, publisher, reader, *, branch=None):
    today = timezone.localdate()
    finance = Category.objects.get(owner=None, code="finance")
    end = today + datetime.timedelta(days=20)
    public = actions.create_notice(publisher, union, category=finance, title=f"{union.code}公开标题甲",
                                   body=f"{union.code}公开正文甲", period_start=today, period_end=end)
    actions.publish_notice(publisher, public)
    actions.create_notice(publisher, union, category=finance, title=f"{union.code}草稿标题乙",
                          body=f"{union.code}草稿正文乙", period_start=today, period_end=end)
    if branch is not None:
        only = actions.create_notice(publisher, union, category=finance, title=f"{union.code}分会专项丙",
                                     body=f"{union.code}分会正文丙", period_start=today, period_end=end,
                                     whole_union=False, branches=[branch])
        actions.publish_notice(publisher, only)
    if reader is not None:
        actions.mark_read(reader, public)
        actions.file_objection(reader, public, text=f"{union.code}异议内容丁")
    actions.create_requirement(publisher, union, category=finance, what=f"{union.code}自定公开要求戊",
                               frequency="quarterly")
    actions.create_event(publisher, union, kind="congress", title=f"{union.code}教代会己",
                         date=today + datetime.timedelta(days=30))


def populate(world):
    users = world.users
    _notices(world.tree.school, users.officer, world.member_user, branch=world.tree.b2)
    reader = User.objects.create_user("notices-agency-reader", password="Reader#2026x", name="agency reader")
    member = Member.objects.filter(union=world.agency).order_by("pk").first()
    member.user = reader
    member.save(update_fields=["user"])
    _notices(world.agency, world.agency_chair, reader)


def _split(model, visible, kind, scope, *, manager=None):
    manager = manager or model.all_objects
    hidden = manager.exclude(pk__in=visible.values("pk"))
    guessed = (manager.aggregate(m=Max("pk"))["m"] or 0) + 1000
    scope.strict[kind] = list(hidden.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed]
    scope.lax[kind] = list(visible.order_by("pk").values_list("pk", flat=True)[:2])
    return hidden


def extend(user, scope):
    hidden = _split(Notice, Notice.objects.readable_by(user), "notice", scope)
    for title, body in hidden.values_list("title", "body"):
        scope.secrets |= {title, body}
    hidden = _split(Objection, Objection.objects.readable_by(user), "notice_objection", scope)
    scope.secrets |= set(hidden.values_list("text", flat=True))
    hidden = _split(DisclosureRequirement, DisclosureRequirement.objects.visible_to(user, VIEW),
                    "disclosure_requirement", scope)
    scope.secrets |= set(hidden.values_list("what", flat=True))
    from gonghui.core.capabilities import PUBLISH_NOTICES

    hidden = _split(DisclosureEvent, DisclosureEvent.objects.visible_to(user, PUBLISH_NOTICES), "disclosure_event",
                    scope)
    scope.secrets |= set(hidden.values_list("title", flat=True))


def snapshot():
    return {
        "notices": list(Notice.all_objects.order_by("pk").values_list(
            "pk", "status", "title", "body", "period_start", "period_end", "disclosed_on", "deleted_at",
            "updated_at", "withdraw_reason")),
        "notice_reads": list(Read.objects.order_by("pk").values_list("pk", "notice_id", "member_id")),
        "notice_objections": list(Objection.all_objects.order_by("pk").values_list(
            "pk", "text", "answer", "answered_on", "deleted_at")),
        "notice_requirements": list(DisclosureRequirement.all_objects.order_by("pk").values_list(
            "pk", "what", "frequency", "deleted_at")),
        "notice_events": list(DisclosureEvent.all_objects.order_by("pk").values_list("pk", "title", "date",
                                                                                      "deleted_at")),
    }
