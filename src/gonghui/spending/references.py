"""How a reference to an expense reads (``expense:<id>``): its date and description, linked."""
from django.urls import reverse

from gonghui.core import references

from .models import Expense


def _expenses(ids):
    return {e.pk: (str(e), reverse("spending:expense", args=[e.pk])) for e in Expense.all_objects.filter(pk__in=ids)}


references.register("expense", _expenses)
