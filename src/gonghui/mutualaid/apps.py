from django.apps import AppConfig
from django.utils.translation import gettext_lazy, pgettext_lazy


class MutualaidConfig(AppConfig):
    name = "gonghui.mutualaid"
    label = "mutualaid"
    verbose_name = gettext_lazy("互助保障与体检")
    menu = (pgettext_lazy("菜单", "互助保障"), "mutualaid:home", "/mutual-aid/", "care")  # capabilities.CARE; accounts is not importable this early
    member_menu = (pgettext_lazy("菜单", "互助保障"), "mutualaid:mine", "/mutual-aid/")
