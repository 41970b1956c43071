from django.apps import AppConfig
from django.utils.translation import gettext_lazy, pgettext_lazy


class RatingsConfig(AppConfig):
    name = "gonghui.ratings"
    label = "ratings"
    verbose_name = gettext_lazy("星级评定")
    # RATE: the federation defines schemes and reviews; grassroots unions self-assess (core.capabilities).
    menu = (pgettext_lazy("菜单", "星级评定"), "ratings:home", "/ratings/", "rate")
