"""Every change to the organisation tree goes through these functions.

Each one checks the actor's scope, validates, writes, and records the audit entry in one transaction.
"""
import re

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.capabilities import MANAGE_ORGS
from gonghui.core import audit, scope
from gonghui.core.errors import ActionError, unique_or
from gonghui.core.softdelete import restore, soft_delete

from .models import ALLOWED_CHILDREN, FEDERATION_KINDS, PATH_END, STEP, Kind, Organisation, step_code
from .signals import union_changed
from .validators import validate_uscc

FIELDS = ["code", "name", "kind", "union_type", "parent", "uscc", "founded_on", "chair_name",
          "legal_cert_no", "address", "employee_count", "phone"]
EDITABLE = [f for f in FIELDS if f not in ("kind", "parent")]
CODE_RE = re.compile(r"^[A-Za-z0-9_-]{2,32}$")


def _validate(data, *, kind, instance=None):
    errors = {}
    code = (data.get("code") or "").strip()
    if not CODE_RE.match(code):
        errors["code"] = _("组织代码应为2–32位字母、数字、下划线或连字符")
    elif Organisation.all_objects.filter(code=code).exclude(pk=getattr(instance, "pk", None)).exists():
        errors["code"] = _("组织代码“%(code)s”已被使用") % {"code": code}
    if not (data.get("name") or "").strip():
        errors["name"] = _("名称不能为空")
    if kind == Kind.GRASSROOTS and not data.get("union_type"):
        errors["union_type"] = _("请选择基层工会类型")
    if kind != Kind.GRASSROOTS and data.get("union_type"):
        errors["union_type"] = _("只有基层工会有类型")
    if data.get("uscc"):
        try:
            data["uscc"] = validate_uscc(data["uscc"].strip())
        except Exception as exc:  # ValidationError with a Chinese message
            errors["uscc"] = exc.messages[0]
    count = data.get("employee_count")
    if count is not None and count != "" and int(count) < 0:
        errors["employee_count"] = _("职工人数不能为负数")
    founded = data.get("founded_on")
    if founded and founded > timezone.localdate():
        errors["founded_on"] = _("成立日期不能晚于今天")
    if errors:
        raise ActionError(errors=errors)


def _union_for(kind, parent, self_org=None):
    if kind == Kind.GRASSROOTS:
        return self_org
    if kind in (Kind.BRANCH, Kind.GROUP):
        return parent.union
    return None


@transaction.atomic
def create_org(actor, *, parent, kind, **data):
    """Create an organisation under ``parent`` (None for a root, superusers only)."""
    if parent is None:
        if not (actor and actor.is_superuser):
            raise ActionError(_("只有系统管理员可以建立顶级组织"), field="parent")
    else:
        parent = Organisation.objects.select_for_update().get(pk=parent.pk)
        scope.require(actor, MANAGE_ORGS, parent)
    parent_kind = Kind(parent.kind) if parent else None
    if kind not in ALLOWED_CHILDREN[parent_kind]:
        if parent:
            message = _("%(parent)s下不能直接建立%(kind)s") % {"parent": _(parent.get_kind_display()),
                                                              "kind": _(Kind(kind).label)}
        else:
            message = _("顶级下不能直接建立%(kind)s") % {"kind": _(Kind(kind).label)}
        raise ActionError(message, field="kind")
    _validate(data, kind=kind)
    data = {k: v for k, v in data.items() if k in FIELDS}
    if parent:
        path = parent.path + step_code(parent.next_child)
        parent.next_child += 1
        Organisation.objects.filter(pk=parent.pk).update(next_child=F("next_child") + 1)
    else:
        last = Organisation.all_objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
        path = step_code(int(last, 36) + 1 if last else 0)
    org = Organisation(parent=parent, kind=kind, path=path, depth=len(path) // STEP, **data)
    org.union = _union_for(kind, parent)
    with unique_or(_("组织代码“%(code)s”已被使用") % {"code": org.code}, field="code"):
        org.save()
    if kind == Kind.GRASSROOTS:
        org.union = org
        org.save(update_fields=["union"])
    audit.record(actor, "create", org, org=org, after=audit.snapshot(org, FIELDS))
    return org


@transaction.atomic
def update_org(actor, org, **data):
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    scope.require(actor, MANAGE_ORGS, org)
    before = audit.snapshot(org, FIELDS)
    merged = {f: getattr(org, f) for f in EDITABLE}
    merged.update({k: v for k, v in data.items() if k in EDITABLE})
    _validate(merged, kind=org.kind, instance=org)
    for key, value in merged.items():
        setattr(org, key, value)
    org.updated_at = timezone.now()
    org.save()
    after = audit.snapshot(org, FIELDS)
    if before != after:
        audit.record(actor, "update", org, org=org, before=before, after=after)
    return org


@transaction.atomic
def move_org(actor, org, new_parent):
    """Move a subtree under another parent: one UPDATE rewrites every path in it. Branches and groups that
    change union take their members along (``signals.union_changed``; the roster may refuse)."""
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    new_parent = Organisation.objects.select_for_update().get(pk=new_parent.pk)
    scope.require(actor, MANAGE_ORGS, org)
    scope.require(actor, MANAGE_ORGS, new_parent)
    if org.parent_id is None:
        raise ActionError(_("顶级组织不能移动"), field="parent")
    if new_parent.path.startswith(org.path):
        raise ActionError(_("不能把组织移动到它自己或它的下级之下"), field="parent")
    if org.kind not in ALLOWED_CHILDREN[Kind(new_parent.kind)]:
        raise ActionError(_("%(parent)s下不能放%(kind)s") % {"parent": _(new_parent.get_kind_display()),
                                                          "kind": _(org.get_kind_display())}, field="parent")
    old_path = org.path
    old_union = org.union_id
    old_parent = org.parent.name
    new_path = new_parent.path + step_code(new_parent.next_child)
    Organisation.objects.filter(pk=new_parent.pk).update(next_child=F("next_child") + 1)
    delta = (len(new_path) - len(old_path)) // STEP
    subtree = Organisation.all_objects.filter(path__gte=old_path, path__lt=old_path + PATH_END)
    # Rewrite paths in two steps via a temporary prefix so the unique index never sees a clash.
    tmp = "~" + new_path
    subtree.update(path=Concat(Value(tmp), Substr("path", len(old_path) + 1)), depth=F("depth") + delta)
    Organisation.all_objects.filter(path__startswith=tmp).update(path=Substr("path", 2))
    Organisation.all_objects.filter(pk=org.pk).update(parent=new_parent)
    if org.kind in (Kind.BRANCH, Kind.GROUP) and new_parent.union_id != old_union:
        moved = Organisation.all_objects.filter(path__gte=new_path, path__lt=new_path + PATH_END)
        union_changed.send(sender=Organisation, orgs=moved, union_id=new_parent.union_id)
        moved.update(union_id=new_parent.union_id)
    org.refresh_from_db()
    audit.record(actor, "move", org, org=org, before={"parent": old_parent}, after={"parent": new_parent.name},
                 note=f"从“{old_parent}”移动到“{new_parent.name}”之下")
    return org


@transaction.atomic
def delete_org(actor, org):
    """Soft-delete an organisation with no live children and no live members."""
    def check(org):
        if org.parent_id is None and not actor.is_superuser:
            raise ActionError(_("只有系统管理员可以删除顶级组织"))
        if Organisation.objects.filter(parent=org).exists():
            raise ActionError(_("该组织还有下级组织，请先删除或移走下级组织"))
        if org.members.filter(deleted_at__isnull=True).exists():
            raise ActionError(_("该组织还有会员，请先把会员调到其他组织"))

    return soft_delete(org, actor=actor, org=lambda o: o, allow=lambda o: scope.require(actor, MANAGE_ORGS, o),
                       check=check, manager=Organisation.objects)


@transaction.atomic
def restore_org(actor, org):
    def check(org):
        if org.parent and org.parent.deleted_at:
            raise ActionError(_("上级组织已删除，请先恢复上级组织"))

    return restore(org, actor=actor, org=lambda o: o, allow=lambda o: scope.require(actor, MANAGE_ORGS, o),
                   check=check, not_deleted=_("该组织未被删除"), manager=Organisation.all_objects)


def is_federation(org):
    return org.kind in FEDERATION_KINDS
