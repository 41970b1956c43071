"""Fixtures for the women workers' tests: a female member of the school (赵丽, 1990) and helpers."""
import datetime

import pytest

from gonghui.women import actions

DUE = datetime.date(2027, 1, 20)


@pytest.fixture
def woman(members):
    return members.zhao


def committee_rows(members):
    return [{"member": members.zhao, "is_chair": True}, {"member": members.zhang, "post": "副主任"},
            {"name": "校外聘请委员"}]


@pytest.fixture
def committee(users, tree, members):
    return actions.save_committee(users.officer, tree.school, established_on=datetime.date(2024, 3, 8),
                                  term_start=datetime.date(2024, 3, 8), term_end=datetime.date(2029, 3, 7),
                                  members=committee_rows(members))


@pytest.fixture
def room(users, tree):
    return actions.save_room(users.officer, tree.school, name="一中爱心妈咪小屋", location="行政楼201",
                             opened_on=datetime.date(2025, 3, 8), hours="8:00-17:30", facilities=["lock", "fridge"],
                             area="12")


def award(actor, org, nominees, *, year=2026, posted_on=datetime.date(2026, 11, 20),
          final_on=datetime.date(2026, 12, 1), kind_code="advanced_individual", evaluator):
    """A final honours list of ``kind_code`` at ``org`` awarding ``nominees`` (members, or organisations for a
    collective kind), taken through the honours actions: nominated, scored by ``evaluator``, posted, final."""
    from gonghui.honours import actions as honours
    from gonghui.honours.models import HonourKind

    kind = HonourKind.objects.get(owner__isnull=True, code=kind_code)
    rnd = honours.open_round(actor, org, kind=kind, year=year, quota=len(nominees))
    honours.set_evaluators(actor, rnd, [evaluator])
    rows = [honours.nominate(actor, rnd, by="union", nominated_on=posted_on - datetime.timedelta(days=10),
                             **({"nominee_org": n} if kind.collective else {"member": n})) for n in nominees]
    honours.start_selection(actor, rnd)
    honours.record_scores(actor, rnd, rnd.evaluators.get(), {n.pk: "90" for n in rows})
    honours.publish_shortlist(actor, rnd, posted_on=posted_on)
    return honours.finalise(actor, rnd, final_on=final_on)
