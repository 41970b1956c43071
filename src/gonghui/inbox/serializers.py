from rest_framework import serializers


class InboxItemSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()
    pk = serializers.IntegerField(allow_null=True)
    org = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    detail = serializers.CharField()


class InboxSourceSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    list_url = serializers.CharField(allow_blank=True)
    batch_label = serializers.CharField(allow_blank=True, help_text="批量办理按钮；空表示不能批量办理")
    batch_params = serializers.ListField(child=serializers.CharField())
    items = InboxItemSerializer(many=True)


class InboxSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    sources = InboxSourceSerializer(many=True)


class InboxBatchInputSerializer(serializers.Serializer):
    pks = serializers.ListField(child=serializers.IntegerField(), allow_empty=False, help_text="要办理的事项")
    reason = serializers.CharField(required=False, allow_blank=True, help_text="批量批准突破规则开支时的理由")
    note = serializers.CharField(required=False, allow_blank=True, help_text="办理意见（可选）")


class InboxOutcomeSerializer(serializers.Serializer):
    pk = serializers.IntegerField()
    ok = serializers.BooleanField()
    message = serializers.CharField(allow_blank=True, help_text="未办理的原因（中文）")


class InboxBatchSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    results = InboxOutcomeSerializer(many=True)
