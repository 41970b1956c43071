from django.apps import AppConfig
from django.utils.translation import gettext_lazy, pgettext_lazy


class WomenConfig(AppConfig):
    name = "gonghui.women"
    label = "women"
    verbose_name = gettext_lazy("女职工工作")
    # VIEW: federations read the figures and which unions lack a committee; maternity records need WOMEN.
    menu = (pgettext_lazy("菜单", "女职工工作"), "women:home", "/women/", "view")

    def ready(self):
        from gonghui.core import record_links
        from gonghui.core.capabilities import WOMEN
        from gonghui.members.models import Sex

        record_links.register("members.member", gettext_lazy("生育保护（孕期、产假、哺乳期）"), "women:member",
                              capability=WOMEN, when=lambda member: member.sex == Sex.FEMALE)
