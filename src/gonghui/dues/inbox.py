"""Dues for the finance officer: last month's roll not yet run in a union, draft rolls to finalise, and rolls
waiting for the employer's payroll-deduction batch (代扣名单) in a union that collects through payroll."""
import datetime

from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from gonghui.core import inbox, scope
from gonghui.core.capabilities import KEEP_BOOKS
from gonghui.orgs.models import Kind, Organisation

from .models import DuesBatch, DuesRoll, RollStatus


def last_month(today):
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def months_to_run(user, today):
    """Grassroots unions in the user's books scope with no roll covering last month (a quarterly roll
    started up to two months before covers it too)."""
    month = last_month(today)
    earliest = (month - datetime.timedelta(days=40)).replace(day=1)
    covered = DuesRoll.objects.filter(Q(month=month) | Q(months=3, month__gte=earliest, month__lt=month))
    return (Organisation.objects.filter(kind=Kind.GRASSROOTS).filter(scope.org_condition(user, KEEP_BOOKS, ""))
            .exclude(pk__in=covered.values("union_id")).order_by("path"))


def union_item(org):
    return inbox.Item(title=_("%(org)s 上月会费表未生成") % {"org": org.name},
                      url=reverse("dues:run") + f"?org={org.code}", pk=org.pk, org=org.name)


def drafts(user, today):
    return (DuesRoll.objects.visible_to(user, KEEP_BOOKS).filter(status=RollStatus.DRAFT)
            .select_related("union").order_by("month", "id"))


def roll_item(roll):
    return inbox.Item(title=_("%(month)s会费表（草稿）") % {"month": roll.month.strftime("%Y-%m")},
                      url=reverse("dues:roll", args=[roll.pk]), pk=roll.pk, org=roll.union.name,
                      detail=_("应缴%(due)s元，已缴%(paid)s元") % {"due": roll.total_due, "paid": roll.total_paid})


inbox.register(inbox.Source(
    key="dues.months_to_run", label=gettext_lazy("待生成的会费表"), capability=KEEP_BOOKS, rows=months_to_run,
    item=union_item, list_url="dues:home", order=21))

inbox.register(inbox.Source(
    key="dues.rolls_to_finalise", label=gettext_lazy("待定稿的会费表"), capability=KEEP_BOOKS, rows=drafts,
    item=roll_item, list_url="dues:home", order=22))


def batches_to_import(user, today):
    """Rolls of the last three months with dues still unpaid and no payroll batch imported, in unions that
    collect through payroll (a batch was imported for an earlier roll)."""
    since = last_month(last_month(last_month(today)))
    batches = DuesBatch.objects.filter(union=OuterRef("union"))
    return (DuesRoll.objects.visible_to(user, KEEP_BOOKS).filter(month__gte=since, total_paid__lt=F("total_due"))
            .filter(Exists(batches.filter(month__lt=OuterRef("month"))))
            .exclude(Exists(DuesBatch.objects.filter(roll=OuterRef("pk"))))
            .select_related("union").order_by("month", "id"))


def batch_item(roll):
    return inbox.Item(title=_("%(period)s代扣名单待导入") % {"period": roll.period_label},
                      url=reverse("dues:import") + f"?org={roll.union.code}", pk=roll.pk, org=roll.union.name,
                      detail=_("未缴%(unpaid)s元") % {"unpaid": roll.unpaid})


inbox.register(inbox.Source(
    key="dues.batches_to_import", label=gettext_lazy("待导入的工资代扣名单"), capability=KEEP_BOOKS,
    rows=batches_to_import, item=batch_item, list_url="dues:home", order=23))
