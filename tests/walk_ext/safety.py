"""Scope-walk extension for safety supervision: in the school (the member's own union), the factory (the
outsider's) and the agency, a hazard reported by an officer with a photo (taken through to rectification), an
anonymous one, a monitor, a competition with scores, so every page and endpoint has rows to leak. Hazard
descriptions and locations must not reach anyone who may not read the hazard (a member reads only their own
reports), and no hazard, photo, monitor or score may change."""
import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gonghui.core.capabilities import VIEW
from gonghui.members.models import Member
from gonghui.orgs.models import Kind, Organisation
from gonghui.safety import actions, queries
from gonghui.safety.models import Competition, Hazard, HazardPhoto, Monitor, Score

SEGMENT_KINDS = {"hazards": "safety_hazard", "photos": "safety_photo", "monitors": "safety_monitor",
                 "competitions": "safety_competition"}

DAY = datetime.date(2026, 11, 2)


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 0, 0)).save(buffer, format="PNG")
    return SimpleUploadedFile("p.png", buffer.getvalue())


def _union_data(actor, union, member, tag):
    hazard = actions.report(actor, union=union, description=f"{tag}隐患描述（仅本单位）", location=f"{tag}隐患位置",
                            reported_on=DAY, photos=[_png()])
    actions.triage(actor, hazard, decision="accept", day=DAY)
    actions.assign(actor, hazard, assignee=member, responsible=f"{tag}责任部门", assigned_on=DAY)
    actions.report(actor, union=union, description=f"{tag}匿名隐患", location=f"{tag}匿名位置", anonymous=True,
                   reported_on=DAY)
    workshop = Organisation.objects.filter(path__startswith=union.path, kind__in=[Kind.BRANCH, Kind.GROUP]).first()
    actions.appoint_monitor(actor, workshop or union, member=member, appointed_on=DAY, term_ends=datetime.date(2028, 1, 1))
    units = list(actions.entrant_units(union)[:2])
    if len(units) == 2:
        cup = actions.create_competition(actor, union, year=2026, title=f"{tag}安康杯", entrants=units,
                                         indicators=[{"name": "综合", "weight": "100"}])
        actions.save_scores(actor, cup, [{"entrant": e.pk, "indicator": cup.indicators.get().pk, "value": "88"}
                                         for e in cup.entrants.all()])


def populate(world):
    t, u, m = world.tree, world.users, world.members
    _union_data(u.officer, t.school, m.zhang, "一中安全")
    _union_data(u.outsider, t.factory, m.liu, "机械厂安全")
    agency_member = Member.objects.filter(union=world.agency).order_by("pk").first()
    _union_data(world.agency_chair, world.agency, agency_member, "机关安全")


def _ids(manager, visible):
    hidden = manager.exclude(pk__in=visible.values("pk"))
    guessed = (manager.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    return (list(hidden.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed],
            list(visible.order_by("pk").values_list("pk", flat=True)[:1]))


def extend(user, scope):
    hazards = Hazard.all_objects.visible_to(user, VIEW) | Hazard.all_objects.filter(
        pk__in=queries.assigned_to(user).values("pk"))
    scope.strict["safety_hazard"], scope.lax["safety_hazard"] = _ids(Hazard.all_objects, hazards)
    photos = HazardPhoto.objects.filter(hazard__in=hazards.values("pk"))
    scope.strict["safety_photo"], scope.lax["safety_photo"] = _ids(HazardPhoto.objects, photos)
    monitors = Monitor.all_objects.visible_to(user, VIEW)
    scope.strict["safety_monitor"], scope.lax["safety_monitor"] = _ids(Monitor.all_objects, monitors)
    cups = Competition.all_objects.visible_to(user, VIEW)
    scope.strict["safety_competition"], scope.lax["safety_competition"] = _ids(Competition.all_objects, cups)
    for hazard in Hazard.all_objects.exclude(pk__in=hazards.values("pk")):
        scope.secrets |= {hazard.description, hazard.location, hazard.responsible}
    scope.secrets.discard("")


def snapshot():
    return {
        "safety_hazards": list(Hazard.all_objects.order_by("pk").values_list(
            "pk", "status", "deadline", "closed_on", "escalated_on", "deleted_at")),
        "safety_photos": list(HazardPhoto.objects.order_by("pk").values_list("pk", "hazard_id", "path")),
        "safety_monitors": list(Monitor.all_objects.order_by("pk").values_list("pk", "ended_on", "deleted_at")),
        "safety_scores": list(Score.objects.order_by("pk").values_list("pk", "value")),
        "safety_competitions": list(Competition.all_objects.order_by("pk").values_list("pk", "status")),
    }
