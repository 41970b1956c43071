from django.apps import AppConfig


class ContestsConfig(AppConfig):
    name = "gonghui.contests"
    label = "contests"
    verbose_name = "劳动竞赛与比赛"
