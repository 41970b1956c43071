"""Workplace disclosure in English: pages, messages, the calendar and the list export translate; the
noticeboard PDF (what the union posts for its members) and the stored notices stay as written."""
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from gonghui.core.errors import ActionError
from gonghui.notices import actions
from gonghui.notices.models import Objection

from .conftest import login
from .notices_fixtures import category, draft, published

pytestmark = pytest.mark.django_db


def english(client):
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    return client


def today():
    return timezone.localdate()


@pytest.fixture
def notice(tree, users, members):
    return published(users.officer, tree.school, title="2026年职工福利发放情况", code="welfare",
                     whole_union=False, branches=[tree.b1, tree.b2], start=today(), today=today())


def test_the_notice_page_in_english(client, users, notice):
    english(login(client, users.officer))
    page = client.get(reverse("notices:notice", args=[notice.pk])).content.decode()
    start, end = notice.period_start.isoformat(), notice.period_end.isoformat()
    assert f"Posting period: {start} — {end} (15 days)" in page
    names = ", ".join(b.name for b in notice.branches.all())
    assert f"For: {names}" in page and "Members who have not read it (2)" in page
    meta = page[page.index('class="n-meta"'):page.index('class="card n-body"')]
    assert "：" not in meta and "、" not in meta and "（" not in meta


def test_the_member_sees_the_answer_in_english(client, users, member_user, tree):
    notice = published(users.officer, tree.school, title="食堂价格调整", start=today(), today=today())
    objection = actions.file_objection(member_user, notice, text="价格偏高")
    actions.answer_objection(users.officer, Objection.objects.get(pk=objection.pk), answer="已调整")
    english(login(client, member_user))
    page = client.get(reverse("notices:notice", args=[notice.pk])).content.decode()
    assert "<strong>Answer:</strong> 已调整" in page and "For: all members" in page


def test_the_calendar_in_english(client, users, notice):
    english(login(client, users.officer))
    page = client.get(reverse("notices:calendar") + f"?org=SCH&month={today():%Y-%m}").content.decode()
    assert '<th scope="col">Mon</th>' in page and '<th scope="col">Sun</th>' in page
    assert f"Second half of {today().year}" in page or f"First half of {today().year}" in page or "Overdue" in page
    assert "：" not in page


def test_refused_actions_explain_themselves_in_english(users, tree, members):
    with translation.override("en"):
        with pytest.raises(ActionError) as refused:
            draft(users.officer, tree.school, days=10)
        assert refused.value.message_dict == {
            "period_end": ["The posting period must be at least 15 days (it is 10 days now)"]}
        late = draft(users.officer, tree.school, start=today() - datetime.timedelta(days=10))
        with pytest.raises(ActionError) as refused:
            actions.publish_notice(users.officer, late, today=today())
        assert refused.value.message_dict == {
            "period_end": ["Counting from today the posting period is shorter than 15 days; extend the end date"]}
        with pytest.raises(ActionError) as refused:
            actions.create_category(users.officer, tree.school, name="住房", union_types=["nowhere"])
        assert refused.value.message_dict == {"category_union_types": ["Unknown employer types: nowhere"]}


def test_a_refused_publication_is_shown_with_english_field_labels(client, users, tree, members):
    late = draft(users.officer, tree.school, start=today() - datetime.timedelta(days=10))
    english(login(client, users.officer))
    page = client.post(reverse("notices:publish", args=[late.pk]), follow=True).content.decode()
    assert "Posting until: Counting from today the posting period is shorter than 15 days" in page


def test_the_list_export_is_in_the_readers_language_and_the_pdf_stays_chinese(client, users, notice):
    english(login(client, users.officer))
    response = client.get(reverse("notices:export") + "?org=SCH")
    values = [c for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
              for c in row if c]
    assert "List of notices" in values and "Category" in values and notice.title in values
    assert "notices.xlsx" in response["Content-Disposition"]
    pdf = client.get(reverse("notices:pdf", args=[notice.pk]))
    assert pdf.content.startswith(b"%PDF")


def test_the_requirements_page_in_english(client, users, tree):
    actions.create_category(users.officer, tree.school, name="住房公积金", union_types=["school"])
    english(login(client, users.officer))
    page = client.get(reverse("notices:requirements") + "?org=SCH").content.decode()
    assert "Employer types that must disclose: " in page and "：" not in page
    assert category("finance").name in page
