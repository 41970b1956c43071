"""Suggestion pages: a member submits from the phone form and sees their own; the committee steps through the
forms; bad input shown on the form; targets and progress; figures for a federation; constant query counts."""
import pytest
from django.urls import reverse

from gonghui.suggestions import actions
from gonghui.suggestions.models import Evaluation, Suggestion, Target

from .conftest import login
from .suggestions_fixtures import adopt, submit

pytestmark = pytest.mark.django_db


def test_a_member_submits_a_team_suggestion_through_the_form_and_sees_it(client, member_user, members):
    login(client, member_user)
    response = client.post(reverse("suggestions:mine"), {
        "kind": "small_change", "title": "工具柜定置管理", "problem": "找工具耗时", "proposal": "工具柜按形迹定置",
        "expected_benefit": "", "coauthors": members.zhao.member_no})
    s = Suggestion.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("suggestions:own", args=[s.pk])
    page = client.get(response["Location"]).content.decode()
    assert "工具柜定置管理" in page and members.zhao.name in page
    assert "工具柜定置管理" in client.get(reverse("suggestions:mine")).content.decode()


def test_an_empty_proposal_is_shown_on_the_members_form(client, member_user, members):
    login(client, member_user)
    response = client.post(reverse("suggestions:mine"), {"kind": "rationalisation", "title": "标题", "proposal": ""})
    assert response.status_code == 400 and "建议内容不能为空" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_a_co_author_number_of_another_union_is_not_found(client, member_user, members):
    login(client, member_user)
    response = client.post(reverse("suggestions:mine"), {
        "kind": "rationalisation", "title": "标题", "proposal": "内容", "coauthors": "NOPE-1"})
    assert response.status_code == 400 and "找不到会员编号为“NOPE-1”的本工会会员" in response.content.decode()


def test_a_member_cannot_open_someone_elses_suggestion(client, member_user, users, members):
    s = submit(users.officer, members.zhao)
    login(client, member_user)
    assert client.get(reverse("suggestions:own", args=[s.pk])).status_code == 404
    assert client.get(reverse("suggestions:detail", args=[s.pk])).status_code == 404


def test_the_committee_grades_decides_and_rewards_through_the_forms(client, users, members):
    s = submit(users.officer, members.wang)
    login(client, users.officer)
    url = reverse("suggestions:detail", args=[s.pk])
    assert "评审打分" in client.get(url).content.decode()
    response = client.post(reverse("suggestions:evaluate", args=[s.pk]), {"grade": "二等", "score": "88"})
    assert response.status_code == 302 and Evaluation.objects.get().score == 88
    response = client.post(reverse("suggestions:evaluate", args=[s.pk]), {"grade": "一等", "score": "90"})
    assert response.status_code == 400 and "每位评审人只评一次" in response.content.decode()
    response = client.post(reverse("suggestions:decide", args=[s.pk]), {"adopted": "no", "reason": ""})
    assert response.status_code == 400 and "不采纳理由不能为空" in response.content.decode()
    client.post(reverse("suggestions:decide", args=[s.pk]), {"adopted": "yes", "grade": "二等", "decided_on": "2026-12-03"})
    client.post(reverse("suggestions:assign", args=[s.pk]), {"implementer": "后勤处", "assigned_on": "2026-12-03"})
    client.post(reverse("suggestions:complete", args=[s.pk]), {"implemented_on": "2026-12-03"})
    response = client.post(reverse("suggestions:benefit", args=[s.pk]), {"amount": "-5", "evidence": "测算"})
    assert response.status_code == 400 and "实测效益不能为负数" in response.content.decode()
    client.post(reverse("suggestions:benefit", args=[s.pk]), {"amount": "1200", "evidence": "测算"})
    s.refresh_from_db()
    assert s.status == Suggestion.Status.IMPLEMENTED and str(s.benefit) == "1200.00"


def test_targets_are_set_and_progress_shows_who_is_behind(client, users, tree, members):
    submit(users.officer, members.wang, coauthors=[members.zhao])
    login(client, users.officer)
    response = client.post(reverse("suggestions:targets") + "?org=SCH", {
        "year": "2026", "per_person": "1", "per_group": "2", "per_branch": "1"})
    assert response.status_code == 302
    assert Target.objects.get(union=tree.school, year=2026).per_group == 2
    page = client.get(response["Location"]).content.decode()
    assert "3人中1人未达标" in page  # 张敏 has none; 王强 and 赵 co-wrote one
    assert "1个未达标" in page       # 语文一组 has 1 of 2


def test_bad_target_counts_are_shown_on_the_form(client, users, tree, members):
    login(client, users.officer)
    response = client.post(reverse("suggestions:targets") + "?org=SCH", {
        "year": "2026", "per_person": "-1", "per_group": "5", "per_branch": "10"})
    assert response.status_code == 400 and "每人每年条数" in response.content.decode()


def test_the_list_detail_and_home_pages_keep_their_query_count(client, users, members, django_assert_max_num_queries):
    for i in range(3):
        adopt(users, submit(users.officer, members.wang, title=f"建议{i}", coauthors=[members.zhao]))
    login(client, users.officer)
    client.get(reverse("suggestions:home") + "?org=SCH")
    with django_assert_max_num_queries(16):
        assert client.get(reverse("suggestions:home") + "?org=SCH").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("suggestions:list")).status_code == 200
    s = Suggestion.objects.first()
    with django_assert_max_num_queries(14):
        assert client.get(reverse("suggestions:detail", args=[s.pk])).status_code == 200


def test_the_federation_figures_roll_up_the_unions(client, users, tree, members):
    s = adopt(users, submit(users.officer, members.wang))
    submit(users.outsider, members.liu, kind="innovation")
    login(client, users.federation)
    page = client.get(reverse("suggestions:figures") + "?org=COUNTY").content.decode()
    assert tree.town.name in page and '<strong id="submitted">2</strong>' in page
    assert '<strong id="adopted">1</strong>' in page
    page = client.get(reverse("suggestions:figures") + "?org=TOWN").content.decode()
    assert s.union.name in page and tree.factory.name in page


def test_a_union_sets_its_grades_through_the_page(client, users, tree):
    login(client, users.chair)
    data = {"g-TOTAL_FORMS": "8", "g-INITIAL_FORMS": "0", "g-MIN_NUM_FORMS": "0", "g-MAX_NUM_FORMS": "12",
            "g-0-name": "优秀", "g-0-adopts": "on", "g-1-name": "不采纳"}
    response = client.post(reverse("suggestions:grades") + "?org=SCH", data)
    assert response.status_code == 302
    assert [g.name for g in actions.grades_for(tree.school)] == ["优秀", "不采纳"]
