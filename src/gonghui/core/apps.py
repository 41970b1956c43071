from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = _("核心")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import keys, metrics
        from .middleware import IdleSessionMiddleware

        metrics.autodiscover()
        user_logged_in.connect(IdleSessionMiddleware.on_login, dispatch_uid="gonghui-session-refreshed")
        post_migrate.connect(keys.on_post_migrate, dispatch_uid="gonghui-key-check")
        checks.register(data_key_check, checks.Tags.security)


def data_key_check(app_configs=None, **kwargs):
    """``gonghui check``: a malformed personal-data key is an error (the database is checked at start-up)."""
    from django.conf import settings

    from .crypto import KeyProblem, master_key

    if not settings.GONGHUI_DATA_KEY:
        return []
    try:
        master_key(settings.GONGHUI_DATA_KEY)
    except KeyProblem as exc:
        return [checks.Error(str(exc), hint="GONGHUI_DATA_KEY", id="gonghui.E001")]
    return []
