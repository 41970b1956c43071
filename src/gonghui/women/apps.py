from django.apps import AppConfig
from django.utils.translation import gettext_lazy, pgettext_lazy


class WomenConfig(AppConfig):
    name = "gonghui.women"
    label = "women"
    verbose_name = gettext_lazy("女职工工作")
    # VIEW: federations read the figures and which unions lack a committee; maternity records need WOMEN.
    menu = (pgettext_lazy("菜单", "女职工工作"), "women:home", "/women/", "view")

    def ready(self):
        from gonghui.members import sections

        from .links import member_links

        sections.register(member_links)
