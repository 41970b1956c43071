"""Disclosure of the union's finances to members: drafts, publication with frozen figures, who reads
what, and the per-union interval (finaudit.actions, Disclosure.objects.readable_by)."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.finaudit import actions
from gonghui.finaudit.models import Disclosure

from .walk_ext.finaudit import LAST_YEAR, books, day, payment, post, school_books  # noqa: F401

FIRST_HALF = (datetime.date(LAST_YEAR, 1, 1), datetime.date(LAST_YEAR, 6, 30))
FROZEN = {
    "dues": "1200.00", "funds": "15000.00", "other_income": "0.00", "income_total": "16200.00",
    "spending": [{"code": "501", "name": "职工活动支出", "amount": "2800.00"},
                 {"code": "504", "name": "行政支出", "amount": "300.00"}],
    "spending_total": "3100.00", "balance": "13100.00", "cash_and_bank": "13100.00",
}


def draft(users, union, period=FIRST_HALF, **kw):
    return actions.create_disclosure(users.finance, union=union, start=period[0], end=period[1], **kw)


def test_a_draft_gets_a_title_from_the_union_and_period(tree, users):
    d = draft(users, tree.school)
    assert d.title == f"第一中学工会{LAST_YEAR}年1月—6月经费收支情况公开"
    assert d.status == Disclosure.Status.DRAFT and d.figures == {}
    assert AuditEntry.objects.filter(action="create_disclosure", object_id=d.pk).exists()


def test_publishing_freezes_the_figures_of_the_period(school_books, tree, users):
    d = actions.publish_disclosure(users.chair, draft(users, tree.school, note="慰问品按标准发放"))
    assert d.published and d.published_by == users.chair and d.published_at is not None
    assert d.figures == FROZEN
    entry = AuditEntry.objects.get(action="publish_disclosure", object_id=d.pk)
    assert entry.changes["figures"][1]["dues"] == "1200.00"


def test_a_correction_in_the_books_after_publication_leaves_the_notice_unchanged(school_books, tree, users):
    d = actions.publish_disclosure(users.chair, draft(users, tree.school))
    post(tree.school, users.finance, users.auditor, users.chair, date=day(6, 20), summary="补记慰问",
         lines=payment("500.00", "50105"))
    d.refresh_from_db()
    assert d.figures == FROZEN
    correction = actions.publish_disclosure(users.chair, draft(users, tree.school, title="更正"))
    assert correction.figures["spending_total"] == "3600.00"


def test_publishing_a_period_without_posted_vouchers_is_refused(school_books, tree, users):
    empty = draft(users, tree.school, period=(day(8, 1), datetime.date(LAST_YEAR, 9, 30)))
    with pytest.raises(ActionError) as exc:
        actions.publish_disclosure(users.chair, empty)
    assert exc.value.messages == [f"{LAST_YEAR}年8月—9月没有已记账的收支，不能公开空的报告"]
    empty.refresh_from_db()
    assert not empty.published and empty.figures == {}


def test_only_a_chair_may_publish_and_only_officers_may_draft(school_books, tree, users):
    d = draft(users, tree.school)
    with pytest.raises(PermissionDenied):
        actions.publish_disclosure(users.finance, d)
    with pytest.raises(PermissionDenied):
        actions.publish_disclosure(users.outsider, d)
    with pytest.raises(PermissionDenied):
        actions.create_disclosure(users.auditor, union=tree.school, start=FIRST_HALF[0], end=FIRST_HALF[1])


def test_a_published_disclosure_can_neither_be_edited_nor_deleted(school_books, tree, users):
    d = actions.publish_disclosure(users.chair, draft(users, tree.school))
    with pytest.raises(ActionError) as exc:
        actions.update_disclosure(users.finance, d, start=FIRST_HALF[0], end=FIRST_HALF[1], title="改", note="")
    assert exc.value.messages == ["已公开的内容不能修改；如需更正，请另行编制一份财务公开"]
    with pytest.raises(ActionError):
        actions.delete_disclosure(users.chair, d)
    with pytest.raises(ActionError) as exc:
        actions.publish_disclosure(users.chair, d)
    assert exc.value.messages == ["该财务公开已经公开"]


def test_a_draft_can_be_edited_and_deleted(tree, users):
    d = draft(users, tree.school)
    d = actions.update_disclosure(users.finance, d, start=FIRST_HALF[0], end=FIRST_HALF[0].replace(month=3),
                                  title="", note="一季度")
    assert d.period_label == f"{LAST_YEAR}年1月—3月" and d.title.endswith("1月—3月经费收支情况公开")
    with pytest.raises(ActionError) as exc:
        actions.update_disclosure(users.finance, d, start=FIRST_HALF[1], end=FIRST_HALF[0], title="", note="")
    assert exc.value.message_dict == {"end": ["结束月份不能早于开始月份"]}
    actions.delete_disclosure(users.finance, d)
    assert not Disclosure.objects.filter(pk=d.pk).exists() and Disclosure.all_objects.filter(pk=d.pk).exists()


def test_members_read_only_the_published_disclosures_of_their_own_union(school_books, tree, users, member_user):
    published = actions.publish_disclosure(users.chair, draft(users, tree.school))
    school_draft = draft(users, tree.school, title="草稿")
    factory_books_and_notice(tree, users)
    assert list(Disclosure.objects.readable_by(member_user)) == [published]
    assert set(Disclosure.objects.readable_by(users.auditor)) == {published, school_draft}
    assert not Disclosure.objects.readable_by(users.outsider).filter(union=tree.school).exists()


def factory_books_and_notice(tree, users):
    from .conftest import make_user
    from gonghui.accounts.models import Role

    finance, auditor = make_user("fac-finance"), make_user("fac-auditor")
    Role.objects.create(user=finance, org=tree.factory, kind="finance")
    Role.objects.create(user=auditor, org=tree.factory, kind="auditor")
    books(tree.factory, finance, auditor, users.outsider)
    d = actions.create_disclosure(finance, union=tree.factory, start=FIRST_HALF[0], end=FIRST_HALF[1])
    return actions.publish_disclosure(users.outsider, d)


def test_the_interval_is_half_yearly_by_default_and_set_per_union(tree, users):
    assert actions.interval_of(tree.school) == 6
    actions.set_disclosure_interval(users.chair, tree.school, "3")
    assert actions.interval_of(tree.school) == 3 and actions.interval_of(tree.factory) == 6
    with pytest.raises(ActionError) as exc:
        actions.set_disclosure_interval(users.chair, tree.school, 5)
    assert exc.value.message_dict == {"interval_months": ["请选择每季度、每半年或每年"]}
    with pytest.raises(PermissionDenied):
        actions.set_disclosure_interval(users.finance, tree.school, 12)


def test_a_union_owes_the_disclosure_of_its_latest_half_year_until_one_reaching_its_end_is_published(school_books, tree, users):
    from gonghui.core import inbox

    today = datetime.date(LAST_YEAR, 8, 1)  # January–June is the latest whole half-year
    own, below = inbox.get("finaudit.disclosures_owed"), inbox.get("finaudit.disclosures_owed_below")
    assert [u.code for u in own.rows(users.finance, today)] == [tree.school.code]
    assert tree.school.code in [u.code for u in below.rows(users.federation, today)]
    assert own.item(own.rows(users.finance, today)[0]).title == f"{LAST_YEAR}年1月—6月财务公开"
    d = draft(users, tree.school)
    assert own.rows(users.finance, today).count() == 1  # a draft is not a disclosure
    actions.publish_disclosure(users.chair, d)
    assert own.rows(users.finance, today).count() == 0
    assert tree.school.code not in [u.code for u in below.rows(users.federation, today)]
    assert own.rows(users.outsider, today).count() == 0 and below.rows(users.chair, today).count() == 0


def test_a_yearly_union_owes_last_year_and_a_union_founded_after_the_period_owes_nothing(tree, users):
    from gonghui.finaudit import coverage
    from gonghui.orgs.models import Organisation

    actions.set_disclosure_interval(users.chair, tree.school, 12)
    today = datetime.date(LAST_YEAR, 8, 1)
    (school,) = coverage.owing(Organisation.objects.filter(pk=tree.school.pk), today)
    assert school.interval_months == 12 and school.owed_end == datetime.date(LAST_YEAR - 1, 12, 31)
    Organisation.objects.filter(pk=tree.school.pk).update(founded_on=datetime.date(LAST_YEAR, 3, 1))
    assert not coverage.owing(Organisation.objects.filter(pk=tree.school.pk), today).exists()


def test_owed_disclosures_of_many_unions_take_one_query(tree, users, django_assert_num_queries):
    from gonghui.finaudit import coverage
    from gonghui.orgs.models import Organisation

    with django_assert_num_queries(1):
        assert len(list(coverage.owing(Organisation.objects.all(), datetime.date(LAST_YEAR, 8, 1)))) >= 2
