"""Fixtures for the safety tests: real JPEG/PNG bytes (and files that only pretend to be pictures), and helpers
that bring a hazard to a given step through the actions."""
import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gonghui.safety import actions

REPORTED = datetime.date(2026, 11, 2)


def picture(kind="PNG", name=None, size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=kind)
    ext = "png" if kind == "PNG" else "jpg"
    return SimpleUploadedFile(name or f"photo.{ext}", buffer.getvalue(), content_type=f"image/{ext}")


def fake_picture(name="photo.jpg"):
    """A script named like a photo, with the browser claiming it is one."""
    return SimpleUploadedFile(name, b"<script>alert(1)</script>", content_type="image/jpeg")


def report(user, union=None, *, location="冲压车间东侧配电箱", reported_on=REPORTED, **extra):
    extra.setdefault("description", "配电箱门未关闭，内部线路裸露")
    return actions.report(user, union=union, location=location, reported_on=reported_on, **extra)


def to_rectifying(officer, hazard, *, deadline=None, day=REPORTED, assignee=None):
    """Accepted and assigned to ``assignee`` (default: the union's first member by number, 张敏 in the school)."""
    from gonghui.members.models import Member

    assignee = assignee or Member.objects.filter(union=hazard.union).order_by("member_no", "pk").first()
    actions.triage(officer, hazard, decision="accept", day=day)
    return actions.assign(officer, hazard, assignee=assignee, responsible="设备科", assigned_on=day,
                          deadline=deadline)


def to_rectified(officer, hazard, day=REPORTED):
    to_rectifying(officer, hazard, day=day)
    return actions.rectify(officer, hazard, rectified_on=day + datetime.timedelta(days=3), note="已加锁并包扎线路")
