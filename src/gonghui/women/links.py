"""The women workers' link on a member's page (``members.sections``): her maternity records, for WOMEN holders."""
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import scope
from gonghui.core.capabilities import WOMEN
from gonghui.members.models import Sex


def member_links(user, member):
    if member.sex != Sex.FEMALE or not scope.can(user, WOMEN, member.union):
        return []
    return [(_("生育保护（孕期、产假、哺乳期）"), reverse("women:member", args=[member.pk]))]
