from django.apps import AppConfig
from django.utils.translation import gettext_lazy, pgettext_lazy


class SupervisionConfig(AppConfig):
    name = "gonghui.supervision"
    label = "supervision"
    verbose_name = gettext_lazy("劳动法律监督")
    # core.capabilities.MEDIATE (rights work: mediation and supervision); the accounts app cannot be imported this early.
    menu = (pgettext_lazy("菜单", "劳动法律监督"), "supervision:home", "/supervision/", "mediate")
