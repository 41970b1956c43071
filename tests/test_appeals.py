"""Members' requests: named and anonymous submission, the working-day answer clock (DOMAIN §14), routing,
answer, rating, escalation to the upper union when overdue, legal aid, statistics with the federation roll-up,
scope — and an anonymous request that cannot be traced back to its member (tested like a secret ballot)."""
import datetime
import logging

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from gonghui.appeals import actions, queries
from gonghui.appeals.models import Appeal, Attachment, LegalAid
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry

from .conftest import login

pytestmark = pytest.mark.django_db
D = datetime.date


def _submit(user, member, **kw):
    data = {"category": "wages", "title": "加班费未发", "text_": "十月加班费至今未发放。", "anonymous": False}
    data.update(kw)
    return actions.submit(user, member, **data)


def test_the_answer_is_due_in_15_working_days_by_the_holiday_calendar(member_user, members):
    appeal, code = _submit(member_user, members.wang, today=D(2026, 9, 24))
    assert appeal.due == D(2026, 10, 22) and not appeal.due_provisional
    assert appeal.member_id == members.wang.pk and appeal.handler_id == members.wang.union_id
    assert AuditEntry.objects.filter(action="appeal_submit", object_id=appeal.pk, actor=member_user).exists()


def test_a_year_the_calendar_does_not_cover_is_counted_on_weekends_and_flagged(member_user, members):
    appeal, _code = _submit(member_user, members.wang, today=D(2099, 9, 24))
    assert appeal.due_provisional


def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(member_user, members):
    with pytest.raises(ActionError) as e:
        _submit(member_user, members.wang, category="nonsense")
    assert "category" in e.value.message_dict
    with pytest.raises(ActionError) as e:
        _submit(member_user, members.wang, attachments=[SimpleUploadedFile("x.exe", b"MZ")])
    assert "attachments" in e.value.message_dict
    big = SimpleUploadedFile("big.pdf", b"%" * (5 * 1024 * 1024 + 1))
    with pytest.raises(ActionError) as e:
        _submit(member_user, members.wang, attachments=[big])
    assert "attachments" in e.value.message_dict
    assert Appeal.objects.count() == 0 and Attachment.objects.count() == 0


def test_only_the_member_themself_submits(users, members, member_user):
    with pytest.raises(ActionError):
        _submit(users.chair, members.wang)


def test_answer_rate_and_the_scope_of_each_reader(users, members, member_user):
    appeal, _code = _submit(member_user, members.wang)
    assert Appeal.objects.visible_to(users.outsider, "rights").filter(pk=appeal.pk).count() == 0
    assert Appeal.objects.visible_to(users.federation, "rights").filter(pk=appeal.pk).count() == 1
    actions.assign(users.chair, appeal, officer=users.officer)
    with pytest.raises(ActionError) as e:
        actions.assign(users.chair, appeal, officer=users.outsider)
    assert "officer" in e.value.message_dict
    with pytest.raises(ActionError):
        actions.rate(member_user, members.wang, appeal, rating="satisfied")  # not answered yet
    actions.answer(users.officer, appeal, answer_text="已协调学校补发。")
    actions.rate(member_user, members.wang, appeal, rating="satisfied")
    appeal.refresh_from_db()
    assert (appeal.status, appeal.rating) == ("closed", "satisfied")
    assert list(Appeal.objects.own(members.wang)) == [appeal]
    assert list(Appeal.objects.own(members.zhao)) == []


def test_overdue_requests_go_to_the_upper_union_audited(users, members, member_user, tree):
    appeal, _code = _submit(member_user, members.wang, today=D(2026, 9, 24))
    assert actions.escalate_overdue(today=D(2026, 10, 22)) == 0  # due that day: not overdue yet
    call_command("escalate_appeals", "--today", "2026-10-23")
    appeal.refresh_from_db()
    assert appeal.handler_id == tree.town.pk and appeal.escalations == 1
    assert appeal.due == D(2026, 11, 13)
    entry = AuditEntry.objects.get(action="appeal_escalate", object_id=appeal.pk)
    assert entry.actor_id is None and entry.org_id == tree.town.pk
    # The school chair no longer handles it; the federation above does.
    with pytest.raises(Exception):
        actions.answer(users.chair, appeal, answer_text="x")
    actions.answer(users.federation, appeal, answer_text="县总工会已督办。")


def test_legal_aid_is_recorded_and_audited(users, tree, members):
    aid = actions.record_legal_aid(users.chair, tree.school, kind="consultation", date="2026-11-02",
                                   category="contract", summary="解除劳动合同补偿咨询", member=members.wang)
    assert AuditEntry.objects.filter(action="appeal_legal_aid", object_id=aid.pk).exists()
    with pytest.raises(ActionError) as e:
        actions.record_legal_aid(users.chair, tree.school, kind="nonsense", date="2026-11-02", category="contract",
                                 summary="x")
    assert "kind" in e.value.message_dict
    assert LegalAid.objects.visible_to(users.outsider, "rights").count() == 0


def test_statistics_per_category_month_and_the_federation_roll_up(users, members, member_user, tree):
    a, _ = _submit(member_user, members.wang, today=D(2026, 3, 2))
    _submit(member_user, members.wang, today=D(2026, 3, 5), category="insurance", anonymous=True)
    _submit(member_user, members.wang, today=D(2026, 4, 1))
    actions.answer(users.chair, a, answer_text="已答复", answered_on="2026-03-03")
    data = queries.statistics(tree.county, D(2026, 1, 1), D(2026, 12, 31), today=D(2026, 12, 3))
    assert data["totals"]["total"] == 3 and data["totals"]["answered"] == 1 and data["totals"]["overdue"] == 2
    assert data["totals"]["anonymous"] == 1
    assert {r["category"]: r["total"] for r in data["by_category"]} == {"insurance": 1, "wages": 2}
    assert [r["total"] for r in data["by_month"]] == [2, 1]
    assert [(r["name"], r["total"]) for r in data["by_child"]] == [("城关镇总工会", 3)]
    school = queries.statistics(tree.school, D(2026, 1, 1), D(2026, 12, 31), today=D(2026, 12, 3))
    assert [(r["name"], r["total"]) for r in school["by_child"]] == [("第一中学工会", 3)]


def test_pages_member_and_officer(client, users, members, member_user, django_assert_max_num_queries):
    login(client, member_user)
    r = client.post(reverse("appeals:submit"), {"category": "wages", "title": "宿舍漏水", "text": "三楼宿舍漏水。",
                                                "attachments": [SimpleUploadedFile("照片.jpg", b"\xff\xd8jpeg")]})
    assert r.status_code == 200 and "查询码" in r.content.decode()
    appeal = Appeal.objects.get()
    assert appeal.member_id == members.wang.pk and appeal.attachments.count() == 1
    assert "宿舍漏水" in client.get(reverse("appeals:my")).content.decode()
    login(client, users.chair)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("appeals:home") + "?org=SCH").content.decode()
    assert "宿舍漏水" in page
    page = client.get(reverse("appeals:appeal", args=[appeal.pk])).content.decode()
    assert "王强" in page
    att = appeal.attachments.get()
    assert client.get(reverse("appeals:attachment", args=[att.pk])).content == b"\xff\xd8jpeg"
    assert client.post(reverse("appeals:appeal", args=[appeal.pk]),
                       {"answer": "已报修", "answered_on": "2026-12-03"}).status_code == 302
    with django_assert_max_num_queries(12):
        page = client.get(reverse("appeals:stats") + "?org=SCH&year=2026").content.decode()
    assert "工资报酬" in page
    login(client, users.outsider)
    assert client.get(reverse("appeals:appeal", args=[appeal.pk])).status_code == 404
    assert client.get(reverse("appeals:attachment", args=[att.pk])).status_code == 404


def test_api_submit_anonymous_answers_with_a_receipt_only(client, users, member_user, members):
    login(client, member_user)
    r = client.post("/api/appeals/my-requests/", {"category": "safety", "title": "车间粉尘", "text": "除尘设备坏了",
                                          "anonymous": True}, content_type="application/json")
    assert r.status_code == 201 and r.json()["id"] is None and r.json()["receipt"]
    mine = client.get("/api/appeals/my-requests/").json()
    assert (mine["results"] if isinstance(mine, dict) else mine) == []  # anonymous: not among the member's own
    login(client, users.chair)
    rows = client.get("/api/appeals/cases/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [row["member_name"] for row in rows] == [""]
    assert client.get("/api/appeals/stats/?org=SCH").json()["totals"]["total"] == 1


# ---- re-identification: a known member submits anonymously; every table and the log are searched ----

def _dump():
    out = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        out[model] = list(model._base_manager.order_by().values())
    return out


def test_an_anonymous_request_cannot_be_traced_back_to_its_member(client, users, members, member_user, caplog):
    member = members.wang
    login(client, member_user)
    client.get(reverse("appeals:submit"))  # the session exists before the snapshot
    before = _dump()
    caplog.set_level(logging.DEBUG)
    r = client.post(reverse("appeals:submit"), {
        "category": "wages", "title": "匿名反映加班问题", "text": "车间长期加班不付加班费。", "anonymous": "on",
        "attachments": [SimpleUploadedFile("证据.pdf", b"%PDF-1.4 overtime records")]})
    assert r.status_code == 200
    code = r.context["code"]
    after = _dump()

    changed = {m for m, rows in after.items() if sorted(map(repr, rows)) != sorted(map(repr, before.get(m, [])))}
    assert changed <= {Appeal, Attachment, Session}, changed
    assert not [e for e in AuditEntry.objects.all() if e.pk not in {x["id"] for x in before[AuditEntry]}]

    identifiers = {member.name, member.member_no, member_user.username, member.id_number, member.phone}
    appeal = Appeal.objects.get()
    row = Appeal.objects.filter(pk=appeal.pk).values().get()
    assert row["member_id"] is None and row["officer_id"] is None and row["anonymous"] is True
    assert isinstance(row["submitted_on"], datetime.date) and not isinstance(row["submitted_on"], datetime.datetime)
    assert all(v is None for k, v in row.items() if isinstance(v, datetime.datetime) or k == "deleted_at")
    for model in (Appeal, Attachment):
        for fk in [f for f in model._meta.concrete_fields if f.is_relation]:
            assert fk.related_model._meta.label_lower in {"orgs.organisation", "appeals.appeal"} or \
                row.get(fk.attname) is None
    # Nothing in the new rows or in the session names the member.
    for model in (Appeal, Attachment):
        for values in model._base_manager.values():
            text = repr(values)
            assert not any(i and i in text for i in identifiers)
    for s in Session.objects.all():
        data = s.get_decoded()
        assert code not in repr(data) and str(appeal.pk) not in repr(data)
    # The log of the request names neither the member nor the request.
    for record in caplog.records:
        message = record.getMessage()
        assert not any(i and i in message for i in identifiers | {appeal.title, code})
    # Not in the member's own list; findable only with the receipt code.
    assert list(Appeal.objects.own(member)) == []
    assert actions.find_by_receipt(code) == appeal
    assert actions.find_by_receipt("WRONG") is None


def test_anonymous_ids_follow_no_order(member_user, members):
    ids = [actions.submit(member_user, members.wang, category="other", title=f"第{i}件", text_="内容",
                          anonymous=True)[0].pk for i in range(12)]
    assert ids != sorted(ids) and ids != sorted(ids, reverse=True)


def test_the_anonymous_submitter_rates_with_the_receipt_code(client, users, member_user, members):
    appeal, code = actions.submit(member_user, members.wang, category="other", title="食堂", text_="饭菜太贵",
                                  anonymous=True)
    actions.answer(users.chair, appeal, answer_text="已与食堂协商降价")
    login(client, member_user)
    page = client.post(reverse("appeals:receipt"), {"code": code}).content.decode()
    assert "已与食堂协商降价" in page
    client.post(reverse("appeals:receipt"), {"code": code, "rating": "basic"})
    appeal.refresh_from_db()
    assert appeal.rating == "basic"
    entry = AuditEntry.objects.get(action="appeal_rate", object_id=appeal.pk)
    assert entry.actor_id is None


def test_plan_metrics_read_the_same_figures(users, members, member_user, tree):
    from gonghui.core import metrics

    a, _ = _submit(member_user, members.wang, today=D(2026, 3, 2))
    b, _ = _submit(member_user, members.wang, today=D(2026, 3, 3))
    for appeal, rating in ((a, "satisfied"), (b, "unsatisfied")):
        actions.answer(users.chair, appeal, answer_text="答复", answered_on="2026-03-04")
        actions.rate(member_user, members.wang, appeal, rating=rating)
    assert metrics.read("appeals.received", tree.county, D(2026, 1, 1), D(2026, 12, 31)).value == 2
    reading = metrics.read("appeals.satisfaction", tree.county, D(2026, 1, 1), D(2026, 12, 31))
    assert str(reading.value) == "50.00" and (reading.numerator, reading.denominator) == (1, 2)
