"""Races on bargaining's unique rules: one person once per contract (so never on both sides), one chief per side,
round and draft numbers. A row a competitor slips in between the check and the insert meets the unique
constraint and ends in the same Chinese refusal, never a 500, with nothing of the loser kept; the threaded test
runs two namings at once on PostgreSQL (the contract row is locked)."""
import pytest
from django.db import connection

from gonghui.bargaining import actions
from gonghui.bargaining.models import Negotiator, Round
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry

from .bargaining_fixtures import contract  # noqa: F401
from .fixtures.races import together

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@pytest.mark.django_db
def test_the_same_person_slipped_in_on_the_other_side_is_a_chinese_refusal(contract, users, monkeypatch):
    save = Negotiator.save

    def competitor_names_him_first(self, *args, **kwargs):
        if self.pk is None:
            Negotiator.objects.bulk_create([Negotiator(contract=self.contract, side="employer", name=self.name,
                                                       person_key=self.person_key)])
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Negotiator, "save", competitor_names_him_first)
    before = AuditEntry.objects.count()
    with pytest.raises(ActionError) as err:
        actions.add_negotiator(users.chair, contract, side="union", name="新面孔")
    assert "name" in err.value.message_dict
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_a_round_numbered_meanwhile_is_a_chinese_refusal(contract, users, monkeypatch):
    save = Round.save

    def competitor_first(self, *args, **kwargs):
        if self.pk is None:
            Round.objects.bulk_create([Round(contract=self.contract, number=self.number, date=self.date, minutes="x",
                                             recorded_by=users.chair)])
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Round, "save", competitor_first)
    with pytest.raises(ActionError) as err:
        actions.record_round(users.chair, contract, date="2026-11-02", minutes="第一轮")
    assert "date" in err.value.message_dict


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_officers_naming_the_same_person_to_both_sides_at_once(tree, users):
    c = actions.create_contract(users.chair, tree.school, kind="wage", title="并发合同", employer="一中")
    outcomes = together([lambda: actions.add_negotiator(users.chair, c, side="union", name="同一人"),
                         lambda: actions.add_negotiator(users.officer, c, side="employer", name="同一人")])
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    refusal = next(o for o in outcomes if o != "ok")
    assert "name" in refusal
    assert Negotiator.objects.filter(contract=c, name="同一人").count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_chiefs_at_once_leave_one(tree, users):
    c = actions.create_contract(users.chair, tree.school, kind="wage", title="并发合同", employer="一中")
    outcomes = together([lambda: actions.add_negotiator(users.chair, c, side="union", name="甲", chief=True),
                         lambda: actions.add_negotiator(users.officer, c, side="union", name="乙", chief=True)])
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    assert Negotiator.objects.filter(contract=c, chief=True).count() == 1
