"""Names, not codes, in the rights and federation forms: supervisors, the 监督建议书's federation, negotiators,
mediation committee members and the workers of a case, the union an employer is linked to, and the organisation
boxes of the coverage and appeals pages take a name or pinyin (a code still works); a name several members
bear is answered with the candidates' group and masked ID (the one picker, core.pickers)."""
import datetime

import pytest
from django.urls import reverse

from gonghui.bargaining.models import Negotiator
from gonghui.mediation.models import Case, Committee
from gonghui.supervision import actions as supervision_actions
from gonghui.supervision.models import Opinion, Recommendation, Supervisor

from .bargaining_fixtures import contract  # noqa: F401
from .conftest import login
from .federation_fixtures import employer
from .mediation_fixtures import committee  # noqa: F401
from .supervision_fixtures import board, inspect  # noqa: F401
from .test_pickers import people  # noqa: F401

pytestmark = pytest.mark.django_db


def _masked(member):
    return "*" * 14 + member.id_tail


# ---- supervision ----

def test_a_supervisor_is_picked_by_pinyin_and_two_namesakes_are_listed_to_choose_from(client, users, board, people):
    login(client, users.officer)
    home = client.get(reverse("supervision:home") + "?org=SCH").content.decode()
    assert 'data-picker="/pick/member/?within=SCH"' in home and 'name="member_no__pick"' in home
    url = reverse("supervision:supervisor_add", args=[board.committee.pk])
    data = {"certificate_no": "JD-0009", "issued_on": "2026-01-05", "expires_on": "2029-01-04"}
    page = client.post(url, {**data, "member_no": "王芳"}, follow=True).content.decode()
    assert "有两位王芳" in page and "语文一组" in page and _masked(people.fang_b2) in page
    assert not Supervisor.objects.filter(certificate_no="JD-0009").exists()
    client.post(url, {**data, "member_no": "chengyuyan"})
    assert Supervisor.objects.get(certificate_no="JD-0009").member == people.cheng
    client.post(url, {**data, "certificate_no": "JD-0010", "member_no": "王芳",
                      "member_no__pick": str(people.fang_b2.pk)})  # picked from the suggestions
    assert Supervisor.objects.get(certificate_no="JD-0010").member == people.fang_b2


def test_the_recommendation_names_its_federation_by_name(client, users, board):
    opinion = supervision_actions.issue_opinion(users.officer, inspect(users.officer, board), number="一中工监〔2026〕1号",
                                                issued_on=datetime.date(2026, 9, 24),
                                                received_on=datetime.date(2026, 9, 24), requirements="补发加班费")
    supervision_actions.follow_up(users.officer, opinion, day=datetime.date(2026, 10, 23), note="拒不整改",
                                  rectified=False)
    login(client, users.federation)
    page = client.get(reverse("supervision:opinion", args=[opinion.pk])).content.decode()
    assert 'data-picker="/pick/org/?kinds=federation"' in page and "组织代码" not in page
    url = reverse("supervision:opinion_recommend", args=[opinion.pk])
    response = client.post(url, {"federation": "某县总工会", "number": "县工监建〔2026〕1号", "department": "县人社局",
                                 "sent_on": "2026-09-29"})
    assert response.status_code == 302
    assert Recommendation.objects.get(opinion=Opinion.objects.get()).federation.code == "COUNTY"


# ---- bargaining ----

def test_a_negotiator_is_picked_by_name_and_namesakes_are_asked_about(client, users, contract, people):
    login(client, users.chair)
    page = client.get(reverse("bargaining:contract", args=[contract.pk])).content.decode()
    assert 'data-picker="/pick/member/?within=SCH"' in page
    url = reverse("bargaining:negotiator_add", args=[contract.pk])
    response = client.post(url, {"side": "union", "member_no": "王芳"})
    assert response.status_code == 200
    message = response.context["negotiator_form"].errors["member_no"][0]
    assert message.startswith("有两位王芳：") and _masked(people.fang_g1) in message
    assert "机械厂" not in message  # the factory's 王芳 is another union's
    assert client.post(url, {"side": "union", "member_no": "程语嫣"}).status_code == 302
    assert Negotiator.objects.get(contract=contract, member=people.cheng).side == "union"


def test_the_coverage_page_takes_an_organisation_by_name(client, users, contract):
    login(client, users.federation)
    response = client.get(reverse("bargaining:coverage"), {"org": "第一中学工会（SCH）"})
    assert response.status_code == 200 and response.context["org"].code == "SCH"
    assert client.get(reverse("bargaining:coverage"), {"org": "城关镇总工会"}).context["org"].code == "TOWN"
    assert 'data-picker="/pick/org/"' in response.content.decode()


# ---- mediation ----

def _committee_data(**rows):
    data = {"employer": "第一中学", "established_on": "2025-09-01", "m-TOTAL_FORMS": "6", "m-INITIAL_FORMS": "0",
            "m-MIN_NUM_FORMS": "0", "m-MAX_NUM_FORMS": "15",
            "m-1-name": "企业人事经理", "m-1-side": "employer", "m-1-basis": "named"}
    data.update({f"m-0-{k}": v for k, v in rows.items()})
    return data


def test_a_committee_member_is_picked_by_name_and_the_edit_form_shows_the_name(client, users, tree, people):
    login(client, users.officer)
    url = reverse("mediation:committee_edit") + "?org=SCH"
    assert 'data-picker="/pick/member/?within=SCH"' in client.get(url).content.decode()
    response = client.post(url, _committee_data(member_no="王芳", side="employee", basis="union_member", is_chair="on"))
    assert response.status_code == 400 and "有两位王芳" in response.content.decode()
    response = client.post(url, _committee_data(member_no="cyy", side="employee", basis="union_member", is_chair="on"))
    assert response.status_code == 302
    chair = Committee.objects.get().members.get(is_chair=True)
    assert chair.member == people.cheng and chair.name == "程语嫣"
    assert f"程语嫣（{people.cheng.member_no}）" in client.get(url).content.decode()


def test_a_case_names_its_workers_members_by_name_and_others_as_written(client, users, committee, people):
    login(client, users.officer)
    url = reverse("mediation:case_new") + "?org=SCH"
    data = {"applied_on": "2026-03-02", "facts": "拖欠加班费", "c-TOTAL_FORMS": "3", "c-INITIAL_FORMS": "0",
            "c-MIN_NUM_FORMS": "0", "c-MAX_NUM_FORMS": "10",
            "c-0-kind": "overtime", "c-0-amount": "2400", "c-0-description": "加班费"}
    response = client.post(url, {**data, "workers": "王芳\n临聘保安"})
    assert response.status_code == 400
    message = response.context["form"].errors["workers"][0]
    assert message.startswith("有两位王芳：") and "王芳（非会员）" in message and _masked(people.fang_b2) in message
    fang = people.fang_g1
    response = client.post(url, {**data, "workers": f"程语嫣\n王芳（{fang.member_no}）\n临聘保安\n王芳（非会员）"})
    assert response.status_code == 302
    parties = list(Case.objects.get().parties.filter(role="worker").order_by("id"))
    assert [p.member for p in parties] == [people.cheng, fang, None, None]
    assert [p.name for p in parties][2:] == ["临聘保安", "王芳"]


# ---- federation ----

def test_an_employer_is_linked_to_a_union_picked_by_name(client, users, tree):
    e = employer(users.federation, tree.town, 0)
    login(client, users.federation)
    page = client.get(reverse("federation:employer", args=[e.pk])).content.decode()
    assert 'data-picker="/pick/org/?kinds=union&amp;within=TOWN"' in page and "工会组织代码" not in page
    client.post(reverse("federation:employer_link", args=[e.pk]), {"union": "机械厂工会"})
    e.refresh_from_db()
    assert e.union == tree.factory
    assert "机械厂工会（FAC）" in client.get(reverse("federation:employer", args=[e.pk])).content.decode()
    client.post(reverse("federation:employer_link", args=[e.pk]), {"union": "SCH"})  # a code still works
    e.refresh_from_db()
    assert e.union == tree.school


# ---- appeals ----

def test_the_appeals_pages_take_an_organisation_by_name(client, users, tree):
    login(client, users.federation)
    response = client.get(reverse("appeals:home"), {"org": "第一中学工会"})
    assert response.status_code == 200 and response.context["org"] == tree.school
    assert 'data-picker="/pick/org/"' in response.content.decode()
    assert client.get(reverse("appeals:stats"), {"org": "机械厂工会（FAC）"}).context["org"] == tree.factory
