from django.apps import AppConfig
from django.utils.translation import gettext_lazy, pgettext_lazy


class AppealsConfig(AppConfig):
    name = "gonghui.appeals"
    label = "appeals"
    verbose_name = gettext_lazy("职工诉求")
    # core.capabilities.RIGHTS: the accounts app cannot be imported this early.
    menu = (pgettext_lazy("菜单", "职工诉求"), "appeals:home", "/appeals/", "rights")
    member_menu = (pgettext_lazy("菜单", "我的诉求"), "appeals:my", "/appeals/")
