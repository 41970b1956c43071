"""One object's history (``/audit/<app.model>/<pk>/``): for any domain object with an audit trail, in words,
to the audit readers and to those who manage the object, never to anyone out of scope."""
import datetime
import re

from django.db import transaction

from gonghui.core import audit
from gonghui.plans import actions as plan_actions
from gonghui.plans.models import Comparator

from .conftest import login
from .plans_fixtures import school_plan


def _target(users, tree):
    plan = school_plan(users.chair, tree)
    target = plan_actions.add_target(users.chair, plan, metric="members.total", threshold=2, label="会员人数")
    plan_actions.update_target(users.chair, target, metric="members.total", comparator=Comparator.LTE,
                               threshold=5, label="会员人数")
    return plan, target


def _url(obj):
    return f"/audit/{obj._meta.label_lower}/{obj.pk}/"


def test_a_targets_history_shows_action_labels_verbose_field_names_and_choice_labels(client, users, tree):
    _plan, target = _target(users, tree)
    response = login(client, users.chair).get(_url(target))
    assert response.status_code == 200
    update, create = response.context["entries"]
    assert (str(update.action_label), str(create.action_label)) == ("修改工作目标", "新建工作目标")
    assert str(update.type_label) == "工作目标"
    assert ("比较", "≥", "≤") in update.rows and ("目标值", "2.00", "5.00") in update.rows
    page = response.content.decode()
    assert "修改工作目标" in page and "比较" in page and "≤" in page
    assert not re.search(r">\s*(update|create|plans\.target|comparator|gte|lte)\s*<", page)


def test_the_history_reads_in_english_for_a_user_who_chose_english(client, users, tree):
    _plan, target = _target(users, tree)
    login(client, users.chair)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(_url(target)).content.decode()
    assert "Target changed" in page and "Target created" in page and "History" in page


def test_whoever_manages_the_object_reads_its_history_without_the_audit_capability(client, users, tree):
    plan, target = _target(users, tree)
    login(client, users.officer)  # MANAGE_PLANS at the school, no VIEW_AUDIT
    assert client.get(_url(target)).status_code == 200
    response = client.get(_url(plan))
    assert response.status_code == 200
    assert 'href="/audit/"' not in response.content.decode()  # the whole trail is still not theirs


def test_an_outsider_gets_404_for_an_object_out_of_scope(client, users, tree):
    plan, target = _target(users, tree)
    login(client, users.outsider)  # chair of the factory: audit reader and plan manager there, not at the school
    assert client.get(_url(target)).status_code == 404
    assert client.get(_url(plan)).status_code == 404
    assert client.get(f"/audit/plans.target/{target.pk + 1000}/").status_code == 404


def test_a_role_with_neither_capability_gets_404_even_inside_the_scope(client, users, tree):
    _plan, target = _target(users, tree)
    assert login(client, users.leader).get(_url(target)).status_code == 404   # VIEW only
    assert login(client, users.finance).get(_url(target)).status_code == 404  # the books, not the plans


def test_an_object_type_without_a_history_page_or_no_model_is_a_404(client, users, tree):
    login(client, users.chair)
    assert client.get("/audit/core.job/1/").status_code == 404
    assert client.get("/audit/nosuch.model/1/").status_code == 404
    assert client.get("/audit/plans/1/").status_code == 404


def test_a_deleted_object_keeps_its_history_page(client, users, tree):
    _plan, target = _target(users, tree)
    plan_actions.delete_target(users.chair, target)
    response = login(client, users.chair).get(_url(target))
    assert response.status_code == 200 and str(response.context["entries"][0].action_label) == "删除工作目标"


def test_the_history_page_links_back_to_the_objects_own_page(client, users, tree):
    plan, _target_ = _target(users, tree)
    response = login(client, users.chair).get(_url(plan))
    assert response.context["detail_url"] == f"/plans/{plan.pk}/"
    assert f'href="/plans/{plan.pk}/"' in response.content.decode()


def test_a_care_visit_has_a_history_in_words(client, users, members):
    from gonghui.care import actions as care_actions

    visit = care_actions.record_visit(users.officer, members.zhang, occasion="hospital",
                                      date=datetime.date(2026, 3, 10), visitors="工会主席", gift="水果篮", amount="")
    response = login(client, users.chair).get(_url(visit))
    assert response.status_code == 200
    [entry] = response.context["entries"]
    assert (str(entry.action_label), str(entry.type_label)) == ("走访慰问", "走访慰问")
    assert all(label not in ("visitors", "gift", "date") for label, _old, _new in entry.rows)
    assert login(client, users.outsider).get(_url(visit)).status_code == 404


def test_detail_pages_link_to_the_history_for_those_who_may_open_it(client, users, members, tree):
    plan, _target_ = _target(users, tree)
    link = f'href="/audit/plans.plan/{plan.pk}/"'
    assert link in login(client, users.chair).get(f"/plans/{plan.pk}/").content.decode()
    member_link = f'href="/audit/members.member/{members.zhang.pk}/"'
    page = login(client, users.chair).get(f"/members/{members.zhang.pk}/").content.decode()
    assert member_link in page and "历史记录" in page
    # The officer edits members but does not read the audit trail: a member's history is not theirs to open.
    assert member_link not in login(client, users.officer).get(f"/members/{members.zhang.pk}/").content.decode()


def test_history_pages_continue_from_the_last_entry_shown(client, users, tree):
    _plan, target = _target(users, tree)
    with transaction.atomic():
        for n in range(55):
            audit.record(users.chair, "update", target, org=tree.school, before={"threshold": str(n)},
                         after={"threshold": str(n + 1)})
    login(client, users.chair)
    first = client.get(_url(target))
    assert len(first.context["entries"]) == 50 and first.context["next_before"]
    second = client.get(_url(target), {"before": first.context["next_before"]})
    assert len(second.context["entries"]) == 7 and second.context["next_before"] is None
    assert second.context["entries"][0].pk < first.context["entries"][-1].pk


def test_the_history_page_costs_the_same_queries_for_two_entries_or_fifty(client, users, tree,
                                                                        django_assert_num_queries):
    _plan, target = _target(users, tree)
    login(client, users.chair)
    client.get(_url(target))  # warm the session and the label registry
    with django_assert_num_queries(QUERIES):
        assert len(client.get(_url(target)).context["entries"]) == 2
    with transaction.atomic():
        for n in range(60):
            audit.record(users.officer, "update", target, org=tree.school, before={"threshold": str(n)},
                         after={"threshold": str(n + 1)})
    with django_assert_num_queries(QUERIES):
        assert len(client.get(_url(target)).context["entries"]) == 50


# The session and the user, the user's roles (scope), the object in scope, one page of entries with their
# actors and organisations (the session is not written again within its minute: core.middleware).
QUERIES = 5
