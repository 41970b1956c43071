"""Push-downs (下发): a federation's notice or work plan sent to the unions below, each union's answer, and the
federation's reminders. Every change is one of these functions: scope checked, audited in the same transaction.

What a union may answer:

* ``acknowledge`` (已阅知) — any push-down;
* ``reply`` — a text and/or an attachment;
* ``adopt`` (plans only) — the federation's plan becomes the union's own plan draft (``plans.actions.adopt_plan``);
* ``report`` (plans only) — the union names its own plan of the same year, whose targets it reports.

One answer per union: a second answer is refused naming who answered and when.

**An answer after the deadline is accepted and marked late** (``PushTarget.late``): the point of a push-down is
that the federation learns each union's answer, and refusing a late one would leave the federation with less
information, not more; the response table shows late answers apart from those in time.

Bad input: a push-down reaching no union (none below, or none of the chosen types or units) is refused and
nothing is written; a deadline before today; a plan that is not the federation's own.
"""
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, inbox, scope
from gonghui.core.capabilities import FEDERATION, MANAGE_PLANS, PUBLISH_NOTICES
from gonghui.core.errors import ActionError
from gonghui.core.parsing import date_value, text
from gonghui.core.tree import PATH_END
from gonghui.orgs.models import FEDERATION_KINDS, Kind, Organisation, UnionType

from .models import PushDown, PushKind, PushState, PushTarget

ATTACHMENT_LIMIT = 20 * 1024 * 1024
HOWS = ("acknowledge", "reply", "adopt", "report")
PUSH_FIELDS = ["kind", "title", "due_on", "audience"]


def answer_capability(kind):
    """Who answers for a union: the notice publisher for a notice, the plan keeper for a plan."""
    return MANAGE_PLANS if kind == PushKind.PLAN else PUBLISH_NOTICES


def _attachment(upload, field="attachment"):
    if upload and getattr(upload, "size", 0) > ATTACHMENT_LIMIT:
        raise ActionError(_("附件不能超过20MB"), field=field)
    return upload


def recipients(federation, *, union_types=(), units=()):
    """Ids of the grassroots unions below ``federation`` (of ``union_types`` if given, inside ``units`` if
    given): one query."""
    qs = Organisation.objects.filter(kind=Kind.GRASSROOTS, path__gt=federation.path,
                                     path__lt=federation.path + PATH_END)
    if union_types:
        qs = qs.filter(union_type__in=list(union_types))
    if units:
        qs = qs.filter(pk__in=Organisation.objects.under_any([u.path for u in units]).values("id"))
    return list(qs.order_by("path").values_list("id", flat=True))


@transaction.atomic
def send(actor, federation, *, kind, title, body="", due_on, union_types=(), units=(), plan=None, attachment=None):
    """Send a notice (``plan`` None) or the federation's ``plan`` to the unions below; returns the push-down."""
    if federation is None or federation.kind not in FEDERATION_KINDS:
        raise ActionError(_("只有总工会可以向下级下发通知或计划"), field="org")
    scope.require(actor, FEDERATION, federation)
    errors = {}
    if kind not in PushKind.values:
        errors["kind"] = [_("请选择下发类型（通知或工作计划）")]
    try:
        title = text(title, "title", required=True, max_length=120, label=_("标题"))
    except ActionError as e:
        errors.update(e.message_dict)
    body = (body or "").strip()
    try:
        due_on = date_value(due_on, "due_on", label=_("回复期限"))
        if due_on < timezone.localdate():
            errors["due_on"] = [_("回复期限不能早于今天")]
    except ActionError as e:
        errors.update(e.message_dict)
    union_types = list(dict.fromkeys(union_types or ()))
    bad_types = [t for t in union_types if t not in UnionType.values]
    if bad_types:
        errors["union_types"] = [_("没有这种工会类型：%(t)s") % {"t": "、".join(bad_types)}]
    units = list(units or ())
    outside = [u.name for u in units if not (federation.path < u.path < federation.path + PATH_END)]
    if outside:
        errors["units"] = [_("下发单位须是本级以下的组织：%(names)s") % {"names": "、".join(outside)}]
    if kind == PushKind.PLAN:
        if plan is None or plan.deleted_at or plan.union_id != federation.pk:
            errors["plan"] = [_("请选择本级总工会的工作计划")]
    elif plan is not None:
        errors["plan"] = [_("下发通知时不选工作计划")]
    if errors:
        raise ActionError(errors=errors)
    _attachment(attachment)
    ids = recipients(federation, union_types=union_types, units=units)
    if not ids:
        raise ActionError(_("没有符合条件的下级基层工会，未下发"), field="units")
    pushdown = PushDown(federation=federation, kind=kind, title=title, body=body, due_on=due_on, created_by=actor,
                        audience={"union_types": union_types, "units": [u.code for u in units]})
    if plan is not None:
        pushdown.source_type, pushdown.source_id = ContentType.objects.get_for_model(plan), plan.pk
    if attachment:
        pushdown.attachment = attachment
    pushdown.save()
    PushTarget.objects.bulk_create([PushTarget(pushdown=pushdown, union_id=pk) for pk in ids], batch_size=1000)
    audit.record(actor, "federation_push_down", pushdown, org=federation,
                 after=audit.snapshot(pushdown, PUSH_FIELDS), note=f"下发至{len(ids)}个基层工会")
    return pushdown


def source_plan(pushdown):
    """The federation's plan a plan push-down carries (None for a notice or a plan deleted since)."""
    if pushdown.kind != PushKind.PLAN or not pushdown.source_id:
        return None
    from gonghui.plans.models import Plan

    return Plan.objects.filter(pk=pushdown.source_id).select_related("union").first()


_DONE = {PushState.ACKNOWLEDGED: "阅知", PushState.REPLIED: "回复", PushState.ADOPTED: "采用",
         PushState.REPORTED: "报送"}


@transaction.atomic
def respond(actor, target, *, how, response="", attachment=None, plan=None):
    """A union's answer to a push-down (see the module doc); an answer after ``due_on`` is marked late."""
    target = (PushTarget.objects.select_for_update(of=("self",)).select_related("pushdown", "union")
              .get(pk=target.pk))
    pushdown = target.pushdown
    scope.require(actor, answer_capability(pushdown.kind), target.union)
    if pushdown.deleted_at is not None:
        raise ActionError(_("该下发事项已撤回，无需回复"))
    if target.state != PushState.WAITING:
        done = inbox.handled_by(target.responded_by, target.responded_at, _(_DONE[target.state]))
        raise ActionError(_("该下发事项%(done)s") % {"done": done}, field="how")
    if how not in HOWS:
        raise ActionError(_("请选择回复方式"), field="how")
    response = text(response, "response", max_length=5000, label=_("回复内容"))
    if how in ("adopt", "report") and pushdown.kind != PushKind.PLAN:
        raise ActionError(_("只有下发的工作计划可以采用或报送本单位计划"), field="how")
    if how == "reply" and not response and not attachment:
        raise ActionError(_("请填写回复内容或上传附件"), field="response")
    _attachment(attachment)
    result = None
    if how == "adopt":
        from gonghui.plans import actions as plan_actions

        source = source_plan(pushdown)
        if source is None:
            raise ActionError(_("下发的工作计划已删除，不能采用"), field="how")
        result = plan_actions.adopt_plan(actor, target.union, source)
    elif how == "report":
        from gonghui.plans.models import Plan

        source = source_plan(pushdown)
        year = source.year if source else timezone.localdate().year
        result = plan if plan is not None and plan.union_id == target.union_id and not plan.deleted_at else None
        if result is None or result.year != year:
            raise ActionError(_("请选择本单位%(year)s年度的工作计划") % {"year": year}, field="plan")
        assert isinstance(result, Plan)
    state = {"acknowledge": PushState.ACKNOWLEDGED, "reply": PushState.REPLIED, "adopt": PushState.ADOPTED,
             "report": PushState.REPORTED}[how]
    target.state, target.response = state, response
    target.responded_at, target.responded_by = timezone.now(), actor
    target.late = timezone.localdate() > pushdown.due_on
    if attachment:
        target.attachment = attachment
    if result is not None:
        target.result_type, target.result_id = ContentType.objects.get_for_model(result), result.pk
    target.save()
    audit.record(actor, "federation_push_response", target, org=target.union, before={"state": PushState.WAITING},
                 after={"state": state, "late": target.late}, note=pushdown.title)
    return target


@transaction.atomic
def remind(actor, pushdown):
    """催办: every union that has not answered gets the reminder counted on its inbox item; returns how many."""
    pushdown = PushDown.objects.select_for_update(of=("self",)).select_related("federation").get(pk=pushdown.pk)
    scope.require(actor, FEDERATION, pushdown.federation)
    if pushdown.deleted_at is not None:
        raise ActionError(_("该下发事项已撤回"))
    n = PushTarget.objects.filter(pushdown=pushdown, state=PushState.WAITING).update(
        reminders=F("reminders") + 1, reminded_at=timezone.now())
    if not n:
        raise ActionError(_("各基层工会都已回复，无需催办"))
    audit.record(actor, "federation_push_remind", pushdown, org=pushdown.federation, note=f"催办{n}个基层工会")
    return n


@transaction.atomic
def withdraw(actor, pushdown, *, note=""):
    """撤回: the push-down leaves the unions' inboxes; answers already given are kept."""
    from gonghui.core.softdelete import soft_delete

    return soft_delete(pushdown, actor=actor, org=lambda p: p.federation,
                       allow=lambda p: scope.require(actor, FEDERATION, p.federation), note=note,
                       already=_("该下发事项已撤回"), manager=PushDown.all_objects.select_related("federation"))
