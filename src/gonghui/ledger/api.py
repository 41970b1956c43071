"""REST endpoints of the books (mounted at /api/finance/ledger/).

Vouchers and attachments come from ``visible_to(user, VIEW_FINANCE)`` (out of scope → 404); a union
from ``?org=<code>`` inside the same scope. Every change is a ``ledger.actions`` call, which checks the
capability (403), validates (400 with Chinese messages naming the line and column) and audits.
Statements are returned as their printed tables; append ``?format=xlsx`` or ``pdf`` on the web pages
for the documents.
"""
import datetime
from decimal import Decimal

from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from gonghui.core.capabilities import KEEP_BOOKS, VIEW_FINANCE
from gonghui.core.api import NOT_FOUND, NewestFirstPagination
from gonghui.core.errors import ActionError
from gonghui.orgs.unions import current_union
from gonghui.members.models import Member
from gonghui.orgs.models import Organisation

from . import actions, lookups, queries, statements
from .chart import chart_for
from .models import Account, Period, Voucher, VoucherStatus
from .serializers import (LedgerAccountSerializer, LedgerPeriodInputSerializer, LedgerPeriodSerializer,
                          LedgerStatementSerializer, VoucherAttachmentSerializer, VoucherAttachmentUploadSerializer,
                          VoucherReasonSerializer, VoucherReverseSerializer,
                          VoucherDetailSerializer, VoucherInputSerializer, VoucherSerializer)

ORG = OpenApiParameter("org", str, description="基层工会代码（默认：您范围内的第一个基层工会）")
MONTH = OpenApiParameter("month", str, description="月份，如 2026-03（默认本月）")
VOUCHER_FILTERS = [
    ORG,
    OpenApiParameter("status", str, enum=VoucherStatus.values, description="状态"),
    OpenApiParameter("month", str, description="月份，如 2026-03"),
    OpenApiParameter("account", str, description="科目编码（含明细科目）"),
    OpenApiParameter("source", str, description="来源，如 manual、dues、funds、reversal"),
    OpenApiParameter("q", str, description="摘要或凭证号"),
]


def _union(request, cap=VIEW_FINANCE, code=None):
    return current_union(request, cap, code=code, post=False)


def _lines(request, union, raw_lines):
    """API line dicts → action line dicts; members by id and units by code inside the union and scope."""
    member_ids = {ln.get("member") for ln in raw_lines if ln.get("member")}
    unit_codes = {ln.get("org") for ln in raw_lines if ln.get("org")}
    members = {m.pk: m for m in Member.objects.visible_to(request.user).filter(union=union, pk__in=member_ids)}
    units = {o.code: o for o in Organisation.objects.visible_to(request.user, VIEW_FINANCE)
             .filter(union=union, code__in=unit_codes)}
    out, errors = [], []
    for i, ln in enumerate(raw_lines, start=1):
        row = {k: ln.get(k) for k in ("account", "debit", "credit", "memo")}
        row["member"] = members.get(ln.get("member")) if ln.get("member") else None
        row["org"] = units.get(ln.get("org")) if ln.get("org") else None
        if ln.get("member") and row["member"] is None:
            errors.append(_("第%(row)s行 会员: 会员不存在或不属于%(union)s") % {"row": i, "union": union.name})
        if ln.get("org") and row["org"] is None:
            errors.append(_("第%(row)s行 部门: 组织不存在或不属于%(union)s") % {"row": i, "union": union.name})
        out.append(row)
    if errors:
        raise ActionError(errors={"lines": errors})
    return out


def _detail(voucher, code=status.HTTP_200_OK):
    voucher = (Voucher.objects.select_related("union", "prepared_by", "reviewed_by", "approved_by", "posted_by")
               .prefetch_related("lines__account", "lines__member", "lines__org", "attachments__uploaded_by")
               .get(pk=voucher.pk))
    return Response(VoucherDetailSerializer(voucher).data, status=code)


@extend_schema_view(list=extend_schema(summary="会计科目表", parameters=[ORG]))
class AccountViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = LedgerAccountSerializer
    pagination_class = None

    def get_queryset(self):
        union = _union(self.request)
        return Account.objects.filter(chart=chart_for(union)).select_related("parent").order_by("sort", "code")


@extend_schema_view(
    list=extend_schema(summary="记账凭证列表（最新在前，游标分页）", parameters=VOUCHER_FILTERS),
    retrieve=extend_schema(summary="凭证详情（分录、附件）", responses=VoucherDetailSerializer),
)
class VoucherViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = VoucherSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = lookups.voucher_queryset(self.request.user)
        if self.action == "list":
            union = _union(self.request)
            qs = lookups.VoucherFilters.from_params(self.request.query_params).apply(qs.filter(union=union))
        return qs

    def get_object(self):
        return lookups.voucher_for(self.request.user, self.kwargs["pk"])

    def retrieve(self, request, pk=None):
        return _detail(self.get_object())

    @extend_schema(summary="录入凭证（待审核）", request=VoucherInputSerializer, responses={201: VoucherDetailSerializer})
    def create(self, request):
        s = VoucherInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        union = _union(request, KEEP_BOOKS, code=d.get("org") or "")
        voucher = actions.create_voucher(request.user, union=union, date=d.get("date"), summary=d.get("summary", ""),
                                         lines=_lines(request, union, d.get("lines") or []),
                                         category=d.get("category", ""))
        return _detail(voucher, status.HTTP_201_CREATED)

    @extend_schema(summary="修改待审核的凭证（只改提交的字段；分录整体替换）", request=VoucherInputSerializer,
                   responses=VoucherDetailSerializer)
    def partial_update(self, request, pk=None):
        voucher = self.get_object()
        s = VoucherInputSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        lines = _lines(request, voucher.union, d["lines"]) if "lines" in d else None
        voucher = actions.update_voucher(request.user, voucher, date=d.get("date"), summary=d.get("summary"),
                                         lines=lines, category=d.get("category"))
        return _detail(voucher)

    @extend_schema(summary="删除待审核的凭证", request=None, responses={204: None})
    def destroy(self, request, pk=None):
        actions.delete_voucher(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="审核（审核人不能是制单人）", request=None, responses=VoucherDetailSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        return _detail(actions.review_voucher(request.user, self.get_object()))

    @extend_schema(summary="批准（批准人不能是制单人或审核人）", request=None, responses=VoucherDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return _detail(actions.approve_voucher(request.user, self.get_object()))

    @extend_schema(summary="记账", request=None, responses=VoucherDetailSerializer)
    @action(detail=True, methods=["post"])
    def post(self, request, pk=None):
        return _detail(actions.post_voucher(request.user, self.get_object()))

    @extend_schema(summary="退回制单人（未记账的凭证）", request=VoucherReasonSerializer, responses=VoucherDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        voucher = self.get_object()
        s = VoucherReasonSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return _detail(actions.return_voucher(request.user, voucher, reason=s.validated_data["reason"]))

    @extend_schema(summary="红字冲销：生成借贷相反的新凭证", request=VoucherReverseSerializer,
                   responses={201: VoucherDetailSerializer})
    @action(detail=True, methods=["post"])
    def reverse(self, request, pk=None):
        voucher = self.get_object()
        s = VoucherReverseSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        reversal = actions.reverse_voucher(request.user, voucher, date=s.validated_data["date"],
                                           reason=s.validated_data["reason"])
        return _detail(reversal, status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], summary="凭证的附件", request=None, responses=VoucherAttachmentSerializer(many=True))
    @extend_schema(methods=["post"], summary="上传原始凭证附件",
                   request={"multipart/form-data": VoucherAttachmentUploadSerializer},
                   responses={201: VoucherAttachmentSerializer})
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def attachments(self, request, pk=None):
        voucher = self.get_object()
        if request.method == "GET":
            rows = voucher.attachments.select_related("uploaded_by")
            return Response(VoucherAttachmentSerializer(rows, many=True).data)
        s = VoucherAttachmentUploadSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        attachment = actions.add_attachment(request.user, voucher, s.validated_data["file"])
        return Response(VoucherAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class AttachmentViewSet(viewsets.GenericViewSet):
    lookup_value_regex = r"\d+"
    serializer_class = VoucherAttachmentSerializer

    @extend_schema(summary="下载附件", responses={(200, "*/*"): OpenApiTypes.BINARY})  # the file's own type (PDF, image …)
    def retrieve(self, request, pk=None):
        attachment = lookups.attachment_for(request.user, pk)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404(NOT_FOUND) from None
        return FileResponse(handle, as_attachment=True, filename=attachment.name)


@extend_schema_view(list=extend_schema(summary="会计期间（结账状态）", parameters=[
    ORG, OpenApiParameter("year", int, description="年度（默认今年）")]))
class PeriodViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = LedgerPeriodSerializer
    pagination_class = None

    def get_queryset(self):
        union = _union(self.request)
        year = lookups.year_month(self.request.query_params)[0]
        return Period.objects.filter(union=union, year=year).select_related("closed_by").order_by("month")

    def _period(self, request):
        s = LedgerPeriodInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        union = current_union(request, VIEW_FINANCE, code=s.validated_data["org"], deny=False)
        try:
            year, month = lookups.parse_month(s.validated_data["month"])
        except ValueError as exc:
            raise ActionError(str(exc), field="month") from None
        return union, year, month, s.validated_data["reason"]

    @extend_schema(summary="结账（该月凭证须全部记账，之前各月须已结账）", request=LedgerPeriodInputSerializer,
                   responses=LedgerPeriodSerializer)
    @action(detail=False, methods=["post"])
    def close(self, request):
        union, year, month, _reason = self._period(request)
        return Response(LedgerPeriodSerializer(actions.close_period(request.user, union, year, month)).data)

    @extend_schema(summary="反结账（仅系统管理员，须写原因）", request=LedgerPeriodInputSerializer, responses=LedgerPeriodSerializer)
    @action(detail=False, methods=["post"])
    def reopen(self, request):
        union, year, month, reason = self._period(request)
        period = actions.reopen_period(request.user, union, year, month, reason=reason)
        return Response(LedgerPeriodSerializer(period).data)


def _plain(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _statement_response(report, balanced=None):
    return Response({"title": report.title, "unit": report.unit, "period": report.period, "headers": report.headers,
                     "rows": [[_plain(v) for v in row] for row in report.rows], "balanced": balanced})


class _StatementView(APIView):
    serializer_class = LedgerStatementSerializer


class TrialBalanceView(_StatementView):
    @extend_schema(summary="科目余额表（试算平衡表）", parameters=[ORG, MONTH], responses=LedgerStatementSerializer)
    def get(self, request):
        union = _union(request)
        year, month = lookups.year_month(request.query_params)
        tb = queries.trial_balance(union, year, month)
        return _statement_response(statements.trial_balance_report(union, tb), tb.balanced)


class IncomeStatementView(_StatementView):
    @extend_schema(summary="收入支出表（本月数、本年累计数）", parameters=[ORG, MONTH], responses=LedgerStatementSerializer)
    def get(self, request):
        union = _union(request)
        year, month = lookups.year_month(request.query_params)
        return _statement_response(statements.income_statement_report(statements.income_statement(union, year, month)))


class BalanceSheetView(_StatementView):
    @extend_schema(summary="资产负债表（年初数、期末数）", parameters=[ORG, MONTH], responses=LedgerStatementSerializer)
    def get(self, request):
        union = _union(request)
        year, month = lookups.year_month(request.query_params)
        bs = statements.balance_sheet(union, year, month)
        return _statement_response(statements.balance_sheet_report(bs), bs.balanced)


ACCOUNT = OpenApiParameter("account", str, description="科目编码（默认102）")


class GeneralLedgerView(_StatementView):
    @extend_schema(summary="总账（按月）", parameters=[ORG, ACCOUNT, OpenApiParameter("year", int)],
                   responses=LedgerStatementSerializer)
    def get(self, request):
        union = _union(request)
        account = lookups.account_by_code(union, request.query_params.get("account") or "102")
        year = lookups.year_month(request.query_params)[0]
        return _statement_response(statements.ledger_report(statements.general_ledger(union, account, year),
                                                            with_voucher=False))


class SubsidiaryLedgerView(_StatementView):
    @extend_schema(summary="明细账（逐笔、余额）", parameters=[
        ORG, ACCOUNT, OpenApiParameter("from", OpenApiTypes.DATE), OpenApiParameter("to", OpenApiTypes.DATE),
        OpenApiParameter("member", int, description="会员id"), OpenApiParameter("unit", str, description="部门代码")],
        responses=LedgerStatementSerializer)
    def get(self, request):
        user, params = request.user, request.query_params
        union = _union(request)
        account = lookups.account_by_code(union, params.get("account") or "102")
        today = timezone.localdate()
        start = lookups.date_param(params, "from", datetime.date(today.year, 1, 1))
        end = lookups.date_param(params, "to", datetime.date(today.year, 12, 31))
        member = lookups.member_in_union(user, union, params.get("member")) if params.get("member") else None
        unit = lookups.unit_in_union(user, union, params.get("unit"))
        if (params.get("member") and member is None) or (params.get("unit") and unit is None):
            raise Http404(NOT_FOUND)
        ledger = statements.subsidiary_ledger(union, account, min(start, end), max(start, end), member=member, org=unit)
        return _statement_response(statements.ledger_report(ledger))


def _urls():
    from django.urls import path

    router = SimpleRouter()
    router.register("accounts", AccountViewSet, basename="ledger-account")
    router.register("vouchers", VoucherViewSet, basename="ledger-voucher")
    router.register("attachments", AttachmentViewSet, basename="ledger-attachment")
    router.register("periods", PeriodViewSet, basename="ledger-period")
    return router.urls + [
        path("trial-balance/", TrialBalanceView.as_view(), name="ledger-trial-balance"),
        path("income-statement/", IncomeStatementView.as_view(), name="ledger-income-statement"),
        path("balance-sheet/", BalanceSheetView.as_view(), name="ledger-balance-sheet"),
        path("general-ledger/", GeneralLedgerView.as_view(), name="ledger-general-ledger"),
        path("subsidiary-ledger/", SubsidiaryLedgerView.as_view(), name="ledger-subsidiary-ledger"),
    ]


urlpatterns = _urls()
