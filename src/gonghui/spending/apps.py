from django.apps import AppConfig


class SpendingConfig(AppConfig):
    name = "gonghui.spending"
    label = "spending"
    verbose_name = "经费开支规则"
