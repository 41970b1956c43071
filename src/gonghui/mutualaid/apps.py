from django.apps import AppConfig


class MutualaidConfig(AppConfig):
    name = "gonghui.mutualaid"
    label = "mutualaid"
    verbose_name = "互助保障与体检"
