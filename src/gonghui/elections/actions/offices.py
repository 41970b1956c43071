"""The chair and vice-chairs in office: seated by an approved election, or recorded by hand."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_ELECTIONS
from gonghui.core import audit, scope
from gonghui.core.errors import ActionError
from gonghui.orgs.models import Kind as OrgKind

from ..models import Office, Post
from ._common import OFFICE_FIELDS, _lock_union

def _vacate(posts_qs, day):
    posts_qs.filter(current=True).update(current=False, ended_on=day)


def _take_office(actor, election):
    """The chair or vice-chairs elected by an approved election take office (replacing those before them)."""
    post = Post(election.kind)
    started = election.held_on or timezone.localdate()
    _lock_union(election.union)
    _vacate(Office.objects.filter(union=election.union, post=post), started)
    for c in election.candidates.filter(elected=True).order_by("pk"):
        office = Office.objects.create(union=election.union, post=post, member_id=c.member_id, name=c.name,
                                       election=election, started_on=started, recorded_by=actor)
        audit.record(actor, "take_office", office, org=election.union, after=audit.snapshot(office, OFFICE_FIELDS))


def record_office(actor, union, *, post, member, started_on):
    """A chair or vice-chair entered by hand (elected before the system, or elsewhere)."""
    scope.require(actor, RUN_ELECTIONS, union)
    errors = {}
    if union.kind != OrgKind.GRASSROOTS:
        errors["union"] = [_("只记录基层工会的主席、副主席")]
    if post not in Post.values:
        errors["post"] = [_("职务应为工会主席或工会副主席")]
    if member is None:
        errors["member"] = [_("请选择会员")]
    elif member.union_id != union.pk or member.deleted_at is not None:
        errors["member"] = [_("任职人应为本工会会员")]
    if started_on is None:
        errors["started_on"] = [_("请填写任职日期")]
    elif started_on > timezone.localdate():
        errors["started_on"] = [_("任职日期不能晚于今天")]
    if errors:
        raise ActionError(errors=errors)
    with transaction.atomic():
        _lock_union(union)
        if Office.objects.filter(union=union, post=post, member=member, current=True).exists():
            raise ActionError(_("%(name)s已是现任%(post)s") % {"name": member.name, "post": Post(post).label},
                              field="member")
        if post == Post.CHAIR:
            _vacate(Office.objects.filter(union=union, post=post), started_on)
        office = Office.objects.create(union=union, post=post, member=member, name=member.name,
                                       started_on=started_on, recorded_by=actor)
        audit.record(actor, "create", office, org=union, after=audit.snapshot(office, OFFICE_FIELDS))
    return office
