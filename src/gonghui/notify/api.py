"""REST endpoints for notifications (mounted under /api/notify/): the user's own preferences, a union's group
robots (never returning a webhook URL or secret, only whether each is set), a test message, and the outbox
with retry. Unions by code inside the scope for ``queries.CHANNEL_CAP``; anything out of scope is a 404;
changes are ``notify.actions`` calls (400 with Chinese messages per field)."""
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.core.api import NOT_FOUND, NewestFirstPagination
from gonghui.orgs.unions import union_by_code

from . import actions, outbox
from .models import Message
from .queries import CHANNEL_CAP, channel_for, outbox_for, preference_for
from .serializers import (ChannelInputSerializer, ChannelStatusSerializer, MessageSerializer, PreferenceSerializer,
                          TestInputSerializer)


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _union(user, code):
    union = union_by_code(user, code, CHANNEL_CAP)
    if union is None or union.code != code:
        raise Http404(NOT_FOUND)
    return union


def _pref_data(pref):
    return {"email": pref.email, "email_on": pref.email_on, "wecom_on": pref.wecom_on,
            "dingtalk_on": pref.dingtalk_on, "frequency": pref.frequency, "muted_sources": pref.muted_sources or []}


def _status(row):
    return ChannelStatusSerializer({"union": row.union, "wecom_set": bool(row.wecom_webhook),
                                    "dingtalk_set": bool(row.dingtalk_webhook),
                                    "dingtalk_signed": bool(row.dingtalk_secret)}).data


class PreferenceView(APIView):
    @extend_schema(summary="我的通知设置", responses=PreferenceSerializer)
    def get(self, request):
        return Response(PreferenceSerializer(_pref_data(preference_for(request.user))).data)

    @extend_schema(summary="修改我的通知设置", request=PreferenceSerializer, responses=PreferenceSerializer)
    def put(self, request):
        pref = actions.set_preferences(request.user, **_valid(PreferenceSerializer, request))
        return Response(PreferenceSerializer(_pref_data(pref)).data)


class ChannelView(APIView):
    @extend_schema(summary="工会群机器人设置情况", responses=ChannelStatusSerializer)
    def get(self, request, code):
        return Response(_status(channel_for(_union(request.user, code))))

    @extend_schema(summary="设置工会群机器人", request=ChannelInputSerializer, responses=ChannelStatusSerializer)
    def put(self, request, code):
        union = _union(request.user, code)
        data = _valid(ChannelInputSerializer, request)
        row = actions.set_channel(request.user, union, wecom_webhook=data["wecom_webhook"] or None,
                                  dingtalk_webhook=data["dingtalk_webhook"] or None,
                                  dingtalk_secret=data["dingtalk_secret"] or None, clear=data["clear"])
        return Response(_status(row))


class ChannelTestView(APIView):
    @extend_schema(summary="发送测试消息", request=TestInputSerializer, responses=MessageSerializer)
    def post(self, request, code):
        union = _union(request.user, code)
        message = actions.send_test(request.user, union, _valid(TestInputSerializer, request)["channel"])
        outbox.deliver(ids=[message.pk])
        message.refresh_from_db()
        return Response(MessageSerializer(message).data)


@extend_schema(summary="通知发送记录", parameters=[
    OpenApiParameter("org", str, description="基层工会代码"),
    OpenApiParameter("state", str, enum=Message.State.values, description="状态")])
class OutboxView(generics.ListAPIView):
    serializer_class = MessageSerializer
    pagination_class = NewestFirstPagination

    def get_queryset(self):
        params = self.request.query_params
        union = _union(self.request.user, params["org"]) if params.get("org") else None
        rows = outbox_for(self.request.user, union).select_related("union", "user")
        if params.get("state") in Message.State.values:
            rows = rows.filter(state=params["state"])
        return rows


class RetryView(APIView):
    @extend_schema(summary="重新发送通知", request=None, responses=MessageSerializer)
    def post(self, request, pk):
        message = outbox_for(request.user).filter(pk=pk).select_related("union").first()
        if message is None:
            raise Http404(NOT_FOUND)
        return Response(MessageSerializer(actions.retry_message(request.user, message)).data)


urlpatterns = [
    path("preferences/", PreferenceView.as_view(), name="notify-preferences"),
    path("channels/<str:code>/", ChannelView.as_view(), name="notify-channel"),
    path("channels/<str:code>/test/", ChannelTestView.as_view(), name="notify-channel-test"),
    path("outbox/", OutboxView.as_view(), name="notify-outbox"),
    path("outbox/<int:pk>/retry/", RetryView.as_view(), name="notify-retry"),
]
