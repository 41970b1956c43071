from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class NoticesConfig(AppConfig):
    name = "gonghui.notices"
    label = "notices"
    verbose_name = "厂务校务公开"
    # Officers: everyone with VIEW reads coverage (a federation officer too); publishing needs PUBLISH_NOTICES.
    menu = (pgettext_lazy("菜单", "公开"), "notices:home", "/notices/", "view")  # core.capabilities.VIEW (not importable this early)
    member_menu = (pgettext_lazy("菜单", "公开"), "notices:mine", "/notices/")
