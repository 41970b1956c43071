"""The existing reminders, routed through the outbox: plan tasks due this month and overdue
(``plans.progress.open_tasks``), care's re-verifications and birthdays coming up (``care.reminders.upcoming``:
counts only — who is in hardship never goes to a group chat), and notices whose posting ends within three
days. Each union gets one reminder per kind (``actions.queue_reminder``: its robots, and e-mail to its
officers holding the capability). Used by ``gonghui notify reminders``, ``gonghui plan-reminders --send`` and
the nightly ``gonghui notices_expire``."""
import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.capabilities import CARE, MANAGE_PLANS, PUBLISH_NOTICES
from gonghui.orgs.models import Organisation

from . import actions
from .models import Preference, UnionChannel

NOTICE_DAYS = 3


def reachable_unions():
    """Unions someone can be told about: a robot is set, or an officer there turned e-mail on (two queries)."""
    ids = set(UnionChannel.objects.values_list("union_id", flat=True))
    ids |= set(Preference.objects.filter(email_on=True).values_list("user__roles__org__union_id", flat=True))
    ids.discard(None)
    return Organisation.objects.filter(pk__in=ids)


def plans(plan_rows, today):
    """Queue plan-task reminders for the unions of ``plan_rows``; returns the number of messages."""
    from gonghui.plans.progress import open_tasks

    this_month, overdue = open_tasks(plan_rows, today=today)
    per_union = {}
    for heading, tasks in ((_("本月到期"), this_month), (_("已逾期"), overdue)):
        for task in tasks:
            per_union.setdefault(task.plan.union, []).append(
                (f"{heading}：{task.title}（{task.month}月）", reverse("plans:plan", args=[task.plan_id])))
    queued = 0
    reachable = set(reachable_unions().values_list("pk", flat=True))
    for union, lines in per_union.items():
        if union.pk in reachable:
            subject = _("%(union)s工作计划提醒：%(n)s项任务") % {"union": union.name, "n": len(lines)}
            queued += len(actions.queue_reminder(union, source="plans.reminders", subject=subject, lines=lines,
                                                 capability=MANAGE_PLANS))
    return queued


def care(today):
    """Queue care reminders (counts only) for every reachable union; returns the number of messages."""
    from gonghui.care.reminders import upcoming

    queued = 0
    for union in reachable_unions().order_by("path"):
        coming = upcoming(union, today)
        overdue = sum(1 for f in coming.reverifications if f.overdue)
        if not coming.birthdays and not coming.reverifications:
            continue
        lines = [(_("近30天过生日的会员：%(n)s人") % {"n": len(coming.birthdays)}, reverse("care:home")),
                 (_("60天内到期的困难档案复核：%(n)s份（已逾期%(late)s份）")
                  % {"n": len(coming.reverifications), "late": overdue}, reverse("care:files"))]
        subject = _("%(union)s关怀提醒") % {"union": union.name}
        queued += len(actions.queue_reminder(union, source="care.reminders", subject=subject, lines=lines,
                                             capability=CARE))
    return queued


def notices(today):
    """Queue a reminder per union whose published notices end within ``NOTICE_DAYS``; returns messages."""
    from gonghui.notices.models import Notice

    end = today + datetime.timedelta(days=NOTICE_DAYS)
    reachable = reachable_unions()
    rows = (Notice.objects.filter(status=Notice.Status.PUBLISHED, period_end__gte=today, period_end__lte=end,
                                  union__in=reachable).select_related("union").order_by("union_id", "period_end"))
    per_union = {}
    for notice in rows:
        per_union.setdefault(notice.union, []).append(
            (_("%(title)s（%(day)s公开期满）") % {"title": notice.title, "day": notice.period_end.isoformat()},
             reverse("notices:notice", args=[notice.pk])))
    queued = 0
    for union, lines in per_union.items():
        subject = _("%(union)s公开事项即将到期：%(n)s条") % {"union": union.name, "n": len(lines)}
        queued += len(actions.queue_reminder(union, source="notices.expiring", subject=subject, lines=lines,
                                             capability=PUBLISH_NOTICES))
    return queued


def all_reminders(today=None):
    from gonghui.plans.models import Plan, PlanStatus

    today = today or timezone.localdate()
    adopted = Plan.objects.filter(status=PlanStatus.ADOPTED, year__in=[today.year, today.year - 1])
    return {"plans": plans(adopted, today), "care": care(today), "notices": notices(today)}
