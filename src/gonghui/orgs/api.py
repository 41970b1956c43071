"""REST endpoints for the organisation tree (mounted under /api/orgs/).

Rows come from ``Organisation.objects.visible_to``; codes in URLs and bodies are looked up in that
scope, so an organisation out of scope is a 404 (URL) or "不存在或不在您的权限范围内" (body). Every
change is an ``orgs.actions`` call, which checks the capability and writes the audit record.
"""
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from gonghui.core.api import TreeOrderPagination, get_or_404
from .lookups import find_org
from gonghui.core.errors import ActionError

from . import actions
from .models import Kind, Organisation
from .serializers import MoveOrganisationSerializer, OrganisationInputSerializer, OrganisationSerializer

LIST_PARAMETERS = [
    OpenApiParameter("under", str, description="只列出该组织（代码）及其全部下级"),
    OpenApiParameter("parent", str, description="只列出该组织（代码）的直接下级"),
    OpenApiParameter("kind", str, enum=Kind.values, description="层级"),
    OpenApiParameter("deleted", str, enum=["1"], description="1：只列出已删除（可恢复）的组织"),
]


@extend_schema_view(
    list=extend_schema(summary="组织列表（树序）", parameters=LIST_PARAMETERS),
    retrieve=extend_schema(summary="组织详情"),
)
class OrganisationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = OrganisationSerializer
    pagination_class = TreeOrderPagination
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9_-]+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        if self.action == "list" and self.request.query_params.get("deleted") == "1":
            qs = Organisation.all_objects.visible_to(user).filter(deleted_at__isnull=False)
        else:
            qs = Organisation.objects.visible_to(user)
        return qs.select_related("parent", "union")

    def filter_queryset(self, qs):
        if self.action != "list":
            return qs
        params, user = self.request.query_params, self.request.user
        for name in ("under", "parent"):
            code = (params.get(name) or "").strip()
            if not code:
                continue
            # Resolved inside the user's scope: a forged code out of scope yields nothing.
            anchor = Organisation.objects.visible_to(user).filter(code=code).first()
            if anchor is None:
                return qs.none()
            qs = qs.filter(parent=anchor) if name == "parent" else qs.subtree(anchor)
        if params.get("kind") in Kind.values:
            qs = qs.filter(kind=params["kind"])
        return qs

    @extend_schema(summary="建立组织", request=OrganisationInputSerializer, responses={201: OrganisationSerializer})
    def create(self, request):
        data = _input(request, partial=False)
        parent = find_org(request.user, data.pop("parent", ""), field="parent", required=False)
        kind = data.pop("kind", None)
        if not kind:
            raise ActionError(_("请选择层级"), field="kind")
        org = actions.create_org(request.user, parent=parent, kind=kind, **data)
        return Response(OrganisationSerializer(org).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="修改组织", request=OrganisationInputSerializer, responses=OrganisationSerializer)
    def partial_update(self, request, code=None):
        org = self.get_object()
        data = _input(request, partial=True)
        data.pop("parent", None)
        data.pop("kind", None)
        org = actions.update_org(request.user, org, **data)
        return Response(OrganisationSerializer(org).data)

    @extend_schema(summary="删除组织（可恢复）", responses={204: None})
    def destroy(self, request, code=None):
        actions.delete_org(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="移动组织（连同全部下级）", request=MoveOrganisationSerializer,
                   responses=OrganisationSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, code=None):
        org = self.get_object()
        body = MoveOrganisationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        parent = find_org(request.user, body.validated_data["parent"], field="parent")
        org = actions.move_org(request.user, org, parent)
        return Response(OrganisationSerializer(org).data)

    @extend_schema(summary="恢复已删除的组织", request=None, responses=OrganisationSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, code=None):
        deleted = Organisation.all_objects.visible_to(request.user).filter(deleted_at__isnull=False)
        org = actions.restore_org(request.user, get_or_404(deleted, code=code))
        return Response(OrganisationSerializer(org).data)


def _input(request, *, partial):
    serializer = OrganisationInputSerializer(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


router = SimpleRouter()
router.register("orgs", OrganisationViewSet, basename="org")
urlpatterns = router.urls
