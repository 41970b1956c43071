"""A finance disclosure is published on the notice board too: the member's finance-disclosure page and
the notices list read the same publications (the notice board's query, narrowed to category 财务)."""
import datetime

from django.urls import reverse
from django.utils import timezone

from gonghui.finaudit import actions
from gonghui.finaudit.views import finance_publications
from gonghui.notices import actions as notices
from gonghui.notices.models import Category, Notice

from .conftest import login
from .walk_ext.finaudit import LAST_YEAR, school_books  # noqa: F401


def publish(tree, users, **kw):
    draft = actions.create_disclosure(users.finance, union=tree.school, start=datetime.date(LAST_YEAR, 1, 1),
                                      end=datetime.date(LAST_YEAR, 6, 30), **kw)
    return actions.publish_disclosure(users.chair, draft)


def test_publishing_a_disclosure_posts_it_on_the_notice_board_for_15_days(school_books, tree, users):
    disclosure = publish(tree, users, note="慰问品按标准发放")
    notice = disclosure.notice
    assert notice.status == Notice.Status.PUBLISHED and notice.category.code == "finance"
    assert notice.title == disclosure.title and (notice.period_end - notice.period_start).days + 1 == 15
    assert "收入合计16200.00元（其中会费1200.00元、拨缴及补助经费15000.00元）" in notice.body
    assert "支出合计3100.00元，收支结余13100.00元" in notice.body and "慰问品按标准发放" in notice.body


def test_the_members_disclosure_page_and_notices_list_show_the_same_publications(
        client, school_books, tree, users, member_user, django_assert_num_queries):
    disclosure = publish(tree, users)
    category = Category.objects.get(owner__isnull=True, code="finance")
    today = timezone.localdate()
    posted = notices.publish_notice(users.chair, notices.create_notice(
        users.chair, tree.school, category=category, title="上半年经费收支情况（公开栏）", body="收支情况……",
        period_start=today, period_end=today + datetime.timedelta(days=20)))
    with django_assert_num_queries(2):  # the member, then one query for every publication
        rows = list(finance_publications(member_user))
    assert {r.pk for r in rows} == {posted.pk, disclosure.notice.pk}
    login(client, member_user)
    page = client.get(reverse("finaudit:disclosures")).content.decode()
    board = client.get(reverse("notices:mine")).content.decode()
    for title in (disclosure.title, posted.title):
        assert title in page and title in board
    assert reverse("finaudit:disclosure", args=[disclosure.pk]) in page
    assert reverse("notices:notice", args=[posted.pk]) in page


def test_the_api_lists_the_same_publications_for_the_member(school_books, tree, users, member_user):
    from rest_framework.test import APIClient

    disclosure = publish(tree, users)
    client = APIClient()
    client.force_authenticate(member_user)
    rows = client.get("/api/finance/publications/").json()
    assert [(r["notice"], r["title"], r["disclosure"]) for r in rows] == [
        (disclosure.notice_id, disclosure.title, disclosure.pk)]


def test_a_disclosure_published_before_notices_were_posted_is_still_shown(client, school_books, tree, users,
                                                                          member_user):
    from gonghui.finaudit.models import Disclosure

    disclosure = publish(tree, users, title="较早公开的财务公开")
    Disclosure.objects.filter(pk=disclosure.pk).update(notice=None)  # as rows published before this change
    page = login(client, member_user).get(reverse("finaudit:disclosures")).content.decode()
    assert "较早公开的财务公开" in page and reverse("finaudit:disclosure", args=[disclosure.pk]) in page
