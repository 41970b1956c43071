"""Warnings: a congress meets at least once a year (a teachers' congress every school year) and sends
its papers 7 days ahead; sending the papers is recorded by an action."""
import datetime

import pytest
from django.utils import timezone

from gonghui.congress import actions, queries
from gonghui.congress.models import Session, Term
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry

from .congress_fixtures import term  # noqa: F401

TODAY = datetime.date(2026, 12, 3)


def _held(users, term, meeting, day):
    if not term.confirmed_at:
        actions.confirm_delegates(users.chair, term, override_reason="测试")
    s = actions.create_session(users.chair, term, meeting=meeting, date=day)
    actions.set_session_status(users.chair, s, Session.Status.OPEN)
    actions.set_session_status(users.chair, s, Session.Status.CLOSED)
    return s


def _warned(term):
    return queries.meeting_warnings(Term.objects.filter(pk=term.pk), today=TODAY)


def test_a_teachers_congress_without_a_session_this_school_year_is_flagged_with_its_last_session(users, term):
    assert term.kind == "teachers"
    (w,) = _warned(term)
    assert w.last_held is None and "本学年（2026年9月起）尚未召开会议" in w.warning
    _held(users, term, 2, datetime.date(2026, 6, 10))  # last school year
    (w,) = _warned(term)
    assert w.last_held == datetime.date(2026, 6, 10)
    _held(users, term, 3, datetime.date(2026, 9, 15))
    assert _warned(term) == []


def test_a_workers_congress_is_flagged_after_12_months_without_a_held_session(users, tree):
    term = actions.create_term(users.chair, tree.school, number=3, kind="workers", start=datetime.date(2024, 1, 1),
                               employee_count=150, women_employees=60)
    _held(users, term, 1, datetime.date(2025, 12, 1))
    (w,) = _warned(term)
    assert w.warning == "近12个月没有召开会议" and w.last_held == datetime.date(2025, 12, 1)
    _held(users, term, 2, datetime.date(2025, 12, 10))
    assert _warned(term) == []


def test_a_session_only_planned_does_not_count_and_a_young_or_ended_term_is_not_flagged(users, tree):
    young = actions.create_term(users.chair, tree.school, number=4, kind="workers", start=datetime.date(2026, 3, 1),
                                employee_count=150, women_employees=60)
    assert _warned(young) == []
    ended = actions.create_term(users.chair, tree.school, number=2, kind="workers", start=datetime.date(2020, 1, 1),
                                end=datetime.date(2024, 12, 31), employee_count=150, women_employees=60)
    assert _warned(ended) == []
    old = actions.create_term(users.chair, tree.school, number=5, kind="workers", start=datetime.date(2023, 1, 1),
                              employee_count=150, women_employees=60)
    actions.create_session(users.chair, old, meeting=1, date=datetime.date(2026, 5, 1))  # never opened
    assert len(_warned(old)) == 1


def test_the_warnings_of_many_terms_take_one_query(users, tree, django_assert_num_queries):
    for n in range(1, 6):
        actions.create_term(users.chair, tree.school, number=n, kind="workers", start=datetime.date(2023, 1, 1),
                            employee_count=150, women_employees=60)
    with django_assert_num_queries(1):
        assert len(queries.meeting_warnings(Term.objects.all(), today=TODAY)) == 5


def test_sending_papers_is_recorded_audited_and_late_papers_are_flagged(users, term):
    today = timezone.localdate()
    soon = actions.create_session(users.chair, term, meeting=3, date=today + datetime.timedelta(days=5),
                                  agenda="听取工作报告")
    later = actions.create_session(users.chair, term, meeting=4, date=today + datetime.timedelta(days=30))
    flagged = queries.papers_warnings(Session.objects.all(), today=today)
    assert [s.pk for s in flagged] == [soon.pk] and flagged[0].papers_warning == "距开会不足7天，会议文件尚未发送"
    actions.send_papers(users.chair, soon)
    soon.refresh_from_db()
    assert soon.papers_sent_on == today
    (late,) = queries.papers_warnings(Session.objects.all(), today=today)
    assert "距开会不足7天" in late.papers_warning and late.pk == soon.pk
    entry = AuditEntry.objects.get(object_type="congress.session", action="send_papers")
    assert "会议议程" in entry.note and entry.changes
    actions.send_papers(users.chair, later)
    assert [s.pk for s in queries.papers_warnings(Session.objects.all(), today=today)] == [soon.pk]


def test_papers_cannot_be_sent_in_the_future_or_after_the_meeting(users, term):
    today = timezone.localdate()
    s = actions.create_session(users.chair, term, meeting=3, date=today - datetime.timedelta(days=2))
    with pytest.raises(ActionError) as err:
        actions.send_papers(users.chair, s, sent_on=today + datetime.timedelta(days=1))
    assert err.value.message_dict == {"sent_on": ["发送日期不能晚于今天"]}
    with pytest.raises(ActionError) as err:
        actions.send_papers(users.chair, s, sent_on=today)
    assert "发送日期不能晚于会议日期" in err.value.message_dict["sent_on"][0]
    s.refresh_from_db()
    assert s.papers_sent_on is None


def test_the_inbox_lists_overdue_congresses_for_the_chair_and_the_county_officer_but_not_an_outsider(users, term):
    from gonghui.core import inbox

    source = inbox.get("congress.meetings_overdue")
    assert [t.pk for t in source.rows(users.chair, TODAY)] == [term.pk]
    below = inbox.get("congress.meetings_overdue_below")
    assert source.rows(users.federation, TODAY).count() == 0 and below.rows(users.federation, TODAY).count() == 1
    assert below.rows(users.chair, TODAY).count() == 0 and below.rows(users.finance, TODAY).count() == 0
    assert source.rows(users.outsider, TODAY).count() == 0 and below.rows(users.outsider, TODAY).count() == 0
    item = source.item(source.rows(users.chair, TODAY)[0])
    assert item.url.endswith(f"/congress/terms/{term.pk}/") and item.detail == "上次会议：从未召开"
    _held(users, term, 3, datetime.date(2026, 9, 15))
    assert source.rows(users.chair, TODAY).count() == 0 and below.rows(users.federation, TODAY).count() == 0
