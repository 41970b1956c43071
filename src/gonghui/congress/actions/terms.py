"""A new term (届) of a union's congress."""
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_CONGRESS
from gonghui.core import audit
from gonghui.core.errors import ActionError
from gonghui.core.scope import require

from .. import rules
from ..models import Term
from ._common import TERM_FIELDS, _created, _lock_union, _union

def create_term(actor, union, *, number, kind=None, start, employee_count, women_employees, end=None):
    require(actor, RUN_CONGRESS, union)
    _union(union)
    errors = {}
    if not number or int(number) < 1:
        errors["number"] = [_("届次应为正整数")]
    if start is None:
        errors["start"] = [_("不能为空")]
    if employee_count is None or int(employee_count) < 1:
        errors["employee_count"] = [_("职工人数应为正整数")]
    elif women_employees is None or not 0 <= int(women_employees) <= int(employee_count):
        errors["women_employees"] = [_("女职工人数应在0与职工人数之间")]
    if end and start and end <= start:
        errors["end"] = [_("届满日期应晚于开始日期")]
    if errors:
        raise ActionError(errors=errors)
    if not kind:
        kind = ("assembly" if rules.needs_assembly(int(employee_count))
                else "teachers" if union.union_type == "school" else "workers")
    if kind not in ("workers", "teachers", "assembly"):
        raise ActionError(_("类型无效"), field="kind")
    with transaction.atomic():
        _lock_union(union)
        taken = _("第%(n)s届已存在") % {"n": number}
        if Term.objects.filter(union=union, number=number).exists():
            raise ActionError(taken, field="number")
        term = _created(lambda: Term.objects.create(
            union=union, number=int(number), kind=kind, start=start, end=end, employee_count=int(employee_count),
            women_employees=int(women_employees)), taken, "number")
        audit.record(actor, "create", term, org=union, after=audit.snapshot(term, TERM_FIELDS))
    return term
