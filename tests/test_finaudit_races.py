"""Races in 经审 and disclosure (finaudit.actions): every rule is checked under a lock of the row it depends on
(the union for the rules across its reviews, the review, the finding, the disclosure), so the loser of a race
gets the Chinese message the rule gives and nothing is half written. The deterministic tests stage the race
with stale objects or with the conflicting row appearing just before the lock; the threaded ones run two
calls at once on PostgreSQL (SQLite serialises writers by itself)."""
import datetime

import pytest
from django.db import connection

from gonghui.accounts.models import Role
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.finaudit import actions
from gonghui.finaudit.models import AuditReview, Disclosure, DisclosureSetting, Finding
from gonghui.ledger.models import Period

from .walk_ext.finaudit import LAST_YEAR, school_books  # noqa: F401
from .fixtures.races import together as _together

FIRST_HALF = (datetime.date(LAST_YEAR, 1, 1), datetime.date(LAST_YEAR, 6, 30))
SPRING = (datetime.date(LAST_YEAR, 3, 1), datetime.date(LAST_YEAR, 9, 30))
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def open_review(users, union, period=FIRST_HALF):
    return actions.open_review(users.auditor, union=union, start=period[0], end=period[1],
                               areas=["income", "spending"])


def draft(users, union):
    return actions.create_disclosure(users.finance, union=union, start=FIRST_HALF[0], end=FIRST_HALF[1])


def second_auditor(tree):
    from .conftest import make_user

    user = make_user("auditor2")
    Role.objects.create(user=user, org=tree.school, kind="auditor")
    return user


def closed_months(union):
    return sorted(Period.objects.filter(union=union, status="closed").values_list("month", flat=True))



def _sign_first(monkeypatch, conflicting, actor, **kw):
    """Another sign-off is done just before this call takes the union lock (in one thread it runs inside
    this call's transaction, and goes back with it when the call is refused)."""
    lock_union = actions._lock_union

    def other_signs_first(union):
        monkeypatch.setattr(actions, "_lock_union", lock_union)
        actions.sign_off(actor, conflicting, opinion="同意", **kw)
        return lock_union(union)

    monkeypatch.setattr(actions, "_lock_union", other_signs_first)


# ---- deterministic: the race staged in one thread ----

@pytest.mark.django_db
def test_a_review_opened_while_an_overlapping_one_is_signed_is_refused_in_chinese(school_books, tree, users,
                                                                                 monkeypatch):
    signed_meanwhile = open_review(users, tree.school)
    _sign_first(monkeypatch, signed_meanwhile, users.auditor)
    with pytest.raises(ActionError) as exc:
        open_review(users, tree.school, period=SPRING)
    assert exc.value.message_dict == {"start": [
        f"审查期间与已签署的经费审查（{LAST_YEAR}年1月—6月）重叠，已签署的期间不能重复审查"]}
    assert list(AuditReview.objects.values_list("pk", flat=True)) == [signed_meanwhile.pk]
    assert AuditEntry.objects.filter(action="open_review").count() == 1


@pytest.mark.django_db
def test_a_sign_off_overtaken_by_an_overlapping_sign_off_is_refused_and_nothing_is_half_written(
        school_books, tree, users, monkeypatch):
    first, second = open_review(users, tree.school), open_review(users, tree.school, period=SPRING)
    _sign_first(monkeypatch, first, users.auditor)
    with pytest.raises(ActionError) as exc:
        actions.sign_off(users.auditor, second, opinion="同意")
    assert exc.value.messages == [f"审查期间与已签署的经费审查（{LAST_YEAR}年1月—6月）重叠"]
    second.refresh_from_db()
    assert not second.signed and second.opinion == ""
    # the staged sign-off ran inside the refused call's transaction and went back with it: no month of
    # either review is left closed, no sign-off audited
    assert closed_months(tree.school) == []
    assert not AuditEntry.objects.filter(action__in=["sign_off_review", "period_close"]).exists()


@pytest.mark.django_db
def test_a_rectification_sent_from_a_page_read_before_the_sign_off_is_refused_and_the_review_stays_signed(
        school_books, tree, users):
    review = open_review(users, tree.school)
    finding = actions.record_finding(users.auditor, review, area="spending", description="慰问品发票不全")
    stale = Finding.objects.select_related("review").get(pk=finding.pk)
    actions.sign_off(users.auditor, review, opinion="同意", with_reservations=True, reason="下半年整改")
    with pytest.raises(ActionError) as exc:
        actions.rectify_finding(users.finance, stale, note="已补齐发票")
    assert exc.value.messages == ["该经费审查已签署，不能再修改"]
    review.refresh_from_db()
    finding.refresh_from_db()
    assert review.status == AuditReview.Status.SIGNED and finding.rectified_at is None
    assert not AuditEntry.objects.filter(action="rectify_finding").exists()


@pytest.mark.django_db
def test_a_finding_verified_twice_from_two_pages_is_verified_once(tree, users):
    review = open_review(users, tree.school)
    finding = actions.record_finding(users.auditor, review, area="spending", description="慰问超标准")
    actions.rectify_finding(users.finance, finding, note="已追回")
    second = second_auditor(tree)
    page_one, page_two = (Finding.objects.select_related("review").get(pk=finding.pk) for _ in range(2))
    actions.verify_finding(users.auditor, page_one)
    with pytest.raises(ActionError) as exc:
        actions.verify_finding(second, page_two)
    assert exc.value.messages == ["该问题的整改已经核实"]
    finding.refresh_from_db()
    assert finding.verified_by == users.auditor
    assert AuditEntry.objects.filter(action="verify_finding").count() == 1


@pytest.mark.django_db
def test_a_rectification_recorded_after_the_page_was_read_is_not_verified_by_its_author(tree, users):
    review = open_review(users, tree.school)
    finding = actions.record_finding(users.auditor, review, area="spending", description="慰问超标准")
    actions.rectify_finding(users.finance, finding, note="已追回")
    stale = Finding.objects.select_related("review").get(pk=finding.pk)
    actions.rectify_finding(users.auditor, finding, note="已追回并补齐发票")
    with pytest.raises(ActionError) as exc:
        actions.verify_finding(users.auditor, stale)
    assert exc.value.messages == ["整改情况由您登记，须由其他经审委员核实"]
    finding.refresh_from_db()
    assert finding.verified_at is None


@pytest.mark.django_db
def test_a_draft_published_meanwhile_can_neither_be_edited_nor_deleted_from_a_stale_page(school_books, tree, users):
    d = draft(users, tree.school)
    stale_edit, stale_delete = Disclosure.objects.get(pk=d.pk), Disclosure.objects.get(pk=d.pk)
    actions.publish_disclosure(users.chair, d)
    with pytest.raises(ActionError) as exc:
        actions.update_disclosure(users.finance, stale_edit, start=FIRST_HALF[0],
                                  end=datetime.date(LAST_YEAR, 3, 31), title="改", note="")
    assert exc.value.messages == ["已公开的内容不能修改；如需更正，请另行编制一份财务公开"]
    with pytest.raises(ActionError) as exc:
        actions.delete_disclosure(users.finance, stale_delete)
    assert exc.value.messages == ["已公开的内容不能删除；如需更正，请另行编制一份财务公开"]
    d = Disclosure.all_objects.get(pk=d.pk)
    assert d.published and d.deleted_at is None and d.end == FIRST_HALF[1] and d.title != "改"
    assert not AuditEntry.objects.filter(action__in=["update", "delete"], object_id=d.pk).exists()


@pytest.mark.django_db
def test_a_draft_deleted_meanwhile_is_neither_published_nor_edited_and_the_answer_is_chinese(school_books, tree,
                                                                                            users):
    d = draft(users, tree.school)
    stale_publish, stale_edit = Disclosure.objects.get(pk=d.pk), Disclosure.objects.get(pk=d.pk)
    actions.delete_disclosure(users.finance, d)
    with pytest.raises(ActionError) as exc:
        actions.publish_disclosure(users.chair, stale_publish)
    assert exc.value.messages == ["该财务公开已删除"]
    with pytest.raises(ActionError) as exc:
        actions.update_disclosure(users.finance, stale_edit, start=FIRST_HALF[0], end=FIRST_HALF[1], title="改",
                                  note="")
    assert exc.value.messages == ["该财务公开已删除"]
    d = Disclosure.all_objects.get(pk=d.pk)
    assert not d.published and d.figures == {} and d.title != "改"


@pytest.mark.django_db
def test_publishing_freezes_the_period_the_draft_has_now_not_the_one_read_before_an_edit(school_books, tree, users):
    d = draft(users, tree.school)
    stale = Disclosure.objects.get(pk=d.pk)
    actions.update_disclosure(users.finance, d, start=FIRST_HALF[0], end=datetime.date(LAST_YEAR, 1, 31), title="",
                              note="")
    published = actions.publish_disclosure(users.chair, stale)
    assert published.end == datetime.date(LAST_YEAR, 1, 31)
    assert published.figures["spending_total"] == "0.00" and published.figures["income_total"] == "16200.00"


# ---- two at once on PostgreSQL ----

@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_reviews_of_the_same_months_signed_at_once_leave_one_signed_and_a_chinese_refusal(school_books, tree,
                                                                                            users):
    first, second = open_review(users, tree.school), open_review(users, tree.school)
    outcomes = _together([lambda: actions.sign_off(users.auditor, first, opinion="同意"),
                          lambda: actions.sign_off(users.auditor, second, opinion="同意")])
    assert sorted(outcomes, key=str) == ["ok", {"__all__": [f"审查期间与已签署的经费审查（{LAST_YEAR}年1月—6月）重叠"]}]
    assert AuditReview.objects.filter(status="signed").count() == 1
    assert AuditEntry.objects.filter(action="sign_off_review").count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_review_opened_and_an_overlapping_one_signed_at_once_never_open_over_a_signed_period(
        school_books, tree, users):
    signing = open_review(users, tree.school)
    outcomes = _together([lambda: actions.sign_off(users.auditor, signing, opinion="同意"),
                          lambda: open_review(users, tree.school, period=SPRING)])
    assert outcomes[0] == "ok", outcomes
    assert outcomes[1] in ("ok", {"start": [
        f"审查期间与已签署的经费审查（{LAST_YEAR}年1月—6月）重叠，已签署的期间不能重复审查"]}), outcomes
    opened = AuditReview.objects.exclude(pk=signing.pk).first()
    if opened is not None:  # then it was opened before the sign-off began, under the same union lock
        assert opened.opened_at < AuditReview.objects.get(pk=signing.pk).signed_at
    assert AuditReview.objects.count() == 1 + (outcomes[1] == "ok")


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_auditors_verifying_the_same_rectification_at_once_verify_it_once(tree, users):
    review = open_review(users, tree.school)
    finding = actions.record_finding(users.auditor, review, area="spending", description="慰问超标准")
    actions.rectify_finding(users.finance, finding, note="已追回")
    second = second_auditor(tree)
    pages = [Finding.objects.select_related("review").get(pk=finding.pk) for _ in range(2)]
    outcomes = _together([lambda: actions.verify_finding(users.auditor, pages[0]),
                          lambda: actions.verify_finding(second, pages[1])])
    assert sorted(outcomes, key=str) == ["ok", {"__all__": ["该问题的整改已经核实"]}], outcomes
    assert AuditEntry.objects.filter(action="verify_finding").count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_draft_published_and_deleted_at_once_ends_either_published_or_deleted_never_both(school_books, tree,
                                                                                          users):
    d = draft(users, tree.school)
    pages = [Disclosure.objects.get(pk=d.pk) for _ in range(2)]
    outcomes = _together([lambda: actions.publish_disclosure(users.chair, pages[0]),
                          lambda: actions.delete_disclosure(users.finance, pages[1])])
    assert outcomes.count("ok") == 1, outcomes
    [refusal] = [o for o in outcomes if o != "ok"]
    assert refusal in ({"__all__": ["该财务公开已删除"]},
                       {"__all__": ["已公开的内容不能删除；如需更正，请另行编制一份财务公开"]}), outcomes
    d = Disclosure.all_objects.get(pk=d.pk)
    assert d.published != (d.deleted_at is not None)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_interval_set_twice_at_once_for_a_new_union_leaves_one_setting(tree, users):
    outcomes = _together([lambda: actions.set_disclosure_interval(users.chair, tree.school, 3),
                          lambda: actions.set_disclosure_interval(users.chair, tree.school, 12)])
    assert outcomes == ["ok", "ok"]
    assert DisclosureSetting.objects.filter(union=tree.school).count() == 1
