"""How a reference to a payroll-deduction batch reads (``dues:<union>:<id>``): the batch, linked to its roll."""
from django.urls import reverse

from gonghui.core import references

from .models import DuesBatch


def _batches(ids):
    return {b.pk: (str(b), reverse("dues:roll", args=[b.roll_id]))
            for b in DuesBatch.objects.filter(pk__in=ids).select_related("union")}


references.register("dues", _batches)
