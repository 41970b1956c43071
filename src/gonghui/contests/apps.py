from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ContestsConfig(AppConfig):
    name = "gonghui.contests"
    label = "contests"
    verbose_name = _("劳动竞赛与比赛")
    menu = (pgettext_lazy("菜单", "比赛"), "contests:home", "/contests/", "view")  # capabilities.VIEW; accounts is not importable this early
    member_menu = (pgettext_lazy("菜单", "比赛成绩"), "contests:my", "/contests/")
