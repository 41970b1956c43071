"""What the activities actions share: the field labels of their messages, reading a typed time, the
union an organiser belongs to and the event row lock every rule about an event is checked under."""
import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.errors import ActionError
from gonghui.orgs.models import Kind as OrgKind

from ..models import Event

# The fields' names in messages shown away from the form (``ActionError.as_text``).
LABELS = {
    "title": gettext_lazy("活动名称"), "kind": gettext_lazy("活动类型"), "organiser": gettext_lazy("主办组织"),
    "starts_at": gettext_lazy("开始时间"), "ends_at": gettext_lazy("结束时间"), "place": gettext_lazy("地点"),
    "capacity": gettext_lazy("名额"), "signup_opens": gettext_lazy("报名开始"),
    "signup_closes": gettext_lazy("报名截止"), "budget": gettext_lazy("预算"),
    "budget_account": gettext_lazy("预算科目"), "description": gettext_lazy("说明"),
    "team_min_size": gettext_lazy("每队最少人数"), "team_max_size": gettext_lazy("每队最多人数"),
    "team_min_women": gettext_lazy("每队至少女职工"), "member": gettext_lazy("会员"), "code": gettext_lazy("签到码"),
    "reason": gettext_lazy("原因"), "name": gettext_lazy("队名"), "org": gettext_lazy("所属部门"),
    "rules": gettext_lazy("参加条件"), "body": gettext_lazy("内容"), "image": gettext_lazy("照片"),
    "team": gettext_lazy("参赛队"), "registrations": gettext_lazy("报名"), "teams": gettext_lazy("参赛队"),
    "audience": gettext_lazy("发送对象"), "event": gettext_lazy("活动"),
    "item": gettext_lazy("开支项目"), "amount_per_person": gettext_lazy("每人金额"),
    "members": gettext_lazy("发放对象"), "date": gettext_lazy("日期"),
    "override_reason": gettext_lazy("突破规则的理由"), "status": gettext_lazy("状态"),
    "checkin_opens_before": gettext_lazy("提前开始签到（分钟）"),
    "checkin_closes_after": gettext_lazy("结束后仍可签到（分钟）"),
}

_DT = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:：](\d{2})(?::(\d{2}))?)?$")


def parse_datetime(value, field, *, required=True):
    """A local (Asia/Shanghai) time from a datetime, an ISO string or 2026-01-29 09:30 / 2026年1月29日 9:30.
    (``core.parsing`` reads dates; a time of day is particular to events.)"""
    if value in (None, ""):
        if required:
            raise ActionError(_("不能为空"), field=field)
        return None
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, datetime.date):
        return timezone.make_aware(datetime.datetime.combine(value, datetime.time()))
    text = str(value).strip()
    m = _DT.match(text)
    if m:
        try:
            dt = datetime.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4] or 0), int(m[5] or 0), int(m[6] or 0))
        except ValueError:
            raise ActionError(_("“%(text)s”不是存在的时间") % {"text": text}, field=field) from None
        return timezone.make_aware(dt)
    try:
        dt = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise ActionError(_("“%(text)s”不是有效时间，请写成2026-01-29 09:30") % {"text": text}, field=field) from None
    return dt if timezone.is_aware(dt) else timezone.make_aware(dt)


def union_of(org):
    """The grassroots union an organiser belongs to (itself, or the union of a branch or group)."""
    if org.kind == OrgKind.GRASSROOTS:
        return org
    if org.union_id:
        return org.union
    return None


def lock_event(event):
    """The event row, re-read and locked until commit (deleted ones too): every rule about the event —
    its status, places, teams, check-ins, budget — is checked under this lock, so two changes at once
    take turns. ``no_key``: rows that only refer to the event (a sign-up, a check-in) are not held up."""
    return (Event.all_objects.select_for_update(no_key=True, of=("self",)).select_related("organiser", "union")
            .get(pk=event.pk))
