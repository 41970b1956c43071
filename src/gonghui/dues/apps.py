from django.apps import AppConfig


class DuesConfig(AppConfig):
    name = "gonghui.dues"
    label = "dues"
    verbose_name = "会费"
