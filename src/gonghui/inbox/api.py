"""REST endpoints for the inbox (mounted under /api/inbox/): the counts with the first items of each source,
and batch handling through each source's own action (one transaction per item, a Chinese reason per refusal)."""
from django.http import Http404
from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.core import inbox
from gonghui.core.errors import ActionError

from .serializers import InboxBatchInputSerializer, InboxBatchSerializer, InboxSerializer


def _list_url(source):
    return reverse(source.list_url) if source.list_url else ""


class InboxView(APIView):
    @extend_schema(summary="我的待办：每类待办的数量与最早的几项", responses={200: InboxSerializer})
    def get(self, request):
        sections = inbox.summary(request.user)
        return Response({
            "total": sum(s.count for s in sections),
            "sources": [{"key": s.source.key, "label": str(s.source.label), "count": s.count,
                         "list_url": _list_url(s.source), "batch_label": str(s.source.batch_label or ""),
                         "batch_params": list(s.source.batch_params),
                         "items": [{"title": i.title, "url": i.url, "pk": i.pk, "org": i.org, "due": i.due,
                                    "detail": i.detail} for i in s.items]}
                        for s in sections],
        })


class InboxBatchView(APIView):
    @extend_schema(summary="批量办理待办（逐项办理，逐项返回结果与原因）", request=InboxBatchInputSerializer,
                   responses={200: InboxBatchSerializer})
    def post(self, request, source):
        src = inbox.get(source)
        if src is None or not src.applies_to(request.user) or src.batch is None:
            raise Http404
        body = InboxBatchInputSerializer(data=request.data)
        if not body.is_valid():
            return Response(body.errors, status=status.HTTP_400_BAD_REQUEST)
        data = body.validated_data
        params = {"reason": data.get("reason", ""), "note": data.get("note", "")}
        try:
            outcomes = inbox.run_batch(request.user, src, data["pks"], params)
        except ActionError as exc:
            return Response(exc.message_dict, status=status.HTTP_400_BAD_REQUEST)
        return Response({"done": sum(1 for o in outcomes if o.ok),
                         "results": [{"pk": o.pk, "ok": o.ok, "message": o.message} for o in outcomes]})


urlpatterns = [
    path("", InboxView.as_view(), name="inbox"),
    path("<str:source>/batch/", InboxBatchView.as_view(), name="inbox-batch"),
]
