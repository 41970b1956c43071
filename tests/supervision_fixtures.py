"""Fixtures for the supervision tests: the school's supervision committee with three certified supervisors."""
import datetime

import pytest

from gonghui.supervision import actions

ISSUED = datetime.date(2024, 1, 10)
EXPIRES = datetime.date(2029, 1, 9)


@pytest.fixture
def board(users, tree, members):
    committee = actions.save_committee(users.officer, tree.school, name="第一中学工会劳动法律监督委员会",
                                       established_on=datetime.date(2023, 9, 1))
    people = [actions.add_supervisor(users.officer, committee, name=name, certificate_no=no, issued_on=ISSUED,
                                     expires_on=EXPIRES)
              for name, no in (("张监督", "JD-0001"), ("李监督", "JD-0002"), ("王监督", "JD-0003"))]
    return type("Board", (), dict(committee=committee, supervisors=people))


def inspect(user, board, *, day=datetime.date(2026, 9, 20), supervisors=None, **overrides):
    data = dict(employer="第一中学", inspected_on=day, subject="劳动合同签订和加班工资支付",
                findings="部分教职工未签订书面劳动合同；加班未支付加班费", signature="signed", signer="校办主任刘某",
                supervisors=supervisors if supervisors is not None else board.supervisors[:2])
    data.update(overrides)
    return actions.record_inspection(user, board.committee, **data)
