"""How a reference to a voucher reads (``reversal:<id>``): the voucher's number, linked."""
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import references

from .models import Voucher


def _vouchers(ids):
    return {v.pk: (_("冲销凭证 %(label)s") % {"label": v.label}, reverse("ledger:voucher", args=[v.pk]))
            for v in Voucher.all_objects.filter(pk__in=ids)}


references.register("reversal", _vouchers)
