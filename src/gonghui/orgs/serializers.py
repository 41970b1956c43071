"""How organisations look in the API, and what the API accepts to create or change one."""
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from gonghui.core.api import DateField

from .models import Kind, Organisation, UnionType


class OrganisationSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", default=None, read_only=True, label=gettext_lazy("上级组织代码"))
    union = serializers.CharField(source="union.code", default=None, read_only=True, label=gettext_lazy("所属基层工会代码"))
    kind_label = serializers.CharField(read_only=True, label=gettext_lazy("层级（中文）"))
    founded_on = DateField(read_only=True, label=gettext_lazy("成立日期"))

    class Meta:
        model = Organisation
        fields = ["id", "code", "name", "kind", "kind_label", "union_type", "parent", "union", "depth", "uscc",
                  "founded_on", "chair_name", "legal_cert_no", "address", "employee_count", "phone",
                  "created_at", "updated_at", "deleted_at"]
        read_only_fields = fields


class OrganisationInputSerializer(serializers.Serializer):
    """Fields to create (all that apply) or update (any subset). ``parent`` and ``kind`` are fixed
    after creation: moving is ``POST …/move/``. Required fields and formats are checked by the action,
    so the API, the web form and the CLI give the same Chinese messages."""

    parent = serializers.CharField(label=gettext_lazy("上级组织代码"), required=False, allow_blank=True)
    kind = serializers.ChoiceField(label=gettext_lazy("层级"), choices=Kind.choices, required=False,
                                   error_messages={"invalid_choice": gettext_lazy("“{input}”不是可选的层级")})
    code = serializers.CharField(label=gettext_lazy("组织代码"), required=False, allow_blank=True, max_length=32)
    name = serializers.CharField(label=gettext_lazy("名称"), required=False, allow_blank=True, max_length=100)
    union_type = serializers.ChoiceField(label=gettext_lazy("基层工会类型"), choices=UnionType.choices, required=False,
                                         allow_blank=True,
                                         error_messages={"invalid_choice": gettext_lazy("“{input}”不是可选的基层工会类型")})
    uscc = serializers.CharField(label=gettext_lazy("统一社会信用代码"), required=False, allow_blank=True, max_length=18)
    founded_on = DateField(label=gettext_lazy("成立日期"), required=False, allow_null=True)
    chair_name = serializers.CharField(label=gettext_lazy("主席"), required=False, allow_blank=True, max_length=50)
    legal_cert_no = serializers.CharField(label=gettext_lazy("法人资格证书号"), required=False, allow_blank=True, max_length=50)
    address = serializers.CharField(label=gettext_lazy("地址"), required=False, allow_blank=True, max_length=200)
    employee_count = serializers.IntegerField(label=gettext_lazy("职工人数"), required=False, allow_null=True, min_value=0,
                                              error_messages={"invalid": gettext_lazy("应为整数"),
                                                              "min_value": gettext_lazy("不能为负数")})
    phone = serializers.CharField(label=gettext_lazy("联系电话"), required=False, allow_blank=True, max_length=30)


class MoveOrganisationSerializer(serializers.Serializer):
    parent = serializers.CharField(label=gettext_lazy("新的上级组织代码"))
