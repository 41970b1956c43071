from django.apps import AppConfig
from django.utils.translation import gettext_lazy, pgettext_lazy


class SafetyConfig(AppConfig):
    name = "gonghui.safety"
    label = "safety"
    verbose_name = gettext_lazy("安全生产监督")
    # SAFETY: triage, rectification, verification, monitors, 安康杯; federations hold it for their subtree.
    menu = (pgettext_lazy("菜单", "安全生产监督"), "safety:home", "/safety/", "safety")
    # Members report hazards from the phone and follow their own reports.
    member_menu = (pgettext_lazy("菜单", "隐患随手拍"), "safety:my", "/safety/")
