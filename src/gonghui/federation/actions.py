"""Every change to the federation's registry and settings goes through these functions (pages, API, the
import job and the demo alike): each checks scope, validates, writes and records the audit entry in one
transaction.

- ``create_employer`` / ``update_employer`` / ``delete_employer`` / ``restore_employer``: the registry.
- ``link_union``: the employer is covered by an existing grassroots, joint or industry union.
- ``found_union``: a union is founded at a registry entry — the grassroots organisation is created through
  ``orgs.actions.create_org``, linked, and the employer's set-up reserves (``funds.SetupReserve``, matched by
  credit code) become refundable; with ``refund`` and the finance capability they are returned at once
  (``funds.actions.return_reserve``), in the same transaction.
- ``import_employers``: a checked file's rows, all or nothing (``federation.importing`` checks them).
- ``save_setting``: the employee threshold of a federation, with its source and effective date.
"""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit, scope
from gonghui.core.capabilities import FEDERATION, KEEP_BOOKS
from gonghui.core.errors import ActionError, unique_or
from gonghui.core.parsing import collect, date_value, integer, text
from gonghui.core.softdelete import restore, soft_delete
from gonghui.orgs.models import FEDERATION_KINDS, Kind, UnionType
from gonghui.orgs.validators import validate_uscc

from .models import Employer, Industry, Setting, Size

FIELDS = ["area", "uscc", "name", "industry", "size", "address", "employees", "migrant", "dispatched",
          "counted_on", "union", "note"]
EDITABLE = ["uscc", "name", "industry", "size", "address", "employees", "migrant", "dispatched", "counted_on",
            "note"]
LABELS = {
    "area": gettext_lazy("所属总工会"), "uscc": gettext_lazy("统一社会信用代码"), "name": gettext_lazy("单位名称"),
    "industry": gettext_lazy("行业"), "size": gettext_lazy("规模"), "address": gettext_lazy("地址"),
    "employees": gettext_lazy("职工总数"), "migrant": gettext_lazy("农民工"),
    "dispatched": gettext_lazy("劳务派遣"), "counted_on": gettext_lazy("人数统计日期"),
    "union": gettext_lazy("所在工会"), "note": gettext_lazy("备注"), "code": gettext_lazy("组织代码"),
    "min_employees": gettext_lazy("应建会职工人数下限"), "effective_from": gettext_lazy("生效日期"),
    "source": gettext_lazy("依据文件"),
}
COVERING_KINDS = (Kind.GRASSROOTS,)


def _choice(value, choices, field):
    """A choice by its code ("C") or its Chinese label ("制造业")."""
    value = text(value)
    if not value:
        return ""
    for code, label in choices:
        if value in (code, label, _(label)):
            return code
    raise ActionError(_("“%(value)s”不是可选的值") % {"value": value}, field=field)


def clean(data, *, partial=False):
    """(values, errors) of the editable fields in ``data``; every message names its field."""
    values, errors = {}, {}

    def has(name):
        return not partial or name in data

    if has("uscc"):
        code = text(data.get("uscc")).upper()
        if not code:
            errors["uscc"] = [_("不能为空")]
        else:
            try:
                values["uscc"] = validate_uscc(code)
            except Exception as exc:  # ValidationError with the Chinese reason
                errors["uscc"] = [exc.messages[0]]
    if has("name"):
        values["name"] = collect(errors, text, data.get("name"), "name", required=True, max_length=100)
    for name, choices in (("industry", Industry.choices), ("size", Size.choices)):
        if has(name):
            try:
                values[name] = _choice(data.get(name), choices, name)
            except ActionError as exc:
                errors.update(exc.message_dict)
    for name in ("address", "note"):
        if has(name):
            values[name] = collect(errors, text, data.get(name), name, max_length=200)
    for name in ("employees", "migrant", "dispatched"):
        if has(name):
            values[name] = collect(errors, integer, data.get(name), name, required=False, minimum=0)
    if has("counted_on"):
        values["counted_on"] = collect(errors, date_value, data.get("counted_on"), "counted_on", required=False,
                                       not_future=True)
    errors = {k: v if isinstance(v, list) else [v] for k, v in errors.items()}
    return values, errors


def check_counts(values, errors):
    """农民工 and 劳务派遣 each within the total, and together no more than the total; a count needs its date."""
    total, migrant, dispatched = values.get("employees"), values.get("migrant"), values.get("dispatched")
    if total is not None:
        for name, part in (("migrant", migrant), ("dispatched", dispatched)):
            if part is not None and part > total and name not in errors:
                errors[name] = [_("不能大于职工总数（%(n)d）") % {"n": total}]
        if migrant is not None and dispatched is not None and migrant + dispatched > total \
                and "migrant" not in errors and "dispatched" not in errors:
            errors["dispatched"] = [_("农民工与劳务派遣合计（%(sum)d）大于职工总数（%(n)d）")
                                    % {"sum": migrant + dispatched, "n": total}]
    elif migrant is not None or dispatched is not None:
        errors["employees"] = [_("填写了农民工或劳务派遣人数时须填写职工总数")]
    if any(v is not None for v in (total, migrant, dispatched)) and not values.get("counted_on") \
            and "counted_on" not in errors:
        errors["counted_on"] = [_("填写人数时须填写统计日期")]
    return errors


def _require_area(actor, area):
    if area is None or area.deleted_at is not None or area.kind not in FEDERATION_KINDS:
        raise ActionError(_("请选择单位所在区域的总工会"), field="area")
    scope.require(actor, FEDERATION, area)


def _duplicate(uscc, exclude=None):
    other = Employer.objects.filter(uscc=uscc).exclude(pk=exclude).select_related("area").first()
    if other:
        return _("统一社会信用代码已登记（%(name)s，%(area)s）") % {"name": other.name, "area": other.area.name}
    return None


@transaction.atomic
def create_employer(actor, *, area, data):
    _require_area(actor, area)
    values, errors = clean(data)
    check_counts(values, errors)
    if "uscc" in values and "uscc" not in errors:
        message = _duplicate(values["uscc"])
        if message:
            errors["uscc"] = [message]
    if errors:
        raise ActionError(errors=errors)
    employer = Employer(area=area, created_by=actor if getattr(actor, "pk", None) else None, **values)
    with unique_or(_("统一社会信用代码已登记"), field="uscc"):
        employer.save()
    audit.record(actor, "federation_employer_create", employer, org=area, after=audit.snapshot(employer, FIELDS))
    return employer


def _locked(employer):
    return Employer.all_objects.select_for_update(of=("self",)).select_related("area", "union").get(pk=employer.pk)


@transaction.atomic
def update_employer(actor, employer, data):
    employer = _locked(employer)
    scope.require(actor, FEDERATION, employer.area)
    if employer.deleted_at:
        raise ActionError(_("该单位已删除，请先恢复"))
    data = {k: v for k, v in data.items() if k in EDITABLE}
    values, errors = clean(data, partial=True)
    merged = {name: getattr(employer, name) for name in ("employees", "migrant", "dispatched", "counted_on")}
    merged.update({k: v for k, v in values.items() if k in merged})
    check_counts(merged, errors)
    if values.get("uscc") and values["uscc"] != employer.uscc and "uscc" not in errors:
        message = _duplicate(values["uscc"], exclude=employer.pk)
        if message:
            errors["uscc"] = [message]
    if errors:
        raise ActionError(errors=errors)
    before = audit.snapshot(employer, FIELDS)
    for key, value in values.items():
        setattr(employer, key, value)
    employer.updated_at = timezone.now()
    with unique_or(_("统一社会信用代码已登记"), field="uscc"):
        employer.save()
    after = audit.snapshot(employer, FIELDS)
    if before != after:
        audit.record(actor, "federation_employer_update", employer, org=employer.area, before=before, after=after)
    return employer


def _may_manage(actor):
    return lambda employer: scope.require(actor, FEDERATION, employer.area)


@transaction.atomic
def delete_employer(actor, employer, *, note=""):
    return soft_delete(employer, actor=actor, org=lambda e: e.area, allow=_may_manage(actor), note=note,
                       already=_("该单位已删除"), manager=Employer.all_objects.select_related("area"), of=None,
                       touch=True)


@transaction.atomic
def restore_employer(actor, employer, *, note=""):
    def check(employer):
        message = _duplicate(employer.uscc, exclude=employer.pk)
        if message:
            raise ActionError(message, field="uscc")

    return restore(employer, actor=actor, org=lambda e: e.area, allow=_may_manage(actor), check=check, note=note,
                   not_deleted=_("该单位未被删除"), manager=Employer.all_objects.select_related("area"), of=None,
                   touch=True)


def _check_union(actor, employer, union):
    if union is None or union.deleted_at is not None or union.kind not in COVERING_KINDS:
        raise ActionError(_("请选择基层工会、联合工会或行业工会"), field="union")
    if not union.is_within(employer.area) and not employer.area.is_within(union):
        raise ActionError(_("“%(union)s”不在“%(area)s”区域内") % {"union": union.name, "area": employer.area.name},
                          field="union")
    scope.require(actor, FEDERATION, employer.area)


@transaction.atomic
def link_union(actor, employer, union, *, note=""):
    """The employer is covered by ``union`` (its own grassroots union, or a joint/industry union); None unlinks."""
    employer = _locked(employer)
    scope.require(actor, FEDERATION, employer.area)
    if employer.deleted_at:
        raise ActionError(_("该单位已删除，请先恢复"))
    if union is not None:
        _check_union(actor, employer, union)
    before = audit.snapshot(employer, ["union"])
    employer.union = union
    employer.updated_at = timezone.now()
    employer.save(update_fields=["union", "updated_at"])
    audit.record(actor, "federation_employer_link", employer, org=employer.area, before=before,
                 after=audit.snapshot(employer, ["union"]), note=note[:500])
    return employer


def held_reserves(employer):
    """The employer's set-up reserves (建会筹备金) still held by a federation at or above its area."""
    from gonghui.funds.models import ReserveStatus, SetupReserve

    return (SetupReserve.objects.filter(employer_uscc=employer.uscc, status=ReserveStatus.HELD,
                                        federation__path__in=employer.area.ancestor_paths())
            .select_related("federation").order_by("received_on", "id"))


@transaction.atomic
def found_union(actor, employer, *, code, name="", union_type=UnionType.ENTERPRISE, founded_on=None, chair_name="",
                uscc="", refund=False, refund_date=None):
    """建会: create the employer's grassroots union under its area, link it, and (with ``refund``) return the
    held set-up reserves to it. Returns (union, reserves returned, reserves left to refund). The union's own
    统一社会信用代码 (``uscc``, a 81… code of a trade union) is not the employer's; it is given when known."""
    from gonghui.funds import actions as funds_actions
    from gonghui.orgs import actions as org_actions

    employer = _locked(employer)
    scope.require(actor, FEDERATION, employer.area)
    if employer.deleted_at:
        raise ActionError(_("该单位已删除，请先恢复"))
    if employer.union_id:
        raise ActionError(_("该单位已有工会（%(union)s）") % {"union": employer.union.name}, field="union")
    if union_type in (UnionType.JOINT, UnionType.INDUSTRY):
        raise ActionError(_("单位建会应为单独的基层工会；联合工会、行业工会请在组织管理中建立后关联"),
                          field="union_type")
    founded_on = founded_on or timezone.localdate()
    union = org_actions.create_org(
        actor, parent=employer.area, kind=Kind.GRASSROOTS, code=code, name=(name or "").strip() or
        _("%(employer)s工会委员会") % {"employer": employer.name}, union_type=union_type, uscc=uscc,
        founded_on=founded_on, chair_name=chair_name, address=employer.address,
        employee_count=employer.employees)
    before = audit.snapshot(employer, ["union"])
    employer.union = union
    employer.updated_at = timezone.now()
    employer.save(update_fields=["union", "updated_at"])
    audit.record(actor, "federation_found_union", employer, org=employer.area, before=before,
                 after=audit.snapshot(employer, ["union"]), note=_("建会：%(union)s") % {"union": union.name})
    returned, pending = [], []
    for reserve in held_reserves(employer):
        if refund and scope.can(actor, KEEP_BOOKS, reserve.federation):
            returned.append(funds_actions.return_reserve(actor, reserve, union=union, date=refund_date or founded_on,
                                                         note=_("单位建会，返还建会筹备金")))
        else:
            pending.append(reserve)
    if refund and pending:
        raise ActionError(_("返还建会筹备金须由总工会经费会计办理；可先建会，由会计在待办中返还"), field="refund")
    return union, returned, pending


@transaction.atomic
def save_setting(actor, org, *, min_employees, effective_from=None, source=""):
    if org is None or org.deleted_at is not None or org.kind not in FEDERATION_KINDS:
        raise ActionError(_("建会标准由总工会规定，请选择总工会"), field="org")
    scope.require(actor, FEDERATION, org)
    errors = {}
    limit = collect(errors, integer, min_employees, "min_employees", minimum=1, maximum=100000)
    day = collect(errors, date_value, effective_from, "effective_from", required=False) or timezone.localdate()
    source = collect(errors, text, source, "source", max_length=200)
    if errors:
        raise ActionError(errors={k: v if isinstance(v, list) else [v] for k, v in errors.items()})
    setting, created = Setting.objects.select_for_update().get_or_create(
        org=org, effective_from=day, defaults={"min_employees": limit, "source": source or ""})
    before = None if created else audit.snapshot(setting, ["min_employees", "source"])
    setting.min_employees, setting.source = limit, source or ""
    setting.save()
    audit.record(actor, "federation_setting", setting, org=org, before=before,
                 after=audit.snapshot(setting, ["org", "min_employees", "effective_from", "source"]))
    return setting


def import_employers(actor, area, rows, *, note=""):
    """Insert checked rows (values dicts) under ``area``, set-based, one audit row each; the caller holds the
    transaction (``federation.importing`` checks the whole file first)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("import_employers must run inside a transaction")
    from gonghui.core.models import AuditEntry

    _require_area(actor, area)
    now = timezone.now()
    who = actor if getattr(actor, "pk", None) else None
    employers = [Employer(area=area, created_by=who, created_at=now, updated_at=now, **values) for values in rows]
    with unique_or(_("统一社会信用代码已登记"), field="uscc"):
        Employer.objects.bulk_create(employers, batch_size=1000)
    if any(e.pk is None for e in employers):  # backends that return no ids: read them back by credit code
        ids = dict(Employer.objects.filter(uscc__in=[e.uscc for e in employers]).values_list("uscc", "pk"))
        for e in employers:
            e.pk = ids[e.uscc]
    AuditEntry.objects.bulk_create([
        audit.entry(actor, "federation_employer_create", e, org=area, after=audit.snapshot(e, FIELDS), note=note)
        for e in employers], batch_size=1000)
    return employers


# ---- the annual statistical report (federation.stats) ----

def _stats_cap(org):
    from gonghui.core.capabilities import MANAGE_PLANS

    return FEDERATION if org.kind in FEDERATION_KINDS else MANAGE_PLANS


def submit_stats(actor, org, year, *, head="", preparer=""):
    """Freeze ``org``'s 表一 totals for ``year`` as its submitted report (again, while it is not final)."""
    from . import stats
    from .models import StatsReport

    scope.require(actor, _stats_cap(org), org)
    if not stats.reports_at(org):
        raise ActionError(_("只有总工会和基层工会报送统计年报"), field="org")
    head, preparer = text(head)[:50], text(preparer)[:50]
    with transaction.atomic():
        report = StatsReport.objects.select_for_update().filter(org=org, year=year).first()
        if report is not None and report.state == StatsReport.State.FINAL:
            raise ActionError(_("%(year)s年统计年报已定稿，不能再报送") % {"year": year}, field="year")
        before = {"t1": report.figures.get("t1")} if report else None
        figures = {"t1": stats.totals(stats.live_t1(org, year))}
        if report is None:
            report = StatsReport(org=org, year=year)
        report.figures, report.head, report.preparer = figures, head, preparer
        report.submitted_on, report.submitted_by = timezone.localdate(), actor if getattr(actor, "pk", None) else None
        report.save()
        audit.record(actor, "federation_stats_submit", report, org=org, before=before, after=figures)
    return report


def finalise_stats(actor, org, year):
    """Mark ``org``'s report for ``year`` final: refused, naming each unit and column, while any check of
    ``federation.stats.check`` finds a difference."""
    from . import stats
    from .models import StatsReport

    scope.require(actor, _stats_cap(org), org)
    with transaction.atomic():
        report = StatsReport.objects.select_for_update().filter(org=org, year=year).first()
        if report is None:
            raise ActionError(_("%(year)s年统计年报尚未报送，请先报送") % {"year": year}, field="year")
        if report.state == StatsReport.State.FINAL:
            return report
        problems = stats.check(org, year, report=report)
        if problems:
            raise ActionError(errors={"figures": problems})
        report.state, report.finalised_at = StatsReport.State.FINAL, timezone.now()
        report.save(update_fields=["state", "finalised_at"])
        audit.record(actor, "federation_stats_final", report, org=org, before={"state": "submitted"},
                     after={"state": "final"})
    return report
