from django.apps import AppConfig
from django.utils.translation import gettext_lazy, pgettext_lazy


class BargainingConfig(AppConfig):
    name = "gonghui.bargaining"
    label = "bargaining"
    verbose_name = gettext_lazy("集体协商")
    # core.capabilities.RIGHTS: the accounts app cannot be imported this early.
    menu = (pgettext_lazy("菜单", "集体合同"), "bargaining:home", "/bargaining/", "rights")
