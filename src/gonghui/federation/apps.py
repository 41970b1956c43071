from django.apps import AppConfig
from django.utils.translation import gettext_lazy, pgettext_lazy


class FederationConfig(AppConfig):
    name = "gonghui.federation"
    label = "federation"
    verbose_name = gettext_lazy("总工会")
    menu = (pgettext_lazy("菜单", "联合会/总工会"), "federation:home", "/federation/", "federation")

    def ready(self):
        from gonghui.members.signals import members_changed

        from . import counts

        members_changed.connect(counts.on_members_changed, dispatch_uid="federation.counts")
        from gonghui.orgs import headcount

        from . import stats_counts

        headcount.provide_subtrees(stats_counts.subtree_totals)
