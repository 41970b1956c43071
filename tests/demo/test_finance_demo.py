"""The demo shows the product: a year of posted books, dues rolls, disclosures, a held congress, a completed
election and a plan half-way — every page a newcomer opens as a demo role shows real figures — and work
is left waiting at every step for each role's to-do list."""
import datetime

from django.test import Client
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.dues.models import DuesBatch, DuesRoll, RollStatus
from gonghui.elections.models import Election
from gonghui.finaudit.models import Disclosure
from gonghui.ledger.models import MonthTotal, Voucher, VoucherStatus
from gonghui.notices.models import Notice
from gonghui.orgs.models import Organisation
from gonghui.spending.models import Expense

SCHOOL = "青岚县第一中学工会"


def _client(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _page(username, url):
    response = _client(username).get(url)
    assert response.status_code == 200, (username, url, response.status_code)
    return response.content.decode()


def _school():
    return Organisation.objects.get(name=SCHOOL)


def test_every_past_month_of_this_year_has_posted_books(demo):
    today = timezone.localdate()
    school = _school()
    months = set(MonthTotal.objects.filter(union=school, year=today.year).values_list("month", flat=True))
    assert set(range(1, today.month)) <= months
    posted = Voucher.objects.filter(union=school, status=VoucherStatus.POSTED, year=today.year)
    assert {"manual", "dues"} <= set(posted.values_list("source", flat=True))
    # every posted voucher went through review, approval and posting by three different people
    for v in posted[:20]:
        assert len({v.prepared_by_id, v.reviewed_by_id, v.approved_by_id}) == 3


def test_the_finance_pages_show_this_years_figures_not_no_data(demo):
    code = _school().code
    for username, url in [("school_finance", f"/finance/?org={code}"),
                          ("school_chair", f"/finance/?org={code}"),
                          ("school_finance", f"/finance/ledger/vouchers/?org={code}"),
                          ("school_finance", f"/finance/ledger/income-statement/?org={code}"),
                          ("school_auditor", f"/finance/ledger/trial-balance/?org={code}")]:
        html = _page(username, url)
        assert "暂无数据" not in html, url
    assert "会费收入" in _page("school_finance", f"/finance/ledger/income-statement/?org={code}")
    assert "已记账" in _page("school_finance", f"/finance/ledger/vouchers/?org={code}")


def test_dues_rolls_are_run_and_paid_for_past_months(demo):
    today = timezone.localdate()
    school = _school()
    rolls = DuesRoll.objects.filter(union=school, month__year=today.year)
    paid_months = set(DuesBatch.objects.filter(union=school).values_list("month__month", flat=True))
    assert set(range(1, today.month - 1)) <= paid_months
    assert all(r.status == RollStatus.FINAL for r in rolls)
    html = _page("school_finance", f"/finance/dues/?org={school.code}")
    assert f"{today.year}" in html and "暂无数据" not in html


def test_members_read_published_finance_disclosures(demo):
    school = _school()
    published = Disclosure.objects.filter(union=school, status=Disclosure.Status.PUBLISHED)
    assert published.filter(start=datetime.date(timezone.localdate().year, 1, 1)).exists()
    d = published.first()
    assert d.figures["income_total"] and d.notice_id
    assert d.title in _page("school_chair", f"/finance/disclosure/?org={school.code}")
    assert d.title in _page("teacher", "/notices/mine/")


def test_the_held_congress_the_completed_election_and_the_plan_show_their_records(demo):
    school = _school()
    assert "已答复" in _page("school_officer", f"/congress/?org={school.code}") or \
        "答复" in _page("school_officer", f"/congress/?org={school.code}")
    assert Election.objects.filter(union=school, status="approved").exists()
    assert "暂无数据" not in _page("school_chair", f"/elections/?org={school.code}")
    plans = _page("school_chair", f"/plans/?org={school.code}")
    assert f"{timezone.localdate().year}年工作计划" in plans


def test_work_waits_for_every_role(demo):
    today = timezone.localdate()
    school = _school()
    vouchers = Voucher.objects.filter(union=school)
    assert vouchers.filter(status=VoucherStatus.REVIEWED).exists()          # the chair: to approve
    assert vouchers.filter(status=VoucherStatus.APPROVED).exists()          # the accountant: to post
    assert vouchers.filter(status=VoucherStatus.DRAFT).exists()             # the auditor: to review
    assert Expense.objects.filter(union=school, status=Expense.Status.PENDING).exists()  # over its limit
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    if last_month.year == today.year:
        assert DuesRoll.objects.filter(union=school, month=last_month).exists()
        assert not DuesBatch.objects.filter(union=school, month=last_month).exists()  # a batch to import
    assert not DuesRoll.objects.filter(union=school, month=today.replace(day=1)).exists()  # a month to run
    week = today + datetime.timedelta(days=7)
    assert Notice.objects.filter(union=school, period_end__gte=today, period_end__lte=week).exists()
    assert Election.objects.filter(status="nomination").exists()            # a candidate list at the county
    assert Election.objects.filter(status="voting").exists()                # an open vote (the worker)


def test_the_delegate_is_told_to_sign_in_before_the_ballot_which_is_disabled(demo):
    from gonghui.congress import actions
    from gonghui.congress.models import Resolution

    r = Resolution.objects.get(title="《教职工考勤管理办法》（修订稿）", status=Resolution.Status.OPEN)
    teacher = _client("teacher")
    html = teacher.get(f"/congress/my/resolutions/{r.pk}/vote/").content.decode()
    assert html.index("请先签到再表决") < html.index('id="ballot"')
    assert "<fieldset disabled>" in html and 'id="vote-sign-in"' in html
    assert "第三条 病假须提供医疗机构证明" in html                             # the motion's full text
    assert "请先签到再表决" in teacher.get("/congress/my/").content.decode()

    actions.sign_in(User.objects.get(username="teacher"), r.session)
    html = teacher.get(f"/congress/my/resolutions/{r.pk}/vote/").content.decode()
    assert "请先签到再表决" not in html and "<fieldset>" in html
    teacher.post(f"/congress/my/resolutions/{r.pk}/vote/", {"choice": "for"})
    html = teacher.get(f"/congress/my/resolutions/{r.pk}/vote/").content.decode()
    assert html.index("您已对该事项投票") < html.index('id="ballot"') and "<fieldset disabled>" in html
