from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class NotifyConfig(AppConfig):
    name = "gonghui.notify"
    label = "notify"
    verbose_name = gettext_lazy("通知")
