"""Bargaining test helpers: a contract with full teams, a draft, and the congress vote that approves it."""
import datetime

import pytest

from gonghui.bargaining import actions
from gonghui.congress import actions as congress
from gonghui.congress.models import Resolution

from .congress_fixtures import make_term, open_session

CLAUSES = [
    {"number": "1", "title": "劳动报酬", "text": "工资按月足额以货币形式支付。"},
    {"number": "2", "title": "工资增长", "text": "本年度职工工资平均增长5%。", "figure_code": "wage_increase",
     "figure": "5.00", "figure_unit": "%"},
    {"number": "3", "title": "工作时间", "text": "实行标准工时制度。"},
]


def full_teams(actor, contract, per_side=3):
    for side in ("union", "employer"):
        for i in range(per_side):
            actions.add_negotiator(actor, contract, side=side, name=f"{side}代表{i + 1}", chief=(i == 0))


def congress_vote(actor, union, *, votes_for, delegates=12, present=9):
    """A closed congress vote on a collective contract (12 delegates: quorum 8, 7 votes needed)."""
    term = make_term(actor, union, delegates=delegates, employees=150, women_employees=60)
    session = open_session(actor, term, present=present)
    r = congress.create_resolution(actor, session, title="审议集体合同草案", kind=Resolution.ResKind.CONTRACT,
                                   mode=Resolution.Mode.SECRET)
    congress.open_vote(actor, r)
    congress.record_paper(actor, r, issued=present, returned=present, votes_for=votes_for,
                          votes_against=present - votes_for, votes_abstain=0)
    return congress.close_vote(actor, r)


@pytest.fixture
def contract(tree, users):
    c = actions.create_contract(users.chair, tree.school, kind="wage", title="2026年工资专项集体合同",
                                employer="第一中学", employees_covered=120)
    full_teams(users.chair, c)
    return c


def approved(users, contract, *, votes_for=7):
    draft = actions.add_draft(users.chair, contract, proposed_by="union", clauses=CLAUSES)
    r = congress_vote(users.chair, contract.union, votes_for=votes_for)
    actions.link_vote(users.chair, contract, resolution=r, draft=draft)
    return draft


DAY = datetime.date(2026, 6, 1)
