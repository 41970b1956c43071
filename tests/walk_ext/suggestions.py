"""Scope-walk extension for suggestions: a team suggestion adopted and graded in the school (the member's own
union), the factory (the outsider's) and the agency. Another union's suggestion — its title, proposal and the
evaluator's comment — must not leak, and no suggestion may be changed."""
from django.db.models import Q

from gonghui.core.capabilities import VIEW
from gonghui.members.models import Member
from gonghui.suggestions import actions
from gonghui.suggestions.models import Evaluation, Suggestion

SEGMENT_KINDS = {"items": "suggestion", "suggestions": "suggestion", "mine": "suggestion"}


def _union_data(actor, member, tag):
    s = actions.submit(actor, member, kind="innovation", title=f"{tag}建议题目", proposal=f"{tag}建议内容（本会）")
    actions.evaluate(actor, s, grade="二等", score=80, comment=f"{tag}评审意见")
    actions.decide(actor, s, adopted=True, grade="二等")
    actions.submit(actor, member, kind="other", title=f"{tag}待评建议", proposal=f"{tag}待评内容")


def populate(world):
    t, u, m = world.tree, world.users, world.members
    _union_data(u.officer, m.zhang, "一中合理化")
    _union_data(u.outsider, m.liu, "机械厂合理化")
    agency_member = Member.objects.filter(union=world.agency).order_by("pk").first()
    _union_data(world.agency_chair, agency_member, "机关合理化")


def extend(user, scope):
    from gonghui.members.queries import member_for

    own = Suggestion.all_objects.own(member_for(user)).values("pk")  # a member's own (and co-written) ones
    visible = Suggestion.all_objects.filter(Q(pk__in=Suggestion.all_objects.visible_to(user, VIEW).values("pk"))
                                            | Q(pk__in=own))
    hidden = Suggestion.all_objects.exclude(pk__in=visible.values("pk"))
    guessed = (Suggestion.all_objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    scope.strict["suggestion"] = list(hidden.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed]
    scope.lax["suggestion"] = list(visible.order_by("pk").values_list("pk", flat=True)[:1])
    for s in hidden:
        scope.secrets |= {s.proposal}
    scope.secrets |= set(Evaluation.objects.filter(suggestion__in=hidden).values_list("comment", flat=True))
    scope.secrets.discard("")


def snapshot():
    return {"suggestions": list(Suggestion.all_objects.order_by("pk").values_list(
        "pk", "status", "grade", "implementer", "benefit", "reward_expense_id", "deleted_at")),
        "suggestion_evaluations": list(Evaluation.objects.order_by("pk").values_list("pk", "grade", "score"))}
