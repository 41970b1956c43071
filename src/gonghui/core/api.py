"""API plumbing shared by every app (keyset pagination, Chinese error responses, lookups in a scoped
queryset), and the core app's own endpoint: the caller's background jobs. (An organisation named by
code is ``orgs.lookups.find_org``; the audit trail's endpoint is ``overview.api``.)

DRF's settings name ``KeysetPagination`` and the exception handler in this module, and DRF reads them
while importing its generic views; so this module must not import ``rest_framework.viewsets`` or
``generics`` at the top. The core endpoints are therefore built by ``endpoints()``, called from the
URLconf.
"""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from gonghui.core import jobs
from gonghui.core.models import Job
from gonghui.core.parsing import parse_date
from gonghui.core.serializers import JobSerializer

NOT_FOUND = gettext_lazy("未找到，或不在您的权限范围内")


class KeysetPagination(CursorPagination):
    """Keyset (cursor) pagination on the primary key: page N costs the same as page 1."""

    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    invalid_cursor_message = gettext_lazy("分页游标无效")


class NewestFirstPagination(KeysetPagination):
    """Keyset pagination newest first (audit trail, transfers, jobs)."""

    ordering = "-id"


class TreeOrderPagination(KeysetPagination):
    """Keyset pagination in tree order: ``path`` is unique, so it is a keyset of its own."""

    ordering = "path"


def exception_handler(exc, context):
    """DRF's handler, plus: ``ActionError``/``ValidationError`` → 400 ``{field: [message]}``,
    Django's ``PermissionDenied`` → 403 and ``Http404`` → 404, all with Chinese messages."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        detail = {("non_field_errors" if k == "__all__" else k): v for k, v in detail.items()}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or _("无权执行此操作"))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(NOT_FOUND)
    if isinstance(exc, exceptions.NotAuthenticated):
        exc.detail = _("请先登录")
    return drf_exception_handler(exc, context)


def get_or_404(queryset, **lookup):
    """One row of an already scoped queryset; anything else (absent, out of scope) is a 404."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404(NOT_FOUND)
    return obj


@extend_schema_field(OpenApiTypes.DATE)
class DateField(serializers.Field):
    """A date written the way people write them (2024-01-31, 2024/1/31, 2024年1月31日), with the
    same Chinese messages as the web forms and the Excel import."""

    def to_internal_value(self, data):
        try:
            return parse_date(data)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None

    def to_representation(self, value):
        return value.isoformat() if value else None


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(label=gettext_lazy("说明"), required=False, allow_blank=True, max_length=200, default="")


class DetailSerializer(serializers.Serializer):
    """The body of an error or a plain confirmation."""

    detail = serializers.CharField()


# ---- background jobs ----


def endpoints():
    """A router with ``jobs`` (the caller's own background jobs); see the module docstring for why it is
    built on demand. The audit trail's endpoint is ``overview.api``'s."""
    from rest_framework import mixins, viewsets
    from rest_framework.decorators import action
    from rest_framework.routers import SimpleRouter

    @extend_schema_view(list=extend_schema(summary="我提交的后台任务"),
                        retrieve=extend_schema(summary="后台任务进度与结果"))
    class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
        """Jobs are private to whoever started them: anyone else's job id is a 404."""

        serializer_class = JobSerializer
        pagination_class = NewestFirstPagination
        lookup_value_regex = r"\d+"

        def get_queryset(self):
            return Job.objects.filter(created_by=self.request.user).select_related("org")

        def get_object(self):
            return jobs.with_live_progress(super().get_object())

        @extend_schema(summary="下载任务的结果文件（如导入的标注文件）",
                       responses={(200, "*/*"): OpenApiTypes.BINARY})  # the file's own type (.xlsx, .docx …)
        @action(detail=True, methods=["get"])
        def output(self, request, pk=None):
            job = self.get_object()
            path = jobs.media_path(job.output_file) if job.output_file else None
            if path is None or not path.exists():
                raise Http404(NOT_FOUND)
            return FileResponse(open(path, "rb"), as_attachment=True, filename=path.name)

    router = SimpleRouter()
    router.register("jobs", JobViewSet, basename="job")
    return router
