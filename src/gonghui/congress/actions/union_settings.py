"""A union's congress settings: the delegate-number rule set, co-signers a proposal needs, the days a
department has to answer, and the evaluation's flag."""
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_CONGRESS
from gonghui.core import audit
from gonghui.core.errors import ActionError
from gonghui.core.scope import require

from .. import rules
from ..models import CongressSettings
from ._common import _lock_union, _union

SETTINGS_FIELDS = ["rule_set", "min_cosigners", "answer_days", "unfit_flag"]


def update_settings(actor, union, *, rule_set, min_cosigners, answer_days, unfit_flag):
    require(actor, RUN_CONGRESS, union)
    _union(union)
    errors = {}
    if rule_set not in rules.RULE_SETS:
        errors["rule_set"] = [_("请选择代表名额规则")]
    if min_cosigners is None or not 1 <= int(min_cosigners) <= 10:
        errors["min_cosigners"] = [_("附议人数应在1到10之间")]
    if answer_days is None or not 1 <= int(answer_days) <= 180:
        errors["answer_days"] = [_("答复期限应在1到180天之间")]
    try:
        rules.parse_fraction(unfit_flag)
    except ValueError as exc:
        errors["unfit_flag"] = [str(exc)]
    if errors:
        raise ActionError(errors=errors)
    with transaction.atomic():
        _lock_union(union)  # two first saves at once: the second waits and updates the row the first made
        obj = CongressSettings.objects.select_for_update().filter(union=union).first() or CongressSettings(union=union)
        before = audit.snapshot(obj, SETTINGS_FIELDS) if obj.pk else {}
        obj.rule_set, obj.min_cosigners, obj.answer_days = rule_set, int(min_cosigners), int(answer_days)
        obj.unfit_flag = str(unfit_flag).strip()
        obj.save()
        audit.record(actor, "update", obj, org=union, before=before, after=audit.snapshot(obj, SETTINGS_FIELDS))
    return obj
