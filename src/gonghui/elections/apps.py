from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ElectionsConfig(AppConfig):
    name = "gonghui.elections"
    label = "elections"
    verbose_name = _("换届选举")
    menu = (pgettext_lazy("菜单", "换届选举"), "elections:home", "/elections/", "run_elections")  # core.capabilities.RUN_ELECTIONS
    member_menu = (pgettext_lazy("菜单", "选举"), "elections:mine", "/elections/")
