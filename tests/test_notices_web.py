"""Notices in the browser: the officer's workflow, the member's phone pages, exports, and scope (404)."""
import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.core.models import AuditEntry
from gonghui.notices import actions
from gonghui.notices.models import Notice, Objection, Read

from .conftest import login
from .notices_fixtures import category, draft, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(tree, users, members):
    return published(users.officer, tree.school, title="2026年职工福利发放情况", code="welfare",
                     body="春节慰问：每人 **300.00** 元\n\n- 语文组 20 人\n- 数学组 18 人\n\n<script>alert(1)</script>",
                     start=timezone_today(), today=timezone_today())


def timezone_today():
    from django.utils import timezone

    return timezone.localdate()


def test_an_officer_drafts_and_publishes_a_notice_through_the_pages(client, tree, users, members):
    login(client, users.officer)
    url = reverse("notices:new") + "?org=SCH"
    assert client.get(url).status_code == 200
    today = timezone_today()
    data = {"category": category("finance").pk, "title": "上半年经费收支", "body": "收入 1,200.00 元",
            "period_start": today.isoformat(), "period_end": (today + datetime.timedelta(days=9)).isoformat(),
            "whole_union": "on"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "公开期不少于15天" in response.content.decode()
    data["period_end"] = (today + datetime.timedelta(days=20)).isoformat()
    response = client.post(url, data)
    notice = Notice.objects.get(title="上半年经费收支")
    assert response.status_code == 302 and response["Location"] == reverse("notices:notice", args=[notice.pk])
    response = client.post(reverse("notices:publish", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PUBLISHED and notice.audience_size == 3
    page = client.get(reverse("notices:notice", args=[notice.pk])).content.decode()
    assert "已读 0 / 应读 3" in page and "王强" in page  # listed as unread


def test_the_body_is_escaped_and_lightly_formatted(client, users, notice):
    login(client, users.officer)
    page = client.get(reverse("notices:notice", args=[notice.pk])).content.decode()
    assert "<strong>300.00</strong>" in page and "<li>语文组 20 人</li>" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_a_member_reads_on_the_phone_confirms_and_objects(client, users, member_user, notice):
    login(client, member_user)
    mine = client.get(reverse("notices:mine")).content.decode()
    assert notice.title in mine and "1条未读" in mine
    detail = client.get(reverse("notices:notice", args=[notice.pk])).content.decode()
    assert "我已阅读" in detail and "未读会员" not in detail
    client.post(reverse("notices:read", args=[notice.pk]))
    assert Read.objects.filter(notice=notice, member__user=member_user).exists()
    assert "1条未读" not in client.get(reverse("notices:mine")).content.decode()
    client.post(reverse("notices:object", args=[notice.pk]), {"text": "数学组人数应为19人"})
    objection = Objection.objects.get()
    assert objection.due_on == timezone_today() + datetime.timedelta(days=30)
    assert "数学组人数应为19人" in client.get(reverse("notices:notice", args=[notice.pk])).content.decode()


def test_the_officer_answers_an_objection(client, users, member_user, notice):
    objection = actions.file_objection(member_user, notice, text="数学组人数应为19人")
    login(client, users.officer)
    listing = client.get(reverse("notices:objections") + "?org=SCH").content.decode()
    assert "数学组人数应为19人" in listing
    response = client.post(reverse("notices:objection", args=[objection.pk]), {"answer": ""})
    assert response.status_code == 400
    client.post(reverse("notices:objection", args=[objection.pk]), {"answer": "已核实：19人，已更正"})
    objection.refresh_from_db()
    assert objection.answered_on == timezone_today()


def test_a_member_and_an_outsider_get_404_for_what_is_not_theirs(client, tree, users, members, member_user):
    hidden_draft = draft(users.officer, tree.school, title="草稿不可见")
    factory = published(users.outsider, tree.factory, title="机械厂福利", start=timezone_today(), today=timezone_today())
    branch_only = published(users.officer, tree.school, title="数学组专项", whole_union=False, branches=[tree.b2],
                            start=timezone_today(), today=timezone_today())
    login(client, member_user)
    for n in (hidden_draft, factory, branch_only):
        assert client.get(reverse("notices:notice", args=[n.pk])).status_code == 404
        assert client.post(reverse("notices:read", args=[n.pk])).status_code == 404
    login(client, users.outsider)
    assert client.get(reverse("notices:notice", args=[hidden_draft.pk])).status_code == 404
    assert client.post(reverse("notices:publish", args=[hidden_draft.pk])).status_code == 404
    assert client.get(reverse("notices:list") + "?org=SCH").status_code == 404
    hidden_draft.refresh_from_db()
    assert hidden_draft.status == Notice.Status.DRAFT


def test_the_overview_states_the_formula_and_the_figures(client, tree, users, notice):
    login(client, users.chair)
    page = client.get(reverse("notices:home") + "?org=SCH").content.decode()
    assert "公开覆盖面 = 按期公开的事项数 ÷ 应公开事项数 × 100%" in page
    assert "分类别" in page


def test_a_federation_officer_sees_coverage_per_union_with_a_chart(client, tree, users, notice):
    login(client, users.federation)
    page = client.get(reverse("notices:home") + "?org=COUNTY").content.decode()
    assert 'id="per-union"' in page and "第一中学工会" in page and "机械厂工会" in page
    assert "<svg" in page


def test_the_calendar_shows_the_month_grid_and_the_year_list(client, users, notice):
    login(client, users.officer)
    page = client.get(reverse("notices:calendar") + "?org=SCH&month=2026-12").content.decode()
    assert 'class="n-month"' in page and "工会经费收支情况" in page and "2026年下半年" in page


def test_the_list_exports_to_excel_and_a_notice_prints_as_pdf(client, users, notice):
    login(client, users.officer)
    response = client.get(reverse("notices:export") + "?org=SCH")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert notice.title in values
    pdf = client.get(reverse("notices:pdf", args=[notice.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_list_pages_with_keyset_links(client, tree, users, members):
    for i in range(52):
        draft(users.officer, tree.school, title=f"草稿{i:02d}")
    login(client, users.officer)
    page = client.get(reverse("notices:list") + "?org=SCH").content.decode()
    assert "草稿51" in page and "草稿01" not in page
    older = re.search(r'href="(\?[^"]*before=\d+[^"]*)"', page).group(1).replace("&amp;", "&")
    page2 = client.get(reverse("notices:list") + older).content.decode()
    assert "草稿01" in page2 and "草稿00" in page2 and "草稿51" not in page2


def test_the_list_costs_a_fixed_number_of_queries(client, tree, users, members, django_assert_max_num_queries):
    for i in range(10):
        published(users.officer, tree.school, title=f"公开{i}", start=timezone_today(), today=timezone_today())
    login(client, users.officer)
    with django_assert_max_num_queries(12):
        client.get(reverse("notices:list") + "?org=SCH")


def test_requirements_and_events_pages_add_rows_through_actions(client, tree, users):
    login(client, users.chair)
    response = client.post(reverse("notices:requirements") + "?org=SCH", {
        "category": category("personnel").pk, "what": "职称评聘结果", "frequency": "yearly", "due_month": "7",
        "due_day": "15"})
    assert response.status_code == 302
    assert "职称评聘结果" in client.get(reverse("notices:requirements") + "?org=SCH").content.decode()
    response = client.post(reverse("notices:events") + "?org=SCH", {"kind": "congress", "title": "教代会",
                                                                    "date": "2027-03-20"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(object_type="notices.disclosureevent", action="create").exists()


def test_a_plain_member_gets_the_member_menu_and_is_sent_to_their_page(client, member_user):
    login(client, member_user)
    response = client.get(reverse("notices:home"))
    assert response.status_code == 302 and response["Location"] == reverse("notices:mine")


def test_the_officer_ticks_paper_sign_offs_in_the_unread_list(client, users, members, notice):
    login(client, users.officer)
    client.post(reverse("notices:sign", args=[notice.pk]), {"members": [members.wang.pk, members.liu.pk]})
    # 刘洋 is the factory's: not in the audience, silently not offered
    assert list(Read.objects.filter(notice=notice).values_list("member__name", flat=True)) == ["王强"]
    page = client.get(reverse("notices:notice", args=[notice.pk])).content.decode()
    assert "已读 1 / 应读 3" in page


def test_the_federation_overview_costs_the_same_queries_for_more_unions(client, tree, users, admin_user, notice,
                                                                         django_assert_max_num_queries):
    from gonghui.orgs import actions as org_actions
    from gonghui.orgs.models import Kind

    login(client, users.federation)
    url = reverse("notices:home") + "?org=COUNTY"
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for i in range(5):
        org_actions.create_org(admin_user, parent=tree.town, kind=Kind.GRASSROOTS, union_type="enterprise",
                               code=f"E{i}", name=f"企业{i}工会")
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = client.get(url).content.decode()
    assert "企业4工会" in page


def test_an_attachment_is_served_only_to_those_who_may_read_the_notice(client, tree, users, members, member_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    notice = published(users.officer, tree.school, start=timezone_today(), today=timezone_today(),
                       attachment=SimpleUploadedFile("明细.xlsx", b"PK\x03\x04demo"))
    login(client, member_user)
    response = client.get(reverse("notices:attachment", args=[notice.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"PK\x03\x04demo"
    login(client, users.outsider)
    assert client.get(reverse("notices:attachment", args=[notice.pk])).status_code == 404


def test_a_union_adds_its_own_category_and_uses_it(client, tree, users):
    from gonghui.notices.models import Category

    login(client, users.chair)
    url = reverse("notices:requirements") + "?org=SCH"
    response = client.post(url, {"category_name": "财务", "category_union_types": ["school"]})
    assert response.status_code == 400 and "已有同名的类别" in response.content.decode()
    response = client.post(url, {"category_name": "食堂账目", "category_union_types": ["school"]})
    assert response.status_code == 302
    own = Category.objects.get(name="食堂账目")
    assert own.owner == tree.school and own.union_types == ["school"]
    assert AuditEntry.objects.filter(object_type="notices.category", object_id=own.pk, action="create").exists()
    assert "食堂账目" in client.get(reverse("notices:new") + "?org=SCH").content.decode()
    login(client, users.outsider)
    assert "食堂账目" not in client.get(reverse("notices:new")).content.decode()
