"""Disclosure pages: the list members read on a phone, drafts, publication, PDF and the interval
setting (finaudit.views)."""
import datetime

from django.urls import reverse

from gonghui.core.models import AuditEntry
from gonghui.finaudit import actions
from gonghui.finaudit.models import Disclosure, DisclosureSetting

from .conftest import login
from .walk_ext.finaudit import LAST_YEAR, school_books  # noqa: F401


def _draft(tree, users, **kw):
    return actions.create_disclosure(users.finance, union=tree.school, start=datetime.date(LAST_YEAR, 1, 1),
                                     end=datetime.date(LAST_YEAR, 6, 30), **kw)


def test_a_member_reads_the_published_notice_of_their_union_on_a_phone(client, school_books, tree, users,
                                                                        member_user):
    published = actions.publish_disclosure(users.chair, _draft(tree, users, note="慰问品按标准发放"))
    draft = _draft(tree, users, title="尚未公开的草稿")
    login(client, member_user)
    listing = client.get(reverse("finaudit:disclosures")).content.decode()
    assert published.title in listing and "尚未公开的草稿" not in listing
    page = client.get(reverse("finaudit:disclosure", args=[published.pk]))
    html = page.content.decode()
    assert 'name="viewport"' in html and "会费收入" in html and "1200.00" in html and "慰问品按标准发放" in html
    assert "职工活动支出" in html and "13100.00" in html
    assert client.get(reverse("finaudit:disclosure", args=[draft.pk])).status_code == 404
    pdf = client.get(reverse("finaudit:disclosure_pdf", args=[published.pk]))
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"


def test_a_member_of_another_union_sees_nothing_of_it(client, school_books, tree, users, members):
    published = actions.publish_disclosure(users.chair, _draft(tree, users))
    from .conftest import make_user

    liu = make_user("liuyang")
    members.liu.user = liu
    members.liu.save(update_fields=["user"])
    login(client, liu)
    assert published.title not in client.get(reverse("finaudit:disclosures")).content.decode()
    assert client.get(reverse("finaudit:disclosure", args=[published.pk])).status_code == 404


def test_the_finance_officer_drafts_for_the_suggested_period_and_the_chair_publishes(client, school_books, tree,
                                                                                    users):
    login(client, users.finance)
    url = reverse("finaudit:disclosure_create") + "?org=SCH"
    form = client.get(url).context["form"]
    assert form["start"].value() and form["end"].value()
    response = client.post(url, {"start": f"{LAST_YEAR}-01", "end": f"{LAST_YEAR}-06", "title": "", "note": "说明"})
    d = Disclosure.objects.get()
    assert response.status_code == 302 and not d.published
    html = client.get(reverse("finaudit:disclosure", args=[d.pk])).content.decode()
    assert "草稿" in html and "16200.00" in html and reverse("finaudit:disclosure_publish", args=[d.pk]) not in html
    assert client.post(reverse("finaudit:disclosure_publish", args=[d.pk])).status_code == 403
    login(client, users.chair)
    client.post(reverse("finaudit:disclosure_publish", args=[d.pk]))
    d.refresh_from_db()
    assert d.published and d.figures["income_total"] == "16200.00"


def test_publishing_an_empty_period_shows_why(client, school_books, tree, users):
    d = actions.create_disclosure(users.finance, union=tree.school, start=datetime.date(LAST_YEAR, 8, 1),
                                  end=datetime.date(LAST_YEAR, 8, 31))
    login(client, users.chair)
    response = client.post(reverse("finaudit:disclosure_publish", args=[d.pk]), follow=True)
    assert f"{LAST_YEAR}年8月没有已记账的收支，不能公开空的报告" in response.content.decode()
    assert not AuditEntry.objects.filter(action="publish_disclosure").exists()


def test_a_published_notice_cannot_be_edited_from_the_web(client, school_books, tree, users):
    d = actions.publish_disclosure(users.chair, _draft(tree, users))
    login(client, users.finance)
    response = client.post(reverse("finaudit:disclosure_edit", args=[d.pk]),
                           {"start": f"{LAST_YEAR}-01", "end": f"{LAST_YEAR}-03", "title": "改"}, follow=True)
    assert "已公开的内容不能修改" in response.content.decode()
    d.refresh_from_db()
    assert d.title != "改"


def test_a_draft_is_deleted_from_its_page(client, tree, users):
    d = _draft(tree, users)
    login(client, users.finance)
    response = client.post(reverse("finaudit:disclosure_delete", args=[d.pk]))
    assert response.status_code == 302 and not Disclosure.objects.exists()


def test_the_chair_sets_the_interval(client, tree, users):
    login(client, users.chair)
    url = reverse("finaudit:disclosure_settings") + "?org=SCH"
    assert client.get(url).context["form"]["interval_months"].value() == 6
    client.post(url, {"interval_months": "3"})
    assert DisclosureSetting.objects.get(union=tree.school).interval_months == 3
    login(client, users.finance)
    assert client.get(url).status_code == 403
