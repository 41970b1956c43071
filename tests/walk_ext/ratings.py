"""Scope-walk extension for star ratings: the county's published scheme with the school's assessment submitted,
the factory's (the outsider's) reviewed with stars and a certificate, and the agency's returned. The evidence
and review comments of another union's assessment must not leak, and no assessment or scheme may change."""
from gonghui.core import scope as core_scope
from gonghui.core.capabilities import RATE
from gonghui.ratings import actions
from gonghui.ratings.models import Assessment, Scheme, Score

SEGMENT_KINDS = {"schemes": "ratings_scheme", "assessments": "ratings_assessment"}

INDICATORS = [{"area": "组织建设", "name": "按期换届", "max_points": "50"},
              {"area": "工作成效", "name": "职工满意", "max_points": "50"}]
BANDS = [{"stars": 5, "min_score": "90", "max_score": "100"}, {"stars": 4, "min_score": "60", "max_score": "90"}]


def _self(actor, scheme, union, tag):
    a = Assessment.objects.get(scheme=scheme, union=union)
    return actions.save_self_assessment(actor, a, submit=True, scores=[
        {"indicator": ind.pk, "score": "45", "evidence": f"{tag}佐证材料（保密）"} for ind in scheme.indicators.all()])


def populate(world):
    t, u = world.tree, world.users
    scheme = actions.publish(u.federation, actions.save_scheme(
        u.federation, t.county, name="星级职工之家", year=2026, deadline="2026-12-20", indicators=INDICATORS,
        bands=BANDS))
    _self(u.chair, scheme, t.school, "一中星级")
    factory = _self(u.outsider, scheme, t.factory, "机械厂星级")
    actions.review(u.federation, factory, scores=[], comment="机械厂星级评审意见")
    agency = _self(world.agency_chair, scheme, world.agency, "机关星级")
    actions.return_for_correction(u.federation, agency, reason="机关星级退回理由（保密）")
    actions.save_scheme(u.federation, t.county, name="草稿方案", year=2027, deadline="2027-12-20",
                        indicators=INDICATORS, bands=BANDS)


def _ids(manager, visible):
    hidden = manager.exclude(pk__in=visible.values("pk"))
    guessed = (manager.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    return (list(hidden.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed],
            list(visible.order_by("pk").values_list("pk", flat=True)[:1]))


def extend(user, scope):
    schemes = Scheme.all_objects.visible_to(user, RATE)
    scope.strict["ratings_scheme"], scope.lax["ratings_scheme"] = _ids(Scheme.all_objects, schemes)
    mine = Assessment.objects.filter(core_scope.org_condition(user, RATE, "union")
                                     | core_scope.org_condition(user, RATE, "scheme__federation"))
    scope.strict["ratings_assessment"], scope.lax["ratings_assessment"] = _ids(Assessment.objects, mine)
    others = Assessment.objects.exclude(pk__in=mine.values("pk"))
    scope.secrets |= set(Score.objects.filter(assessment__in=others).values_list("evidence", flat=True))
    scope.secrets |= set(others.values_list("review_comment", flat=True))
    scope.secrets |= set(others.values_list("returned_reason", flat=True))
    scope.secrets.discard("")


def snapshot():
    return {
        "ratings_schemes": list(Scheme.all_objects.order_by("pk").values_list("pk", "status", "deleted_at", "name")),
        "ratings_assessments": list(Assessment.objects.order_by("pk").values_list(
            "pk", "status", "self_total", "final_score", "stars")),
        "ratings_scores": list(Score.objects.order_by("pk").values_list("pk", "self_score", "review_score")),
    }
