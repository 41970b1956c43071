"""Inbox items of the federation officer: employers at or above the unionisation threshold that have no union
yet (建会 work), and set-up reserves (建会筹备金) still held for employers whose union has been founded (to be
returned by the federation's finance officer)."""
from django.db.models import OuterRef, Exists
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import inbox, scope
from gonghui.core.capabilities import FEDERATION
from gonghui.core.scope import org_condition
from gonghui.orgs.models import Organisation

from . import rates
from .models import DEFAULT_THRESHOLD, Employer


def _limit(user):
    roots = scope.prefixes(user, FEDERATION) or []
    top = Organisation.objects.filter(path__in=roots).order_by("path").first()
    return rates.threshold(top)[0] if top else DEFAULT_THRESHOLD


def without_union(user, today):
    return (Employer.objects.visible_to(user, FEDERATION).filter(rates.without_union_q(_limit(user)))
            .select_related("area").order_by("-employees", "id"))


def reserves_to_return(user, today):
    from gonghui.funds.models import ReserveStatus, SetupReserve

    founded = Employer.objects.filter(uscc=OuterRef("employer_uscc"), union__isnull=False)
    return (SetupReserve.objects.filter(org_condition(user, FEDERATION, "federation"), status=ReserveStatus.HELD)
            .exclude(employer_uscc="").filter(Exists(founded)).select_related("federation")
            .order_by("received_on", "id"))


inbox.register(inbox.Source(
    key="federation.without_union", label=gettext_lazy("应建会未建会的单位"), capability=FEDERATION,
    rows=without_union,
    item=lambda e: inbox.Item(title=e.name, url=reverse("federation:employer", args=[e.pk]), pk=e.pk,
                              org=e.area.name, detail=_("职工%(n)d人") % {"n": e.employees}),
    list_url="federation:employers", order=70))
inbox.register(inbox.Source(
    key="federation.reserves", label=gettext_lazy("已建会待返还的建会筹备金"), capability=FEDERATION,
    rows=reserves_to_return,
    item=lambda r: inbox.Item(title=r.employer_name, url=reverse("funds:reserves"), pk=r.pk, org=r.federation.name,
                              detail=_("%(amount)s元") % {"amount": r.amount}),
    list_url="funds:reserves", order=71))

from . import crossinbox  # noqa: E402,F401 — cross-union sources (overdue transfers, push-downs)
