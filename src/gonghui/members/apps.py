from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = _("会员")

    def ready(self):
        from gonghui.core import scope

        from .queries import member_for

        scope.resolve_members_with(member_for)
