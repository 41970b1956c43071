from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class InboxConfig(AppConfig):
    """The to-do inbox (待办) and the member's service hub: the top of the house, it reads every app's
    ``inbox.py`` (through ``core.inbox``) and nothing imports it."""

    name = "gonghui.inbox"
    label = "inbox"
    verbose_name = gettext_lazy("待办")
