"""How a reference to an enrolment batch reads (``mutualaid:<id>``): the plan and the batch, linked to the plan."""
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import references

from .models import EnrolmentBatch


def _batches(ids):
    return {b.pk: (_("%(plan)s %(kind)s（%(date)s，%(n)s人）") % {
        "plan": b.plan, "kind": b.get_kind_display(), "date": b.date.isoformat(), "n": b.head_count},
        reverse("mutualaid:plan", args=[b.plan_id]) + f"?org={b.union.code}")
        for b in EnrolmentBatch.objects.filter(pk__in=ids).select_related("plan", "union")}


references.register("mutualaid", _batches)
