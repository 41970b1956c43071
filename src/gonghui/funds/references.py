"""How a reference to an allocation's money reads (``funds:<allocation id>:<kind>[:<n>]``): the allocation, linked."""
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import references

from .models import Allocation


def _allocations(ids):
    return {a.pk: (_("%(union)s %(start)s至%(end)s工会经费") % {
        "union": a.union.name, "start": a.period_start.isoformat(), "end": a.period_end.isoformat()},
        reverse("funds:allocation", args=[a.pk])) for a in Allocation.objects.filter(pk__in=ids).select_related("union")}


references.register("funds", _allocations)
