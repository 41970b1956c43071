from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Frequency


class PreferenceForm(forms.Form):
    email = forms.CharField(label=_("电子邮箱"), required=False, max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                            help_text=_("您本人的邮箱；只用于发送待办提醒"))
    email_on = forms.BooleanField(label=_("发送到电子邮箱"), required=False)
    wecom_on = forms.BooleanField(label=_("发送到本工会企业微信群"), required=False)
    dingtalk_on = forms.BooleanField(label=_("发送到本工会钉钉群"), required=False)
    frequency = forms.ChoiceField(label=_("发送频率"), choices=Frequency.choices, widget=forms.RadioSelect)
    sources = forms.MultipleChoiceField(label=_("接收哪些待办"), required=False, widget=forms.CheckboxSelectMultiple,
                                        help_text=_("投票、选举等不会发送"))

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].choices = [(s.key, s.label) for s in sources]


class ChannelForm(forms.Form):
    wecom_webhook = forms.CharField(label=_("企业微信群机器人 Webhook 地址"), required=False, max_length=500,
                                    help_text=_("留空则保持不变"))
    clear_wecom = forms.BooleanField(label=_("停用企业微信群机器人"), required=False)
    dingtalk_webhook = forms.CharField(label=_("钉钉群机器人 Webhook 地址"), required=False, max_length=500,
                                       help_text=_("留空则保持不变"))
    dingtalk_secret = forms.CharField(label=_("钉钉加签密钥（可选）"), required=False, max_length=200,
                                      widget=forms.PasswordInput(render_value=False),
                                      help_text=_("机器人安全设置选择“加签”时填写；留空则保持不变"))
    clear_dingtalk = forms.BooleanField(label=_("停用钉钉群机器人"), required=False)
