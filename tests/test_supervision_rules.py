"""Labour-law supervision rules with DOMAIN §14's worked examples: the 15-working-day answer period of a
监督意见书 (received 2026-09-24 → due 2026-10-22), the 5-working-day filing period of a 监督建议书, a provisional
deadline in a year the holiday calendar does not cover (2027), at least two supervisors per inspection, and
only a county-or-higher federation sends a 监督建议书."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.supervision import actions
from gonghui.supervision.models import Evidence, Inspection, Opinion, Recommendation, Supervisor

from .supervision_fixtures import EXPIRES, ISSUED, board, inspect  # noqa: F401

pytestmark = pytest.mark.django_db


def test_received_2026_09_24_the_answer_is_due_2026_10_22():
    due = actions.answer_deadline(datetime.date(2026, 9, 24))
    assert due.day == datetime.date(2026, 10, 22) and not due.provisional


def test_five_working_days_after_2026_09_29_end_on_2026_10_12_counting_the_make_up_saturday():
    due = actions.filing_deadline(datetime.date(2026, 9, 29))
    assert due.day == datetime.date(2026, 10, 12) and not due.provisional


def test_a_deadline_in_a_year_the_calendar_does_not_cover_counts_weekends_only_and_is_provisional():
    due = actions.answer_deadline(datetime.date(2027, 3, 1))  # Monday; 15 weekdays later
    assert due.day == datetime.date(2027, 3, 22) and due.provisional
    assert "暂按周末计算" in str(due)


def test_an_inspection_with_one_supervisor_is_refused_naming_the_field(users, tree, members, board):
    with pytest.raises(ActionError) as exc:
        inspect(users.officer, board, supervisors=board.supervisors[:1])
    assert "两名以上监督员" in exc.value.message_dict["supervisors"][0]
    assert not Inspection.all_objects.exists()
    assert not AuditEntry.objects.filter(action="supervision_inspection").exists()


def test_a_supervisor_of_another_committee_or_with_an_expired_certificate_does_not_count(users, tree, members, board):
    other = actions.save_committee(users.outsider, tree.factory, name="机械厂监督委员会",
                                   established_on=datetime.date(2023, 1, 1))
    stranger = actions.add_supervisor(users.outsider, other, name="外厂监督员", certificate_no="JD-9",
                                      issued_on=ISSUED, expires_on=EXPIRES)
    with pytest.raises(ActionError) as exc:
        inspect(users.officer, board, supervisors=[board.supervisors[0], stranger])
    assert "supervisors" in exc.value.message_dict
    old = actions.add_supervisor(users.officer, board.committee, name="过期监督员", certificate_no="JD-OLD",
                                 issued_on=datetime.date(2018, 1, 1), expires_on=datetime.date(2023, 1, 1))
    with pytest.raises(ActionError) as exc:
        inspect(users.officer, board, supervisors=[board.supervisors[0], old])
    assert "过期监督员" in exc.value.message_dict["supervisors"][0]


def test_a_certificate_number_is_registered_once_and_expiry_follows_issue(users, tree, members, board):
    with pytest.raises(ActionError) as exc:
        actions.add_supervisor(users.officer, board.committee, name="重复", certificate_no="JD-0001",
                               issued_on=ISSUED, expires_on=EXPIRES)
    assert "已登记" in exc.value.message_dict["certificate_no"][0]
    with pytest.raises(ActionError) as exc:
        actions.add_supervisor(users.officer, board.committee, name="倒置", certificate_no="JD-X", issued_on=ISSUED,
                               expires_on=datetime.date(2023, 12, 31))
    assert "expires_on" in exc.value.message_dict
    assert Supervisor.objects.count() == 3


def test_the_employers_signature_or_refusal_is_recorded_with_evidence(users, tree, members, board, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ActionError) as exc:
        inspect(users.officer, board, signature="", signer="")
    assert "signature" in exc.value.message_dict
    inspection = inspect(users.officer, board, signature="refused", signer="人事科长拒绝签字，两名监督员在场见证",
                         evidence=[SimpleUploadedFile("考勤表.pdf", b"%PDF-1.4 x")])
    assert inspection.get_signature_display() == "用人单位拒绝签字"
    row = Evidence.objects.get(inspection=inspection)
    assert row.name == "考勤表.pdf" and (tmp_path / row.path).exists()
    with pytest.raises(ActionError) as exc:
        inspect(users.officer, board, evidence=[SimpleUploadedFile("脚本.exe", b"MZ")])
    assert "evidence" in exc.value.message_dict


def test_opinion_answer_rectification_and_the_answer_clock(users, tree, members, board):
    inspection = inspect(users.officer, board)
    with pytest.raises(ActionError) as exc:
        actions.issue_opinion(users.officer, inspection, number="一中工监〔2026〕1号", issued_on=datetime.date(2026, 9, 24),
                              received_on=datetime.date(2026, 9, 23), requirements="补签劳动合同")
    assert "received_on" in exc.value.message_dict
    opinion = actions.issue_opinion(users.officer, inspection, number="一中工监〔2026〕1号",
                                    issued_on=datetime.date(2026, 9, 24), received_on=datetime.date(2026, 9, 24),
                                    requirements="一个月内补签劳动合同，补发加班费")
    assert opinion.answer_due == datetime.date(2026, 10, 22) and not opinion.answer_provisional
    with pytest.raises(ActionError):
        actions.issue_opinion(users.officer, inspection, number="重复", issued_on=datetime.date(2026, 9, 24),
                              received_on=datetime.date(2026, 9, 24), requirements="x")
    actions.record_answer(users.officer, opinion, answered_on=datetime.date(2026, 10, 20), answer="已安排补签")
    opinion = actions.follow_up(users.officer, opinion, day=datetime.date(2026, 11, 20), note="已全部补签并补发",
                                rectified=True)
    assert opinion.status == Opinion.Status.RECTIFIED and opinion.rectified_on == datetime.date(2026, 11, 20)
    with pytest.raises(ActionError):
        actions.send_recommendation(users.federation, opinion, tree.county, number="县工监建〔2026〕1号",
                                    department="县人力资源和社会保障局", sent_on=datetime.date(2026, 11, 25))


def test_an_ignored_opinion_goes_to_the_labour_department_from_the_county_not_the_town(users, tree, members, board):
    opinion = actions.issue_opinion(users.officer, inspect(users.officer, board), number="一中工监〔2026〕2号",
                                    issued_on=datetime.date(2026, 9, 24), received_on=datetime.date(2026, 9, 24),
                                    requirements="补发加班费")
    actions.follow_up(users.officer, opinion, day=datetime.date(2026, 10, 23), note="逾期未答复，拒不整改",
                      rectified=False)
    with pytest.raises(ActionError) as exc:
        actions.send_recommendation(users.federation, opinion, tree.town, number="镇工监建1号", department="人社所",
                                    sent_on=datetime.date(2026, 9, 29))
    assert "县级以上总工会" in exc.value.message_dict["federation"][0]
    with pytest.raises(PermissionDenied):
        actions.send_recommendation(users.outsider, opinion, tree.county, number="x", department="y",
                                    sent_on=datetime.date(2026, 9, 29))
    rec = actions.send_recommendation(users.federation, opinion, tree.county, number="县工监建〔2026〕1号",
                                      department="县人力资源和社会保障局", sent_on=datetime.date(2026, 9, 29))
    assert rec.filing_due == datetime.date(2026, 10, 12) and not rec.filing_provisional
    with pytest.raises(ActionError):
        actions.send_recommendation(users.federation, opinion, tree.county, number="again", department="y",
                                    sent_on=datetime.date(2026, 9, 30))
    rec = actions.record_decision(users.federation, rec, decision="filed", decided_on=datetime.date(2026, 10, 10))
    assert rec.decision == Recommendation.Decision.FILED


def test_an_answer_period_running_into_an_uncovered_year_is_stored_as_provisional(users, tree, members, board):
    import time_machine

    shanghai = datetime.timezone(datetime.timedelta(hours=8))
    with time_machine.travel(datetime.datetime(2026, 12, 30, 10, 0, tzinfo=shanghai), tick=False):
        inspection = inspect(users.officer, board, day=datetime.date(2026, 12, 18))
        opinion = actions.issue_opinion(users.officer, inspection, number="一中工监〔2026〕3号",
                                        issued_on=datetime.date(2026, 12, 21), received_on=datetime.date(2026, 12, 21),
                                        requirements="补发加班费")
    # 8 working days left in December, then 2027 counted Monday–Friday (1 January included) until published.
    assert opinion.answer_due == datetime.date(2027, 1, 11) and opinion.answer_provisional
    entry = AuditEntry.objects.get(action="supervision_opinion", object_id=opinion.pk)
    assert entry.changes["answer_provisional"] == [None, True]


def test_a_certificate_number_registered_meanwhile_ends_in_the_same_chinese_message(monkeypatch, users, tree, members,
                                                                                    board):
    from gonghui.supervision import actions as module

    original = module.Supervisor.objects.filter

    def check_passes_then_competitor(**lookup):  # the check sees nothing; another request registers it at once
        found = original(**lookup)
        if "certificate_no" in lookup:
            Supervisor.objects.create(committee=board.committee, name="抢先", certificate_no=lookup["certificate_no"],
                                      issued_on=ISSUED, expires_on=EXPIRES, recorded_by=users.chair)
        return found

    monkeypatch.setattr(module.Supervisor.objects, "filter", check_passes_then_competitor)
    with pytest.raises(ActionError) as exc:
        actions.add_supervisor(users.officer, board.committee, name="新监督员", certificate_no="JD-NEW",
                               issued_on=ISSUED, expires_on=EXPIRES)
    assert "“JD-NEW”已登记" in exc.value.message_dict["certificate_no"][0]
