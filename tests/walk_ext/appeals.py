"""Scope-walk extension for members' requests: named and anonymous requests (with attachments) and legal-aid
records of the school (the member's own union), the factory and the agency, each with marked text."""
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.appeals import actions
from gonghui.appeals.models import Appeal, Attachment, LegalAid
from gonghui.accounts.models import User
from gonghui.core.capabilities import RIGHTS
from gonghui.members.models import Member

SEGMENT_KINDS = {"cases": "appeal", "case-files": "appeal_attachment", "my-requests": "appeal_own",
                 "legal-aid": "legal_aid"}


def _union_data(user, member, officer, tag):
    named, _ = actions.submit(user, member, category="wages", title=f"{tag}署名诉求", text_=f"{tag}诉求内容（保密）",
                              attachments=[SimpleUploadedFile(f"{tag}证据.pdf", b"%PDF-1.4 x")])
    actions.submit(user, member, category="safety", title=f"{tag}匿名诉求", text_=f"{tag}匿名内容（保密）",
                   anonymous=True)
    actions.record_legal_aid(officer, member.union, kind="consultation", date="2026-11-02", category="contract",
                             summary=f"{tag}法律咨询（保密）", member=member)
    return named


def populate(world):
    _union_data(world.member_user, world.members.wang, world.users.chair, "一中诉求")
    liu = world.members.liu
    liu_user = User.objects.create_user("appeals-liu", password="Appeals#2026x", name="刘洋")
    Member.objects.filter(pk=liu.pk).update(user=liu_user)
    liu.refresh_from_db()
    _union_data(liu_user, liu, world.users.outsider, "机械厂诉求")


def _split(manager, visible):
    hidden = manager.exclude(pk__in=visible.values("pk"))
    return (list(hidden.order_by("pk").values_list("pk", flat=True)[:3]) + [12345],
            list(visible.order_by("pk").values_list("pk", flat=True)[:1]))


def extend(user, scope):
    from gonghui.members.queries import member_for

    appeals = Appeal.objects.visible_to(user, RIGHTS)
    scope.strict["appeal"], scope.lax["appeal"] = _split(Appeal.objects, appeals)
    own = Appeal.objects.own(member_for(user))
    scope.strict["appeal_own"], scope.lax["appeal_own"] = _split(Appeal.objects, own)
    files = Attachment.objects.visible_to(user, RIGHTS)
    scope.strict["appeal_attachment"], scope.lax["appeal_attachment"] = _split(Attachment.objects, files)
    aid = LegalAid.objects.visible_to(user, RIGHTS)
    scope.strict["legal_aid"], scope.lax["legal_aid"] = _split(LegalAid.objects, aid)
    for a in Appeal.objects.exclude(pk__in=appeals.values("pk")).exclude(pk__in=own.values("pk")):
        scope.secrets |= {a.title, a.text}
    for a in LegalAid.objects.exclude(pk__in=aid.values("pk")):
        scope.secrets.add(a.summary)


def snapshot():
    return {"appeals": sorted(Appeal.objects.values_list("pk", "status", "handler_id", "rating", "answer")),
            "legal_aid": sorted(LegalAid.objects.values_list("pk", "kind"))}
