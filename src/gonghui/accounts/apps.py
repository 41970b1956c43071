from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gonghui.accounts"
    label = "accounts"
    verbose_name = _("账号与角色")

    def ready(self):
        from gonghui.members import logins

        from .actions import link_member_account

        logins.provide(link_member_account)

        from django.contrib.auth.signals import user_logged_out

        from .tokens import revoke_on_logout

        user_logged_out.connect(revoke_on_logout, dispatch_uid="gonghui.accounts.revoke_on_logout")
