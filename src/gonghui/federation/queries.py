"""The registry rows a page, the API and the export read: in the user's scope, in an area, by status."""
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.capabilities import FEDERATION

from . import rates
from .models import Employer

STATUSES = {
    "with": _("已建会"),
    "without": _("未建会"),
    "should": _("应建会"),
    "uncovered": _("应建未建"),
    "joint": _("加入联合/行业工会"),
    "missing": _("缺少职工人数"),
}


def status_q(status, limit):
    return {
        "with": Q(union__isnull=False),
        "without": Q(union__isnull=True),
        "should": rates.should_q(limit),
        "uncovered": rates.without_union_q(limit),
        "joint": Q(union__union_type__in=rates.JOINT_TYPES),
        "missing": rates.missing_q(),
    }.get(status, Q())


def employers(user, org, *, status="", q="", industry=""):
    """Employers in ``org``'s area that ``user`` may see, filtered; name order."""
    qs = Employer.objects.visible_to(user, FEDERATION).filter(rates.in_area(org)).select_related("area", "union")
    if status:
        limit, _setting = rates.threshold(org)
        qs = qs.filter(status_q(status, limit))
    if industry:
        qs = qs.filter(industry=industry)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(uscc=q.upper()))
    return qs
