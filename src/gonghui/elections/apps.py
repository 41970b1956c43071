from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "gonghui.elections"
    label = "elections"
    verbose_name = "换届选举"
