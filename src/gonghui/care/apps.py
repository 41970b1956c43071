from django.apps import AppConfig
from django.utils.translation import gettext_lazy, pgettext_lazy


class CareConfig(AppConfig):
    name = "gonghui.care"
    label = "care"
    verbose_name = gettext_lazy("送温暖")
    # core.capabilities.CARE: the accounts app cannot be imported this early.
    menu = (pgettext_lazy("菜单", "送温暖"), "care:home", "/care/", "care")
    member_menu = (pgettext_lazy("菜单", "关怀"), "care:my", "/care/")
