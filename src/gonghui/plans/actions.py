"""The only code that changes work plans: each action checks scope (MANAGE_PLANS at the plan's union),
validates, writes and records the audit entry in one transaction."""
import datetime
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.capabilities import MANAGE_PLANS, VIEW
from gonghui.core import audit, metrics
from gonghui.core.errors import ActionError
from gonghui.core.parsing import text
from gonghui.core.scope import require
from gonghui.core.softdelete import restore, soft_delete
from gonghui.orgs.models import Kind, Organisation

from .models import (Capability, Comparator, Origin, Plan, PlanKind, PlanSection, PlanStatus, Summary,
                     SummaryStatus, Target, TargetPeriod, Task, TaskLink, TaskStatus)

PLAN_FIELDS = ["union", "kind", "year", "part", "title", "guiding_thought", "status", "origin", "source_name"]
SECTION_FIELDS = ["level", "label", "title", "body", "order", "parent"]
TASK_FIELDS = ["title", "owner", "owner_org", "month", "capability", "status", "done_at", "section"]
TARGET_FIELDS = ["metric", "label", "comparator", "threshold", "period", "source_text"]
MONTH_MESSAGE = gettext_lazy("月份应为1至12")
PERCENT_MESSAGE = gettext_lazy("百分比应在0至100之间")


# ---------------------------------------------------------------------------------------- validation

def clean_month(value, field="month", required=False):
    if value in (None, ""):
        if required:
            raise ActionError(MONTH_MESSAGE, field=field)
        return None
    try:
        month = int(str(value).strip().removesuffix("月份").removesuffix("月"))
    except (TypeError, ValueError):
        raise ActionError(MONTH_MESSAGE, field=field) from None
    if not 1 <= month <= 12:
        raise ActionError(MONTH_MESSAGE, field=field)
    return month


def clean_year(value):
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ActionError(_("年度应为四位数字"), field="year") from None
    if not 2000 <= year <= 2100:
        raise ActionError(_("年度应在2000至2100之间"), field="year")
    return year


def clean_plan_kind(kind, part):
    if kind not in PlanKind.values:
        raise ActionError(_("计划类型应为年度计划、半年计划或学期计划"), field="kind")
    if kind == PlanKind.ANNUAL:
        return None
    try:
        part = int(part) if part not in (None, "") else None
    except (TypeError, ValueError):
        part = None
    if part not in (1, 2):
        raise ActionError(_("请选择上半年或下半年") if kind == PlanKind.HALF_YEAR else _("请选择春季或秋季学期"),
                          field="part")
    return part


def clean_target(metric_code, comparator, threshold, period=TargetPeriod.PLAN):
    """(metric, comparator, threshold as Decimal, period), or ActionError naming the field."""
    metric = metrics.get((metric_code or "").strip())
    if metric is None:
        raise ActionError(_("未知指标"), field="metric")
    comparator, value, period = _clean_threshold(comparator, threshold, period, percent=metric.unit == "%")
    return metric, comparator, value, period


def _clean_threshold(comparator, threshold, period=TargetPeriod.PLAN, *, percent):
    if comparator not in Comparator.values:
        raise ActionError(_("比较方式应为 ≥、≤ 或 ="), field="comparator")
    if period not in TargetPeriod.values:
        raise ActionError(_("考核期间应为计划期间、上半年或下半年"), field="period")
    try:
        value = Decimal(str(threshold).strip().rstrip("%％")) if threshold not in (None, "") else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ActionError(_("目标值应为数字"), field="threshold")
    if value < 0:
        raise ActionError(_("目标值不能为负数"), field="threshold")
    if percent and value > 100:
        raise ActionError(PERCENT_MESSAGE, field="threshold")
    if value >= Decimal("1e12"):
        raise ActionError(_("目标值过大"), field="threshold")
    return comparator, value.quantize(Decimal("0.01")), period


FREQUENCY_UNITS = {"周": "次/周", "月": "次/月", "季": "次/季度", "季度": "次/季度", "半年": "次/半年",
                   "学期": "次/学期", "年": "次/年"}


def clean_manual_target(comparator, threshold, unit, frequency=""):
    """(comparator, threshold, period, unit) of a target no metric measures; ActionError naming the field."""
    unit = FREQUENCY_UNITS.get(frequency, unit) if frequency else unit
    comparator, value, period = _clean_threshold(comparator, threshold, percent=unit == "%")
    return comparator, value, period, (unit or "")[:10]


def _plan_org(union):
    if union is None or not (union.kind == Kind.GRASSROOTS or union.is_federation):
        raise ActionError(_("只能为基层工会或总工会制定工作计划"), field="union")
    return union


def _lock(obj):
    """Lock ``obj``'s row and read it again into the same object (the caller keeps its instance), so the
    rules checked next see what another transaction committed meanwhile."""
    list(type(obj)._base_manager.select_for_update(no_key=True).filter(pk=obj.pk).values_list("pk", flat=True))
    obj.refresh_from_db()
    return obj


def _editable(plan):
    if plan.deleted_at:
        raise ActionError(_("计划已删除"), field="__all__")
    if plan.status == PlanStatus.ARCHIVED:
        raise ActionError(_("计划已归档，不能修改"), field="__all__")


# ---------------------------------------------------------------------------------------- plans

@transaction.atomic
def create_plan(actor, union, *, kind=PlanKind.ANNUAL, year, part=None, title, guiding_thought="",
                template=None, copy_from=None):
    """A blank plan, one from a built-in template (``template`` key) or a copy of an earlier plan."""
    _plan_org(union)
    require(actor, MANAGE_PLANS, union)
    part = clean_plan_kind(kind, part)
    year = clean_year(year)
    title = text(title, "title", required=True, max_length=120)
    origin, source = Origin.BLANK, ""
    if template and copy_from:
        raise ActionError(_("模板和往年计划只能选一个"), field="template")
    if template:
        from .templates_data import TEMPLATES

        if template not in TEMPLATES:
            raise ActionError(_("没有这个模板"), field="template")
        with translation.override(settings.LANGUAGE_CODE):  # stored as the union's plan names it
            origin, source = Origin.TEMPLATE, str(TEMPLATES[template]["name"])
        guiding_thought = guiding_thought or TEMPLATES[template].get("guiding_thought", "")
    if copy_from is not None:
        require(actor, VIEW, copy_from.union)
        if copy_from.union_id != union.pk:
            raise ActionError(_("只能复制本单位的往年计划"), field="copy_from")
        origin, source = Origin.COPY, copy_from.title
        guiding_thought = guiding_thought or copy_from.guiding_thought
    plan = Plan.objects.create(union=union, kind=kind, year=year, part=part, title=title,
                               guiding_thought=(guiding_thought or "").strip(), origin=origin, source_name=source,
                               copied_from=copy_from, created_by=actor)
    if template:
        _fill_from_template(plan, TEMPLATES[template])
    if copy_from is not None:
        _copy_contents(copy_from, plan)
    with translation.override(settings.LANGUAGE_CODE):  # audit notes are stored in Chinese, like the plan
        note = f"{plan.get_origin_display()}{('：' + source) if source else ''}"
    audit.record(actor, "create", plan, org=union, after=audit.snapshot(plan, PLAN_FIELDS), note=note)
    return plan


@transaction.atomic
def adopt_plan(actor, union, source):
    """A union adopts a plan its federation pushed down (``federation.pushdown``): a draft copy of the plan's
    sections, tasks (reset to 未开始) and targets, as the union's own plan (``copied_from`` = the federation's)."""
    _plan_org(union)
    require(actor, MANAGE_PLANS, union)
    if (source is None or source.deleted_at or not source.union.is_federation or source.union_id == union.pk
            or not union.path.startswith(source.union.path)):
        raise ActionError(_("只能采用上级总工会下发的工作计划"), field="copy_from")
    # The union's own title, saying whose plan it adopted (the federation's title alone would read as the
    # federation's plan in the union's list).
    title = (_("%(union)s采用：%(title)s") % {"union": union.name, "title": source.title})[:120]
    plan = Plan.objects.create(union=union, kind=source.kind, year=source.year, part=source.part,
                               title=title, guiding_thought=source.guiding_thought, origin=Origin.COPY,
                               source_name=source.title, copied_from=source, created_by=actor)
    _copy_contents(source, plan)
    # the federation's own offices are not the union's: tasks keep their owner's name, not the organisation
    Task.objects.filter(plan=plan, owner_org__isnull=False).exclude(
        owner_org__path__startswith=union.path).update(owner_org=None)
    audit.record(actor, "create", plan, org=union, after=audit.snapshot(plan, PLAN_FIELDS),
                 note=f"采用上级下发计划：{source.title}")
    return plan


def _fill_from_template(plan, template):
    order = 0
    for level1 in template["sections"]:
        order += 1
        parent = PlanSection.objects.create(plan=plan, level=1, title=level1["title"], body=level1.get("body", ""),
                                            order=order)
        for child in level1.get("children", ()):
            order += 1
            PlanSection.objects.create(plan=plan, parent=parent, level=2, title=child["title"],
                                       body=child.get("body", ""), order=order)
    Task.objects.bulk_create([Task(plan=plan, title=t["title"], month=t["month"], capability=t["capability"],
                                   order=i) for i, t in enumerate(template.get("tasks", ()))])
    Target.objects.bulk_create([Target(plan=plan, metric=t["metric"], comparator=t["comparator"],
                                       threshold=Decimal(t["threshold"]), source_text=t.get("source_text", ""),
                                       order=i)
                                for i, t in enumerate(template.get("targets", ())) if metrics.get(t["metric"])])


def _copy_contents(source, plan):
    """Sections (with their tree), tasks (reset to 未开始) and targets of ``source`` into ``plan``."""
    mapping = {}
    for s in source.sections.order_by("level", "order", "id"):
        mapping[s.pk] = PlanSection.objects.create(plan=plan, parent=mapping.get(s.parent_id), level=s.level,
                                                   label=s.label, title=s.title, body=s.body, order=s.order)
    Task.objects.bulk_create([
        Task(plan=plan, section=mapping.get(t.section_id), title=t.title, owner=t.owner, owner_org_id=t.owner_org_id,
             month=t.month, capability=t.capability, order=t.order) for t in source.tasks.all()])
    Target.objects.bulk_create([
        Target(plan=plan, metric=t.metric, label=t.label, comparator=t.comparator, threshold=t.threshold,
               period=t.period, source_text=t.source_text, order=t.order) for t in source.targets.all()])


@transaction.atomic
def update_plan(actor, plan, *, title=None, guiding_thought=None, kind=None, year=None, part=None):
    require(actor, MANAGE_PLANS, plan.union)
    _editable(plan)
    before = audit.snapshot(plan, PLAN_FIELDS)
    if title is not None:
        plan.title = text(title, "title", required=True, max_length=120)
    if guiding_thought is not None:
        plan.guiding_thought = guiding_thought.strip()
    if kind is not None:
        plan.kind = kind
        plan.part = clean_plan_kind(kind, part)
    if year is not None:
        plan.year = clean_year(year)
    plan.updated_at = timezone.now()
    plan.save()
    audit.record(actor, "update", plan, org=plan.union, before=before, after=audit.snapshot(plan, PLAN_FIELDS))
    return plan


@transaction.atomic
def set_plan_status(actor, plan, status):
    require(actor, MANAGE_PLANS, plan.union)
    _lock(plan)
    if status not in PlanStatus.values:
        raise ActionError(_("状态应为草稿、已通过或已归档"), field="status")
    if plan.deleted_at:
        raise ActionError(_("计划已删除"), field="__all__")
    before = audit.snapshot(plan, ["status"])
    plan.status = status
    plan.updated_at = timezone.now()
    plan.save(update_fields=["status", "updated_at"])
    verb = {PlanStatus.ADOPTED: "adopt", PlanStatus.ARCHIVED: "archive", PlanStatus.DRAFT: "reopen"}[status]
    audit.record(actor, verb, plan, org=plan.union, before=before, after=audit.snapshot(plan, ["status"]))
    return plan


@transaction.atomic
def delete_plan(actor, plan):
    return soft_delete(plan, actor=actor, org=lambda p: p.union, allow=lambda p: require(actor, MANAGE_PLANS, p.union),
                       already=_("计划已删除"), locker=_lock)


@transaction.atomic
def restore_plan(actor, plan):
    return restore(plan, actor=actor, org=lambda p: p.union, allow=lambda p: require(actor, MANAGE_PLANS, p.union),
                   not_deleted=_("计划未被删除"), locker=_lock)


# ---------------------------------------------------------------------------------------- sections

def _next_order(qs):
    return (qs.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def add_section(actor, plan, *, title, body="", parent=None, level=None, label=""):
    require(actor, MANAGE_PLANS, plan.union)
    _editable(plan)
    if parent is not None and parent.plan_id != plan.pk:
        raise ActionError(_("上级条目不属于本计划"), field="parent")
    level = (parent.level + 1) if parent is not None else (level or 1)
    if not 0 <= int(level) <= 5:
        raise ActionError(_("层级应为1至5"), field="level")
    section = PlanSection.objects.create(plan=plan, parent=parent, level=level,
                                         label=text(label, "label", max_length=20),
                                         title=text(title, "title", required=True, max_length=300),
                                         body=(body or "").strip(), order=_next_order(plan.sections.all()))
    audit.record(actor, "add_section", plan, org=plan.union, after={"section": str(section)})
    return section


@transaction.atomic
def update_section(actor, section, *, title, body=""):
    plan = section.plan
    require(actor, MANAGE_PLANS, plan.union)
    _editable(plan)
    before = audit.snapshot(section, ["title", "body"])
    section.title = text(title, "title", required=True, max_length=300)
    section.body = (body or "").strip()
    section.save(update_fields=["title", "body"])
    audit.record(actor, "update_section", plan, org=plan.union, before=before,
                 after=audit.snapshot(section, ["title", "body"]))
    return section


@transaction.atomic
def delete_section(actor, section):
    """Removes the entry and the entries under it; their tasks stay in the plan without a section."""
    plan = section.plan
    require(actor, MANAGE_PLANS, plan.union)
    _editable(plan)
    before = audit.snapshot(section, ["title", "body", "level"])
    section.delete()
    audit.record(actor, "delete_section", plan, org=plan.union, before=before)


# ---------------------------------------------------------------------------------------- tasks

def _owner_org(plan, owner_org):
    if owner_org is None:
        return None
    if not owner_org.path.startswith(plan.union.path):
        raise ActionError(_("负责组织应在本工会内"), field="owner_org")
    return owner_org


@transaction.atomic
def add_task(actor, plan, *, title, month=None, owner="", owner_org=None, capability=Capability.OTHER,
             section=None):
    require(actor, MANAGE_PLANS, plan.union)
    _editable(plan)
    if capability not in Capability.values:
        raise ActionError(_("承担模块不正确"), field="capability")
    if section is not None and section.plan_id != plan.pk:
        raise ActionError(_("所属条目不属于本计划"), field="section")
    task = Task.objects.create(plan=plan, title=text(title, "title", required=True, max_length=300),
                               month=clean_month(month), owner=text(owner, "owner", max_length=60),
                               owner_org=_owner_org(plan, owner_org), capability=capability, section=section,
                               order=_next_order(plan.tasks.all()))
    audit.record(actor, "create", task, org=plan.union, after=audit.snapshot(task, TASK_FIELDS))
    return task


@transaction.atomic
def update_task(actor, task, *, title, month=None, owner="", owner_org=None, capability=Capability.OTHER,
                section=None):
    plan = task.plan
    require(actor, MANAGE_PLANS, plan.union)
    _editable(plan)
    if capability not in Capability.values:
        raise ActionError(_("承担模块不正确"), field="capability")
    if section is not None and section.plan_id != plan.pk:
        raise ActionError(_("所属条目不属于本计划"), field="section")
    before = audit.snapshot(task, TASK_FIELDS)
    task.title = text(title, "title", required=True, max_length=300)
    task.month = clean_month(month)
    task.owner = text(owner, "owner", max_length=60)
    task.owner_org = _owner_org(plan, owner_org)
    task.capability = capability
    task.section = section
    task.updated_at = timezone.now()
    task.save()
    audit.record(actor, "update", task, org=plan.union, before=before, after=audit.snapshot(task, TASK_FIELDS))
    return task


@transaction.atomic
def set_task_status(actor, task, status, *, done_at=None):
    plan = task.plan
    require(actor, MANAGE_PLANS, plan.union)
    _editable(plan)
    if status not in TaskStatus.values:
        raise ActionError(_("状态不正确"), field="status")
    before = audit.snapshot(task, ["status", "done_at"])
    task.status = status
    today = timezone.localdate()
    if status == TaskStatus.DONE:
        done_at = done_at or today
        if done_at > today:
            raise ActionError(_("完成日期不能晚于今天"), field="done_at")
        task.done_at = done_at
    else:
        task.done_at = None
    task.updated_at = timezone.now()
    task.save(update_fields=["status", "done_at", "updated_at"])
    audit.record(actor, "set_status", task, org=plan.union, before=before,
                 after=audit.snapshot(task, ["status", "done_at"]))
    return task


@transaction.atomic
def delete_task(actor, task):
    require(actor, MANAGE_PLANS, task.plan.union)
    _editable(task.plan)
    task.deleted_at = timezone.now()
    task.save(update_fields=["deleted_at"])
    audit.record(actor, "delete", task, org=task.plan.union)


@transaction.atomic
def restore_task(actor, task):
    require(actor, MANAGE_PLANS, task.plan.union)
    _editable(task.plan)
    task.deleted_at = None
    task.save(update_fields=["deleted_at"])
    audit.record(actor, "restore", task, org=task.plan.union)
    return task


# ---------------------------------------------------------------------------------------- targets

@transaction.atomic
def add_target(actor, plan, *, metric, comparator=Comparator.GTE, threshold, period=TargetPeriod.PLAN, label="",
               source_text=""):
    require(actor, MANAGE_PLANS, plan.union)
    _editable(plan)
    m, comparator, threshold, period = clean_target(metric, comparator, threshold, period)
    target = Target.objects.create(plan=plan, metric=m.code, comparator=comparator, threshold=threshold,
                                   period=period, label=text(label, "label", max_length=120),
                                   source_text=(source_text or "").strip(), order=_next_order(plan.targets.all()))
    audit.record(actor, "create", target, org=plan.union, after=audit.snapshot(target, TARGET_FIELDS))
    return target


@transaction.atomic
def update_target(actor, target, *, metric, comparator, threshold, period=TargetPeriod.PLAN, label=""):
    plan = target.plan
    require(actor, MANAGE_PLANS, plan.union)
    _editable(plan)
    before = audit.snapshot(target, TARGET_FIELDS)
    m, target.comparator, target.threshold, target.period = clean_target(metric, comparator, threshold, period)
    target.metric = m.code
    target.label = text(label, "label", max_length=120)
    target.updated_at = timezone.now()
    target.save()
    audit.record(actor, "update", target, org=plan.union, before=before,
                 after=audit.snapshot(target, TARGET_FIELDS))
    return target


@transaction.atomic
def delete_target(actor, target):
    require(actor, MANAGE_PLANS, target.plan.union)
    _editable(target.plan)
    target.deleted_at = timezone.now()
    target.save(update_fields=["deleted_at"])
    audit.record(actor, "delete", target, org=target.plan.union)


# ---------------------------------------------------------------------------------------- links

# Apps whose records can fulfil a task, in the order the picker lists them.
LINKABLE_APPS = ("activities", "contests", "care", "mutualaid", "congress", "elections", "notices", "finaudit",
                 "spending")


def linkable_models():
    """Models of installed capability apps that are organisation-scoped (``scope_org`` and ``visible_to``)."""
    out = []
    for label in LINKABLE_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            if getattr(model, "scope_org", None) and hasattr(model._default_manager, "visible_to"):
                out.append(model)
    return out


def _record_in_union(actor, model, object_id, union):
    from gonghui.orgs.models import Organisation

    qs = model._default_manager.visible_to(actor, VIEW)
    qs = qs.filter(**{f"{model.scope_org}__in": Organisation.objects.subtree(union).values("id")})
    return qs.filter(pk=object_id).first()


@transaction.atomic
def link_record(actor, task, model_label, object_id):
    """Links a record the actor sees, of the plan's union, to the task that it fulfils."""
    plan = task.plan
    require(actor, MANAGE_PLANS, plan.union)
    _editable(_lock(plan))
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        raise ActionError(_("记录类型不正确"), field="record") from None
    if model not in linkable_models():
        raise ActionError(_("记录类型不正确"), field="record")
    try:
        object_id = int(object_id)
    except (TypeError, ValueError):
        raise ActionError(_("记录不存在或不在本工会"), field="record") from None
    record = _record_in_union(actor, model, object_id, plan.union)
    if record is None:
        raise ActionError(_("记录不存在或不在本工会"), field="record")
    ct = ContentType.objects.get_for_model(model)
    if TaskLink.objects.filter(task=task, content_type=ct, object_id=object_id).exists():
        raise ActionError(_("该记录已关联"), field="record")
    try:
        with transaction.atomic():  # the same link made at the same instant: the unique constraint decides
            link = TaskLink.objects.create(task=task, content_type=ct, object_id=object_id,
                                           label=str(record)[:200], created_by=actor)
    except IntegrityError:
        raise ActionError(_("该记录已关联"), field="record") from None
    with translation.override(settings.LANGUAGE_CODE):  # stored in Chinese, like every audit note
        record_text = f"{model._meta.verbose_name}：{link.label}"
    audit.record(actor, "link", task, org=plan.union, after={"record": record_text})
    return link


@transaction.atomic
def unlink_record(actor, link):
    task = link.task
    require(actor, MANAGE_PLANS, task.plan.union)
    _editable(task.plan)
    before = {"record": link.label}
    link.delete()
    audit.record(actor, "unlink", task, org=task.plan.union, before=before)


# ---------------------------------------------------------------------------------------- import

@transaction.atomic
def import_plan(actor, union, parsed: dict, *, kind=PlanKind.ANNUAL, year, part=None, title, part_index=None,
                targets=(), source_name=""):
    """Creates the plan from a parsed file (``parsing.ParsedPlan.as_dict()``): the outline as sections,
    the tasks with months, and the target candidates the officer confirmed — ``targets`` is a list of
    ``{"index", "metric", "comparator", "threshold"}`` (index into ``parsed["targets"]``)."""

    def wanted(item):
        return part_index is None or item.get("part") == part_index

    from .parsing import title_with_year

    guiding = parsed.get("guiding_by_part", {}).get(str(part_index)) if part_index is not None else None
    # The title names the plan's year (the one picked), not the year the source document was written for.
    title = title_with_year(title, year)
    plan = create_plan(actor, union, kind=kind, year=year, part=part, title=title,
                       guiding_thought=guiding or parsed.get("guiding_thought", ""))
    plan.origin, plan.source_name = Origin.IMPORT, (source_name or "")[:200]
    plan.save(update_fields=["origin", "source_name"])

    sections_by_line = {}
    order = [0]

    def walk(nodes, parent):
        for node in nodes:
            order[0] += 1
            section = PlanSection.objects.create(plan=plan, parent=parent, level=min(int(node["level"]), 5),
                                                 label=node.get("label", "")[:20],
                                                 title=(node.get("title") or node.get("label") or "（无标题）")[:300],
                                                 body=node.get("body", ""), order=order[0])
            sections_by_line[node["line"]] = section
            walk(node.get("children", ()), section)

    roots = parsed.get("outline", [])
    if part_index is not None:
        roots = [n for i, n in enumerate(roots) if n.get("level") == 0 and _part_of(parsed, n) == part_index] or \
            [n for n in roots if _part_of(parsed, n) == part_index]
        # The chosen 篇 itself is the plan: its children become the top of the outline.
        flat = []
        for n in roots:
            flat.extend(n.get("children", ()) if n.get("level") == 0 else [n])
        roots = flat
    walk(roots, None)

    section_by_title = {f"{s.label}{s.title}": s for s in sections_by_line.values()}
    errors = {}
    tasks = []
    for i, t in enumerate(x for x in parsed.get("tasks", ()) if wanted(x)):
        month = t.get("month")
        if not (isinstance(month, int) and 1 <= month <= 12):
            errors[f"tasks[{i}]"] = [MONTH_MESSAGE]
            continue
        tasks.append(Task(plan=plan, title=str(t.get("title", ""))[:300] or "（无标题）", month=month,
                          section=section_by_title.get(t.get("section", "")), capability=guess_capability(t["title"]),
                          order=i + 1))
    if errors:
        raise ActionError(errors=errors)
    Task.objects.bulk_create(tasks)

    candidates = parsed.get("targets", [])
    created = []
    for n, choice in enumerate(targets):
        try:
            cand = candidates[int(choice["index"])]
        except (KeyError, IndexError, TypeError, ValueError):
            raise ActionError(_("目标候选不存在"), field=f"targets[{n}]") from None
        # A metric only when one measures what the sentence says; "metric": "" (or none found) keeps it a
        # manual target, named by its clause, in the sentence's own unit ("家", "次/月").
        manual = choice.get("manual") or ("metric" in choice and not choice["metric"]) or \
            ("metric" not in choice and not cand.get("metric"))
        try:
            if manual:
                comparator, threshold, period, unit = clean_manual_target(
                    choice.get("comparator") or cand["comparator"], choice.get("threshold", cand["number"]),
                    cand.get("unit", ""), cand.get("frequency", ""))
                code, label = "", (cand.get("subject") or cand.get("sentence", ""))[:120]
            else:
                m, comparator, threshold, period = clean_target(choice.get("metric") or cand.get("metric"),
                                                                choice.get("comparator") or cand["comparator"],
                                                                choice.get("threshold", cand["number"]))
                code, label, unit = m.code, "", ""
        except ActionError as exc:
            raise ActionError(errors={f"targets[{n}].{k}": v for k, v in exc.message_dict.items()}) from None
        created.append(Target(plan=plan, metric=code, label=label, unit=unit, comparator=comparator,
                              threshold=threshold, period=period, source_text=cand.get("sentence", ""),
                              order=n + 1))
    Target.objects.bulk_create(created)
    audit.record(actor, "import", plan, org=union,
                 after={"sections": len(sections_by_line), "tasks": len(tasks), "targets": len(created)},
                 note=f"导入：{source_name}"[:500])
    return plan


def _part_of(parsed, node):
    """The part index of a top-level node, from the parts list (by line)."""
    for p in parsed.get("parts", ()):
        if p["line"] == node.get("line"):
            return p["index"]
    line = node.get("line", 0)
    index = None
    for p in parsed.get("parts", ()):
        if p["line"] <= line:
            index = p["index"]
    return index


CAPABILITY_WORDS = [
    (Capability.CONGRESS, ("教代会", "职代会", "代表大会", "提案")),
    (Capability.ELECTIONS, ("换届", "选举")),
    (Capability.NOTICES, ("校务公开", "厂务公开", "政务公开", "公开")),
    (Capability.CARE, ("送温暖", "慰问", "探望", "帮扶", "困难")),
    (Capability.MUTUALAID, ("互助", "保险")),
    (Capability.CONTESTS, ("竞赛", "比武", "技能")),
    (Capability.ACTIVITIES, ("活动", "比赛", "运动会", "联欢", "晚会", "演讲", "节")),
    (Capability.DUES, ("会费",)),
    (Capability.FINANCE, ("经费", "财务")),
    (Capability.MEMBERS, ("会员", "入会")),
]


def guess_capability(title):
    for capability, words in CAPABILITY_WORDS:
        if any(w in title for w in words):
            return capability
    return Capability.OTHER


# ---------------------------------------------------------------------------------------- summaries

SUMMARY_FIELDS = ["kind", "start", "end", "title", "status"]


@transaction.atomic
def draft_summary(actor, plan, kind, *, today=None):
    """A 工作总结 drafted from what was recorded over the plan's half year or year."""
    from .models import SummaryKind
    from .summaries import compose

    require(actor, MANAGE_PLANS, plan.union)
    if plan.deleted_at:
        raise ActionError(_("计划已删除"), field="__all__")
    if kind not in SummaryKind.values:
        raise ActionError(_("总结类型应为半年或年度工作总结"), field="kind")
    start, end = plan.period()
    if kind == SummaryKind.HALF_YEAR:
        end = min(end, datetime.date(start.year, 6 if start.month <= 6 else 12, 30 if start.month <= 6 else 31))
    title = f"{plan.union.name}{start.year}年{'上半年' if kind == SummaryKind.HALF_YEAR else '度'}工作总结"
    sections = compose(actor, plan, start, end, today=today or timezone.localdate())
    summary = Summary.objects.create(plan=plan, union=plan.union, kind=kind, start=start, end=end, title=title,
                                     sections=sections, created_by=actor)
    audit.record(actor, "create", summary, org=plan.union, after=audit.snapshot(summary, SUMMARY_FIELDS))
    return summary


@transaction.atomic
def update_summary(actor, summary, *, title=None, bodies=None):
    """``bodies`` maps a section key to its edited text."""
    require(actor, MANAGE_PLANS, summary.union)
    if summary.status == SummaryStatus.FINAL:
        raise ActionError(_("总结已定稿，不能修改"), field="__all__")
    before = audit.snapshot(summary, ["title"])
    if title is not None:
        summary.title = text(title, "title", required=True, max_length=120)
    keys = {s["key"] for s in summary.sections}
    changed = []
    for key, body in (bodies or {}).items():
        if key not in keys:
            raise ActionError(_("没有这一部分"), field=key)
        for s in summary.sections:
            if s["key"] == key and s["body"] != body:
                s["body"] = body
                changed.append(s["heading"])
    summary.updated_at = timezone.now()
    summary.save()
    audit.record(actor, "update", summary, org=summary.union, before=before,
                 after=audit.snapshot(summary, ["title"]), note=("修改：" + "、".join(changed))[:500] if changed else "")
    return summary


@transaction.atomic
def finalize_summary(actor, summary):
    require(actor, MANAGE_PLANS, summary.union)
    if summary.status == SummaryStatus.FINAL:
        raise ActionError(_("总结已定稿"), field="__all__")
    summary.status = SummaryStatus.FINAL
    summary.save(update_fields=["status"])
    audit.record(actor, "finalize", summary, org=summary.union, after={"status": "final"})
    return summary


@transaction.atomic
def delete_summary(actor, summary):
    require(actor, MANAGE_PLANS, summary.union)
    summary.deleted_at = timezone.now()
    summary.save(update_fields=["deleted_at"])
    audit.record(actor, "delete", summary, org=summary.union)


def plan_orgs_for(user):
    """Grassroots unions and federations where ``user`` may manage plans (for the forms)."""
    from gonghui.orgs.models import FEDERATION_KINDS

    return Organisation.objects.visible_to(user, MANAGE_PLANS).filter(
        kind__in=[Kind.GRASSROOTS, *FEDERATION_KINDS]).order_by("path")
