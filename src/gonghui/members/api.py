"""REST endpoints for members, transfers, imports and exports (mounted under /api/).

Lists use the same ``members.queries`` search, filters, sort and keyset pagination as the web list.
A member id in the URL is looked up in ``Member.objects.visible_to(user)``: out of scope is a 404.
Every change is a ``members.actions`` call with the raw values; it checks the capability (403 for a
member the user can see but not edit), validates (400 with Chinese messages per field) and audits.
"""
import tempfile

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import BasePagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import SimpleRouter
from rest_framework.utils.urls import replace_query_param

from gonghui.core import scope
from gonghui.core.api import NewestFirstPagination, NoteSerializer
from gonghui.core import exports
from gonghui.core.errors import ActionError
from gonghui.core.paging import keyset_page
from gonghui.orgs.lookups import find_org
from gonghui.orgs.models import Organisation

from . import actions, exporting, importing, logins
from .models import EmploymentForm, Member, Sex, Status, Transfer
from .queries import AGE_BANDS, SORTS, Filters, member_queryset
from .serializers import (RevealSerializer, AcceptTransferSerializer, AccountSerializer, DecisionNoteSerializer, ImportSerializer,
                          ImportStartedSerializer, LinkAccountSerializer, MemberInputSerializer, MemberSerializer,
                          MoveMemberSerializer, RetireSerializer, StatusNoteSerializer, TerminateSerializer,
                          TransferOutSerializer, TransferSerializer)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="姓名开头、拼音首字母，或手机号/身份证号后四位"),
    OpenApiParameter("org", str, description="所在组织代码（含其全部下级）"),
    OpenApiParameter("status", str, enum=Status.values, description="会籍状态"),
    OpenApiParameter("sex", str, enum=Sex.values, description="性别"),
    OpenApiParameter("employment_form", str, enum=EmploymentForm.values, description="用工形式"),
    OpenApiParameter("age_band", str, enum=list(AGE_BANDS), description="年龄段"),
    OpenApiParameter("sort", str, enum=list(SORTS), description="排序（默认登记顺序）"),
    OpenApiParameter("deleted", str, enum=["1"], description="1：只列出已删除（可恢复）的会员"),
]


class MemberKeysetPagination(BasePagination):
    """``core.paging.keyset_page`` behind DRF: the ``next`` link carries an ``after`` token
    (sort value and id of the last row), never an offset, so page N costs what page 1 costs."""

    page_size = 50
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        try:
            size = int(request.query_params.get("page_size", self.page_size))
        except ValueError:
            size = self.page_size
        size = max(1, min(size, self.max_page_size))
        rows, self.next_token = keyset_page(queryset, view.filters.order, after=request.query_params.get("after"),
                                            size=size)
        return rows

    def get_next_link(self):
        if not self.next_token:
            return None
        return replace_query_param(self.request.build_absolute_uri(), "after", self.next_token)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": "after", "required": False, "in": "query", "schema": {"type": "string"},
             "description": "上一页返回的游标（取自 next 链接）"},
            {"name": "page_size", "required": False, "in": "query", "schema": {"type": "integer"},
             "description": f"每页条数（最多{self.max_page_size}）"},
        ]


def _member_response(request, member, code=status.HTTP_200_OK):
    return Response(MemberSerializer(member, context={"request": request}).data, status=code)


@extend_schema_view(
    list=extend_schema(summary="会员列表（检索、筛选、排序，游标分页）", parameters=FILTER_PARAMETERS),
    retrieve=extend_schema(summary="会员详情（个人信息按权限脱敏）"),
)
class MemberViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = MemberSerializer
    pagination_class = MemberKeysetPagination
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        if self.action == "list":
            self.filters = Filters(self.request.query_params, user)
            qs = member_queryset(user, self.filters)
        elif self.action == "restore":
            qs = Member.all_objects.visible_to(user).filter(deleted_at__isnull=False)
        else:
            qs = Member.objects.visible_to(user)
        return qs.select_related("org", "union")

    @extend_schema(summary="登记会员", request=MemberInputSerializer, responses={201: MemberSerializer})
    def create(self, request):
        data = _member_input(request, partial=False)
        org = find_org(request.user, data.pop("org", ""), field="org")
        confirm = data.pop("confirm_warnings", False)
        member = actions.create_member(request.user, org=org, data=data, confirm_warnings=confirm)
        return _member_response(request, member, status.HTTP_201_CREATED)

    @extend_schema(summary="修改会员信息（只改提交的字段）", request=MemberInputSerializer,
                   responses=MemberSerializer)
    def partial_update(self, request, pk=None):
        member = self.get_object()
        data = _member_input(request, partial=True)
        if data.pop("org", None):
            raise ActionError(_("调整所在组织请用“调整组织”（POST …/move/），跨基层工会请办理转出"), field="org")
        confirm = data.pop("confirm_warnings", False)
        seen = request.data.get("updated_at") if hasattr(request.data, "get") else None
        member = actions.update_member(request.user, member, data, confirm_warnings=confirm, seen=seen or None)
        return _member_response(request, member)

    @extend_schema(summary="删除会员（可恢复）", request=NoteSerializer, responses={204: None})
    def destroy(self, request, pk=None):
        member = self.get_object()
        actions.delete_member(request.user, member, note=_valid(NoteSerializer, request)["note"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="恢复已删除的会员", request=NoteSerializer, responses=MemberSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        member = actions.restore_member(request.user, self.get_object(),
                                        note=_valid(NoteSerializer, request)["note"])
        return _member_response(request, member)

    @extend_schema(summary="显示完整身份证号和手机号（按权限，每次记入审计）", request=None,
                   responses=RevealSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        member = self.get_object()
        return Response(RevealSerializer({"id": member.pk, **actions.reveal_pii(request.user, member)}).data)

    @extend_schema(summary="调整所在组织（本基层工会内）", request=MoveMemberSerializer, responses=MemberSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        member = self.get_object()
        org = find_org(request.user, _valid(MoveMemberSerializer, request)["org"], field="org")
        return _member_response(request, actions.move_member(request.user, member, org))

    @extend_schema(summary="转出（等待对方接收）", request=TransferOutSerializer, responses={201: TransferSerializer})
    @action(detail=True, methods=["post"], url_path="transfer-out")
    def transfer_out(self, request, pk=None):
        member = self.get_object()
        body = _valid(TransferOutSerializer, request)
        # The receiving union is usually outside the sender's scope, so it is found by its exact
        # code among all organisations; the action refuses before looking at it unless the user
        # may edit this member, so the lookup tells nothing to anyone else.
        to_org = Organisation.objects.filter(code=body["to_org"].strip()).first()
        transfer = actions.transfer_out(request.user, member, to_org=to_org, reason=body["reason"])
        return Response(TransferSerializer(transfer).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="保留会籍（退休）", request=RetireSerializer, responses=MemberSerializer)
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        member = self.get_object()
        body = _valid(RetireSerializer, request)
        member = actions.retire(request.user, member, when=body["when"], note=body["status_note"])
        return _member_response(request, member)

    @extend_schema(summary="终止会籍", request=TerminateSerializer, responses=MemberSerializer)
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        member = self.get_object()
        body = _valid(TerminateSerializer, request)
        member = actions.terminate(request.user, member, reason=body["termination_reason"], when=body["when"],
                                   note=body["status_note"])
        return _member_response(request, member)

    @extend_schema(summary="恢复在籍", request=StatusNoteSerializer, responses=MemberSerializer)
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        member = self.get_object()
        member = actions.reinstate(request.user, member, note=_valid(StatusNoteSerializer, request)["status_note"])
        return _member_response(request, member)

    @extend_schema(summary="开通会员自助登录", request=LinkAccountSerializer, responses={201: AccountSerializer})
    @action(detail=True, methods=["post"], url_path="link-account")
    def link_account(self, request, pk=None):
        member = self.get_object()
        body = _valid(LinkAccountSerializer, request)
        user = logins.link_member_account(request.user, member, username=body["username"],
                                          password=body["password"])
        return Response({"id": user.pk, "username": user.username}, status=status.HTTP_201_CREATED)

    @extend_schema(summary="导出会员名册（.xlsx，个人信息按权限脱敏）", parameters=FILTER_PARAMETERS,
                   description="超过 GONGHUI_EXPORT_IN_REQUEST_ROWS 行的名册转为后台任务：202，按 status_url 查询进度并下载",
                   responses={(200, XLSX): OpenApiTypes.BINARY,
                              202: OpenApiResponse(description="已排队，按 status_url 查询进度")})
    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request):
        filters = Filters(request.query_params, request.user)
        if not exporting.in_request(request.user, filters):
            return exports.accepted(request, exporting.start_export_job(request.user, request.query_params))
        out = tempfile.TemporaryFile()
        exporting.export_members(request.user, filters, out)
        out.seek(0)
        return FileResponse(out, as_attachment=True, filename=exporting.filename(), content_type=XLSX)

    @extend_schema(summary="导入会员名册（后台任务）", request={"multipart/form-data": ImportSerializer},
                   responses={202: OpenApiResponse(ImportStartedSerializer, description="已排队，按 status_url 查询进度")})
    @action(detail=False, methods=["post"], url_path="import", url_name="import",
            parser_classes=[MultiPartParser, FormParser])
    def import_(self, request):
        body = _valid(ImportSerializer, request)
        org = find_org(request.user, body["org"], field="org")
        try:
            importing.check_target(request.user, org)
        except importing.Refused as exc:
            raise ActionError(errors={"org": [p.message for p in exc.problems]}) from None
        job = importing.start_import_job(request.user, org, body["file"], update=body["update"],
                                         dry_run=body["dry_run"])
        url = reverse("api:job-detail", args=[job.pk], request=request)
        return Response({"job": job.pk, "status": job.status, "status_url": url}, status=status.HTTP_202_ACCEPTED,
                        headers={"Location": url})


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _member_input(request, *, partial):
    serializer = MemberInputSerializer(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


TRANSFER_PARAMETERS = [
    OpenApiParameter("state", str, enum=Transfer.State.values, description="办理状态"),
    OpenApiParameter("direction", str, enum=["in", "out"], description="in：转入本单位的；out：本单位转出的"),
]


@extend_schema_view(
    list=extend_schema(summary="会员关系接转（转出方与接收方都可见）", parameters=TRANSFER_PARAMETERS),
    retrieve=extend_schema(summary="接转详情"),
)
class TransferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = TransferSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = Transfer.objects.visible_to(self.request.user).select_related(
            "member", "from_org", "to_org", "new_org", "requested_by", "decided_by")
        if self.action != "list":
            return qs
        params = self.request.query_params
        if params.get("state") in Transfer.State.values:
            qs = qs.filter(state=params["state"])
        direction = params.get("direction")
        if direction in ("in", "out"):
            field = "to_org" if direction == "in" else "from_org"
            qs = qs.filter(scope.org_condition(self.request.user, "view", field))
        return qs

    @extend_schema(summary="接收转入", request=AcceptTransferSerializer, responses=TransferSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        transfer = self.get_object()
        body = _valid(AcceptTransferSerializer, request)
        org = find_org(request.user, body.get("org"), field="org", required=False)
        actions.accept_transfer(request.user, transfer, org=org, note=body["decision_note"])
        return self._fresh(transfer)

    @extend_schema(summary="退回转入申请", request=DecisionNoteSerializer, responses=TransferSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        transfer = self.get_object()
        actions.decline_transfer(request.user, transfer, note=_valid(DecisionNoteSerializer, request)["decision_note"])
        return self._fresh(transfer)

    @extend_schema(summary="撤销转出", request=DecisionNoteSerializer, responses=TransferSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        transfer = self.get_object()
        actions.cancel_transfer(request.user, transfer, note=_valid(DecisionNoteSerializer, request)["decision_note"])
        return self._fresh(transfer)

    def _fresh(self, transfer):
        transfer = Transfer.objects.select_related("member", "from_org", "to_org", "new_org", "requested_by",
                                                   "decided_by").get(pk=transfer.pk)
        return Response(TransferSerializer(transfer).data)


router = SimpleRouter()
router.register("members", MemberViewSet, basename="member")
router.register("transfers", TransferViewSet, basename="transfer")
urlpatterns = router.urls
