from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ActivitiesConfig(AppConfig):
    name = "gonghui.activities"
    label = "activities"
    verbose_name = _("文体活动")
    # core.capabilities.RUN_EVENTS, written out: capabilities cannot be imported this early.
    menu = (pgettext_lazy("菜单", "活动"), "activities:home", "/activities/", "run_events")
    member_menu = (pgettext_lazy("菜单", "活动"), "activities:mine", "/activities/")

    def ready(self):
        from gonghui.members.signals import members_changed

        from . import summary

        members_changed.connect(summary.on_members_changed, dispatch_uid="activities.summary")
