from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = "核心"

    def ready(self):
        from . import metrics

        metrics.autodiscover()
