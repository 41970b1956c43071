from django.apps import AppConfig
from django.utils.translation import gettext_lazy, pgettext_lazy


class HonoursConfig(AppConfig):
    name = "gonghui.honours"
    label = "honours"
    verbose_name = gettext_lazy("评先评优")
    # VIEW: federations and officers read rounds, lists and figures; RUN_EVENTS runs a selection.
    menu = (pgettext_lazy("菜单", "评先评优"), "honours:home", "/honours/", "view")
    member_menu = (pgettext_lazy("菜单", "评先评优"), "honours:mine", "/honours/")

    def ready(self):
        from gonghui.core import record_links

        # A member's honours, linked from the member's record (members cannot import this app).
        record_links.register("members.member", gettext_lazy("荣誉记录"), "honours:member")
