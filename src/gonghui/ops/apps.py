from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class OpsConfig(AppConfig):
    """Running an instance: backups and restores (``archive``), moving the database, rotating the data key."""

    name = "gonghui.ops"
    label = "ops"
    verbose_name = gettext_lazy("运维")
