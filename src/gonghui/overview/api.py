"""The audit trail in the caller's scope (``/api/audit/``): entries of the organisations where the caller
may view the audit trail, or one object's history (members and organisations)."""
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.routers import SimpleRouter

from gonghui.core import scope
from gonghui.core.api import NOT_FOUND, NewestFirstPagination
from gonghui.core.capabilities import VIEW_AUDIT
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.core.serializers import AuditEntrySerializer
from gonghui.members.models import Member
from gonghui.orgs.models import Organisation

# Object types whose history can be asked for, with the manager that decides visibility.
AUDITABLE = {"members.member": Member.all_objects, "orgs.organisation": Organisation.all_objects}


def audit_condition(user):
    """Entries recorded in organisations where ``user`` may view the audit trail.

    Deleted organisations count too (``all_objects``): deleting one must not hide its history.
    Entries without an organisation (accounts, passwords) are for superusers only. A user with no
    audit capability anywhere is refused outright (403) rather than shown an empty trail.
    """
    roots = scope.prefixes(user, VIEW_AUDIT)
    if roots is None:
        return Q()
    if not roots:
        raise PermissionDenied(_("无权查看审计记录"))
    return Q(org__in=Organisation.all_objects.under_any(roots).values("id"))


def audited_object(user, object_type, object_id):
    """The lookup for one object's history, once the user is known to see that object's audit (else 404)."""
    manager = AUDITABLE.get(object_type or "")
    if manager is None:
        raise ActionError(_("对象类型应为：%(types)s") % {"types": ", ".join(AUDITABLE)}, field="object_type")
    try:
        pk = int(object_id)
    except (TypeError, ValueError):
        raise ActionError(_("应为整数"), field="object_id") from None
    if not manager.visible_to(user, VIEW_AUDIT).filter(pk=pk).exists():
        raise Http404(NOT_FOUND)
    return {"object_type": object_type, "object_id": pk}


@extend_schema_view(list=extend_schema(summary="审计记录（最新在前，游标分页）", parameters=[
    OpenApiParameter("org", str, description="组织代码：该组织及其全部下级的记录"),
    OpenApiParameter("object_type", str, enum=list(AUDITABLE), description="对象类型（与 object_id 同用）"),
    OpenApiParameter("object_id", int, description="对象编号：该对象的全部记录（对象须在您的范围内）"),
    OpenApiParameter("action", str, description="动作，如 create、update、delete、transfer_out"),
]))
class AuditViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = AuditEntrySerializer
    pagination_class = NewestFirstPagination

    def get_queryset(self):
        user, params = self.request.user, self.request.query_params
        qs = AuditEntry.objects.filter(audit_condition(user)).select_related("actor", "org")
        code = (params.get("org") or "").strip()
        if code:
            # Resolved in the user's audit scope: a forged code out of scope yields nothing.
            org = Organisation.all_objects.visible_to(user, VIEW_AUDIT).filter(code=code).first()
            if org is None:
                return qs.none()
            qs = qs.filter(org__in=Organisation.all_objects.subtree(org).values("id"))
        object_type, object_id = params.get("object_type"), params.get("object_id")
        if object_type or object_id:
            qs = qs.filter(**audited_object(user, object_type, object_id))
        if params.get("action"):
            qs = qs.filter(action=params["action"][:32])
        return qs


router = SimpleRouter()
router.register("audit", AuditViewSet, basename="audit")
urlpatterns = router.urls
