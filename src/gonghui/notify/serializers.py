from rest_framework import serializers

from .models import Channel, Frequency, Message


class PreferenceSerializer(serializers.Serializer):
    email = serializers.CharField(required=False, allow_blank=True, max_length=254, default="")
    email_on = serializers.BooleanField(required=False, default=False)
    wecom_on = serializers.BooleanField(required=False, default=False)
    dingtalk_on = serializers.BooleanField(required=False, default=False)
    # Plain text (the action checks it): a ChoiceField here would collide with other apps' "frequency" enums.
    frequency = serializers.CharField(required=False, default=Frequency.DAILY, max_length=10,
                                      help_text="daily（每天汇总一次）或 immediate（有新待办即发送）")
    muted_sources = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list)


class ChannelStatusSerializer(serializers.Serializer):
    org = serializers.CharField(source="union.code")
    wecom_set = serializers.BooleanField()
    dingtalk_set = serializers.BooleanField()
    dingtalk_signed = serializers.BooleanField()


class ChannelInputSerializer(serializers.Serializer):
    wecom_webhook = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    dingtalk_webhook = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    dingtalk_secret = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    clear = serializers.ListField(child=serializers.ChoiceField(choices=["wecom", "dingtalk"]), required=False,
                                  default=list)


class TestInputSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=[(Channel.WECOM.value, Channel.WECOM.label),
                                               (Channel.DINGTALK.value, Channel.DINGTALK.label)])


class MessageSerializer(serializers.ModelSerializer):
    org = serializers.CharField(source="union.code", default=None, read_only=True)
    recipient = serializers.SerializerMethodField()
    kind = serializers.CharField(read_only=True, help_text="digest（待办汇总）、reminder（提醒）或 test（测试消息）")

    class Meta:
        model = Message
        fields = ["id", "channel", "kind", "org", "recipient", "subject", "state", "attempts", "last_error",
                  "next_attempt_at", "created_at", "sent_at"]
        read_only_fields = fields

    def get_recipient(self, message) -> str:
        return (message.user.name or message.user.username) if message.user_id else ""
