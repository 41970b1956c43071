from django.apps import AppConfig


class FinauditConfig(AppConfig):
    name = "gonghui.finaudit"
    label = "finaudit"
    verbose_name = "经审与公开"
