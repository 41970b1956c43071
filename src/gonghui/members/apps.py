from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = "会员"

    def ready(self):
        from gonghui.core import scope

        from .queries import member_for

        scope.resolve_members_with(member_for)
