"""Scope-walk extension for honours: in the school (the walking member's union), the factory (the outsider's)
and the agency (the other member's), a sanction, a final round with an awarded member and a collective, and a
round in its public notice with an objection. Objection texts and sanction reasons must not leak to anyone
without RUN_EVENTS there, and no round, nomination, objection or sanction may change.

Names on a public notice (公示) and on a self-nomination awaiting endorsement are public to the members of the
round's organisation, by design, so for them they are not secrets."""
import datetime

from django.db.models import Max, Q

from gonghui.core.capabilities import RUN_EVENTS, VIEW
from gonghui.honours import actions
from gonghui.honours.models import HonourKind, Nomination, Objection, Round, Sanction
from gonghui.members.models import Member
from gonghui.members.queries import member_for
from gonghui.orgs.models import Kind, Organisation

NAME_KINDS = {"honour_round": "honour_round", "honour_kind": "honour_kind", "nomination_pk": "honour_nomination",
              "objection_pk": "honour_objection", "sanction_pk": "honour_sanction"}


def _kind(code):
    return HonourKind.objects.get(owner__isnull=True, code=code)


def _union_data(actor, union, tag):
    people = list(Member.objects.filter(union=union, status="active").order_by("pk")[:2])
    if not people:
        return
    actions.record_sanction(actor, people[-1], starts_on="2026-01-05", ends_on="2026-12-31", reason=f"{tag}处分事由（保密）")
    rnd = actions.open_round(actor, union, kind=_kind("excellent_member"), year=2025, quota=1)
    actions.set_evaluators(actor, rnd, people[:1])
    first = actions.nominate(actor, rnd, by="union", member=people[0], deeds=f"{tag}事迹", nominated_on="2025-12-01")
    actions.start_selection(actor, rnd)
    actions.record_scores(actor, rnd, rnd.evaluators.get(), {first.pk: "90"})
    actions.publish_shortlist(actor, rnd, posted_on="2025-12-08")
    objection = actions.file_objection(actor, first, text_value=f"{tag}已答复异议（保密）", received_on="2025-12-09")
    actions.answer_objection(actor, objection, upheld=False, answer=f"{tag}答复（保密）", answered_on="2025-12-10")
    actions.finalise(actor, rnd, final_on="2025-12-20")
    unit = Organisation.objects.filter(path__startswith=union.path, kind__in=[Kind.BRANCH, Kind.GROUP]).first() \
        or union
    coll = actions.open_round(actor, union, kind=_kind("advanced_collective"), year=2026, quota=1)
    actions.set_evaluators(actor, coll, people[:1])
    actions.nominate(actor, coll, by="union", nominee_org=unit, nominated_on="2026-11-02")
    actions.start_selection(actor, coll)
    actions.record_scores(actor, coll, coll.evaluators.get(), {coll.nominations.get().pk: "88"})
    actions.publish_shortlist(actor, coll, posted_on="2026-11-30")
    actions.file_objection(actor, coll.nominations.get(), text_value=f"{tag}待答复异议（保密）", received_on="2026-12-01")


def populate(world):
    t, u = world.tree, world.users
    _union_data(u.officer, t.school, "一中评优")
    _union_data(u.outsider, t.factory, "机械厂评优")
    _union_data(world.agency_chair, world.agency, "机关评优")


def _ids(all_rows, visible):
    hidden = all_rows.exclude(pk__in=visible.values("pk"))
    guessed = (all_rows.aggregate(m=Max("pk"))["m"] or 0) + 1000
    return (list(hidden.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed],
            list(visible.order_by("pk").values_list("pk", flat=True)[:1]))


def extend(user, scope):
    rounds = Round.all_objects.visible_to(user, VIEW)
    scope.strict["honour_round"], scope.lax["honour_round"] = _ids(Round.all_objects.all(), rounds)
    kinds = HonourKind.all_objects.visible_to(user, VIEW)
    scope.strict["honour_kind"], scope.lax["honour_kind"] = _ids(HonourKind.all_objects.all(), kinds)
    nominations = Nomination.objects.visible_to(user, VIEW)
    scope.strict["honour_nomination"], scope.lax["honour_nomination"] = _ids(Nomination.objects.all(), nominations)
    run = Objection.objects.visible_to(user, RUN_EVENTS)
    scope.strict["honour_objection"], scope.lax["honour_objection"] = _ids(Objection.objects.all(), run)
    sanctions = Sanction.all_objects.visible_to(user, RUN_EVENTS)
    scope.strict["honour_sanction"], scope.lax["honour_sanction"] = _ids(Sanction.all_objects.all(), sanctions)
    for o in Objection.objects.exclude(pk__in=run.values("pk")):
        scope.secrets |= {o.text, o.answer}
    scope.secrets |= {s.reason for s in Sanction.all_objects.exclude(pk__in=sanctions.values("pk"))}
    scope.secrets.discard("")
    # What a member's own organisation line publishes to its members: the names on a public notice and on
    # self-nominations awaiting endorsement.
    me = member_for(user)
    if me is not None:
        line = me.org.ancestor_paths() + [me.org.path]
        # A member acts in the rounds of their own organisation line (self-nomination, endorsement, their vote
        # as an evaluator, an objection, their own certificates): those are in scope for them, not strict.
        own_rounds = set(Round.all_objects.filter(org__path__in=line).values_list("pk", flat=True))
        own_nominations = set(Nomination.objects.filter(round__in=own_rounds).values_list("pk", flat=True))
        for key, ids in (("honour_round", own_rounds), ("honour_nomination", own_nominations)):
            scope.strict[key] = [pk for pk in scope.strict[key] if pk not in ids]
            scope.lax[key] = scope.lax[key] + sorted(ids)[:2]
        public = Nomination.objects.filter(round__org__path__in=line, round__deleted_at__isnull=True).filter(
            Q(round__state=Round.State.NOTICE, state=Nomination.State.SHORTLISTED)
            | Q(round__state=Round.State.NOMINATING, state=Nomination.State.ENDORSING))
        scope.secrets -= set(public.values_list("nominee_name", flat=True))


def snapshot():
    return {
        "honour_rounds": list(Round.all_objects.order_by("pk").values_list("pk", "state", "posted_on", "final_on",
                                                                           "deleted_at")),
        "honour_nominations": list(Nomination.objects.order_by("pk").values_list("pk", "state", "endorsements")),
        "honour_objections": list(Objection.objects.order_by("pk").values_list("pk", "state")),
        "honour_sanctions": list(Sanction.all_objects.order_by("pk").values_list("pk", "deleted_at")),
        "honour_kinds": list(HonourKind.all_objects.order_by("pk").values_list("pk", "name", "deleted_at")),
    }
