"""Finding the members an expense is for, the unions a user works at, and what a member received.

Every path starts from ``visible_to`` so an out-of-scope member or organisation is never found.
"""
import datetime
import re

from django.db.models import Sum
from django.utils.translation import gettext as _

from gonghui.core.capabilities import VIEW_FINANCE
from gonghui.core.errors import ActionError
from gonghui.core.i18n import words
from gonghui.members import pickers as member_pickers
from gonghui.members.models import Member, Status
from gonghui.orgs import pickers as org_pickers
from gonghui.orgs.models import Organisation

from .catalogue import money
from .models import Benefit

RECEIVING = [Status.ACTIVE, Status.RETAINED]
MAX_NUMBERS = 5000


def member_numbers(text):
    return [n for n in re.split(r"[\s,，、;；]+", text or "") if n]


def select_members(user, union, *, group="", member_nos="", member_ids=()):
    """The members of ``union`` chosen by group (name, pinyin or code), a list of members (numbers, names,
    pinyin) or ids, as one queryset.

    A group or member outside the user's finance scope or outside the union is named as not found.
    """
    base = Member.objects.visible_to(user, VIEW_FINANCE).filter(union=union)
    chosen = Member.objects.none()
    if (group or "").strip():  # a name, pinyin or code of an organisation of the union
        org = org_pickers.resolve(user, group, pk=getattr(group, "pk", None), field="group",
                                  queryset=Organisation.objects.visible_to(user, VIEW_FINANCE).filter(union=union))
        chosen = chosen | base.filter(org__in=Organisation.objects.subtree(org).values("id"), status__in=RECEIVING)
    listed = member_pickers.split_list(member_nos)
    if len(listed) > MAX_NUMBERS:
        raise ActionError(_("一次最多%(n)s个会员") % {"n": MAX_NUMBERS}, field="member_nos")
    if listed:  # numbers, names or pinyin, each naming one member of the union
        found = member_pickers.resolve_many(user, listed, field="member_nos", cap=VIEW_FINANCE, union=union)
        chosen = chosen | base.filter(pk__in=[m.pk for m in found])
    if member_ids:
        try:
            ids = {int(i) for i in member_ids}
        except (TypeError, ValueError):
            raise ActionError(_("会员编号应为数字"), field="members") from None
        if base.filter(pk__in=ids).count() != len(ids):
            raise ActionError(_("有的发放对象不是本工会的会员"), field="members")
        chosen = chosen | base.filter(pk__in=ids)
    if not ((group or "").strip() or listed or member_ids):
        raise ActionError(_("请选择发放范围或填写会员编号"), field="members")
    return chosen.distinct()


def year_benefits(member, year):
    """A member's benefit rows of ``year`` and their total by kind (two queries)."""
    rows = (Benefit.objects.filter(member=member, date__gte=datetime.date(year, 1, 1),
                                   date__lte=datetime.date(year, 12, 31))
            .select_related("expense").order_by("date", "id"))
    totals = dict(rows.order_by().values_list("kind").annotate(total=Sum("amount")))
    return list(rows), totals


def budget_warning(union, year, category, extra):
    """A warning when this expense (``extra`` yuan) would take ``category`` to 80% / 100% of the approved
    budget, from ``gonghui.funds.execution.budget_status`` when the funds app provides it; else None."""
    try:
        from gonghui.funds.execution import budget_status
    except ImportError:
        return None
    status = budget_status(union, year, category, extra=extra)
    if status.level not in ("amber", "red"):
        return None
    return (_("预算提示：科目%(category)s本年预算%(budget)s元，加上本次共支出%(spent)s元（%(percent)s%%），%(level)s")
            % {"category": category, "budget": money(status.budget), "spent": money(status.spent),
               "percent": status.percent, "level": status.label})
