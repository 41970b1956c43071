from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class CongressConfig(AppConfig):
    name = "gonghui.congress"
    label = "congress"
    verbose_name = "职代会"
    menu = (pgettext_lazy("菜单", "职代会"), "congress:home", "/congress/", "run_congress")
    member_menu = (pgettext_lazy("菜单", "职代会"), "congress:my", "/congress/")
