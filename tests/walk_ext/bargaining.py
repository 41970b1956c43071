"""Scope-walk extension for collective bargaining: requests to bargain, contracts with negotiators, drafts and
rounds in the school, the factory and the agency union, each with marked text that must not leak."""
from django.db.models import Max

from gonghui.bargaining import actions
from gonghui.bargaining.models import BargainingRequest, Contract, Negotiator
from gonghui.core.capabilities import RIGHTS

SEGMENT_KINDS = {"offers": "bargaining_request", "contracts": "bargaining_contract"}
NAME_KINDS = {"negotiator_id": "bargaining_negotiator"}


def _union_data(actor, union, tag):
    actions.create_request(actor, union, kind="wage", from_side="employer", employer=f"{tag}用人单位",
                           received_on="2026-11-02", topics=f"{tag}协商事项（保密）")
    c = actions.create_contract(actor, union, kind="comprehensive", title=f"{tag}集体合同", employer=f"{tag}用人单位",
                                employees_covered=50)
    for side in ("union", "employer"):
        for i in range(3):
            actions.add_negotiator(actor, c, side=side, name=f"{tag}{side}代表{i}", chief=(i == 0))
    actions.record_round(actor, c, date="2026-11-10", minutes=f"{tag}协商纪要（保密）")
    actions.add_draft(actor, c, proposed_by="union", clauses=[{"number": "1", "title": "报酬",
                                                               "text": f"{tag}条款内容（保密）"}])


def populate(world):
    _union_data(world.users.chair, world.tree.school, "一中协商")
    _union_data(world.users.outsider, world.tree.factory, "机械厂协商")
    _union_data(world.agency_chair, world.agency, "机关协商")


def _split(manager, visible):
    hidden = manager.exclude(pk__in=visible.values("pk"))
    guessed = (manager.aggregate(m=Max("pk"))["m"] or 0) + 1000
    return (list(hidden.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed],
            list(visible.order_by("pk").values_list("pk", flat=True)[:1]))


def extend(user, scope):
    requests = BargainingRequest.all_objects.visible_to(user, RIGHTS)
    scope.strict["bargaining_request"], scope.lax["bargaining_request"] = _split(BargainingRequest.all_objects, requests)
    contracts = Contract.all_objects.visible_to(user, RIGHTS)
    scope.strict["bargaining_contract"], scope.lax["bargaining_contract"] = _split(Contract.all_objects, contracts)
    negotiators = Negotiator.objects.visible_to(user, RIGHTS)
    scope.strict["bargaining_negotiator"], scope.lax["bargaining_negotiator"] = _split(Negotiator.objects, negotiators)
    for r in BargainingRequest.all_objects.exclude(pk__in=requests.values("pk")):
        scope.secrets.add(r.topics)
    for c in Contract.all_objects.exclude(pk__in=contracts.values("pk")):
        scope.secrets.add(c.title)
        scope.secrets |= set(c.rounds.values_list("minutes", flat=True))


def snapshot():
    return {"bargaining": sorted(Contract.all_objects.values_list("pk", "status", "resolution_id", "signed_on")),
            "bargaining_requests": sorted(BargainingRequest.all_objects.values_list("pk", "status")),
            "negotiators": sorted(Negotiator.objects.values_list("pk", "contract_id", "name"))}
