from django.apps import AppConfig
from django.utils.translation import gettext_lazy, pgettext_lazy


class MediationConfig(AppConfig):
    name = "gonghui.mediation"
    label = "mediation"
    verbose_name = gettext_lazy("劳动争议调解")
    # VIEW: federations read the figures; case details need MEDIATE (core.capabilities).
    menu = (pgettext_lazy("菜单", "劳动争议调解"), "mediation:home", "/mediation/", "view")
