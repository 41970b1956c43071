from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = _("会员")

    def ready(self):
        from gonghui.core import scope
        from gonghui.orgs import headcount, signals as org_signals

        from . import counts, receivers
        from .queries import member_for

        scope.resolve_members_with(member_for)
        headcount.provide(counts)
        org_signals.union_changed.connect(receivers.follow_union, dispatch_uid="members.follow_union")
