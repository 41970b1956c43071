"""The roster's answers to signals of the layers below it (``orgs.signals``)."""
from django.utils.translation import gettext as _

from gonghui.core.errors import ActionError

from .models import Member


def follow_union(sender, *, orgs, union_id, **kwargs):
    """Branches and groups moved to another union: their members move with them, unless a member number
    would then be taken twice in the new union (refused, naming the field ``parent``)."""
    moved = Member.objects.filter(org__in=orgs.values("id"))
    if moved.filter(member_no__in=Member.objects.filter(union_id=union_id).values("member_no")).exists():
        raise ActionError(_("移入的会员编号与目标基层工会的会员编号重复，请先调整编号"), field="parent")
    Member.all_objects.filter(org__in=orgs.values("id")).update(union_id=union_id)
