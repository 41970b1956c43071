"""The dues pages (dues.views): rolls, a roll, the batch import, arrears, exemptions, policy, wage bases,
the internal split, collection rates and a member's own dues."""
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook

from gonghui.dues import actions, months
from gonghui.dues.models import DuesBatch, DuesExemption, DuesItem, DuesPolicy, DuesRoll, WageBaseChange

from .conftest import IDS, login

LAST = months.add_months(months.current_month(), -1)


@pytest.fixture
def roll(users, members, tree):
    return actions.run_roll(users.finance, tree.school, LAST).roll


def url(name, *args, **params):
    from django.utils.http import urlencode

    return reverse(f"dues:{name}", args=args) + (f"?{urlencode(params)}" if params else "")


def test_the_rolls_page_lists_the_unions_rolls_and_offers_the_run_form_to_finance(client, users, roll):
    page = login(client, users.finance).get(url("home", org="SCH"))
    text = page.content.decode()
    assert page.status_code == 200 and roll.period_label in text and "生成会费表" in text and "60.60" in text


def test_running_a_roll_from_the_page_redirects_to_it(client, users, members, tree):
    response = login(client, users.finance).post(url("run"), {"org": "SCH", "month": months.iso(LAST)})
    roll = DuesRoll.objects.get()
    assert response.status_code == 302 and response["Location"] == url("roll", roll.pk)


def test_a_bad_month_comes_back_on_the_form(client, users, members):
    response = login(client, users.finance).post(url("run"), {"org": "SCH", "month": "2026-13"})
    assert response.status_code == 400 and "不是存在的月份" in response.content.decode()
    assert not DuesRoll.objects.exists()


def test_the_roll_page_shows_groups_a_chart_and_paginated_lines(client, users, roll):
    page = login(client, users.finance).get(url("roll", roll.pk))
    text = page.content.decode()
    assert "语文一组" in text and "<svg" in text and "王强" in text and "22.80" in text


def test_line_amounts_are_masked_for_readers_who_may_not_see_wages(client, users, roll):
    text = login(client, users.federation).get(url("roll", roll.pk)).content.decode()
    lines = text.split('id="lines-heading"')[1]
    assert "王强" in lines and "****" in lines and "22.80" not in lines and "15.00" not in lines


def test_the_lines_are_keyset_paginated(client, users, roll, settings, monkeypatch):
    from gonghui.dues import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client = login(client, users.finance)
    first = client.get(url("roll", roll.pk))
    assert first.context["next_url"]
    second = client.get(url("roll", roll.pk) + first.context["next_url"])
    assert len(first.context["rows"]) == 2 and len(second.context["rows"]) == 1


def test_the_roll_page_is_a_fixed_number_of_queries(client, users, roll, django_assert_max_num_queries):
    client = login(client, users.finance)
    client.get(url("roll", roll.pk))
    with django_assert_max_num_queries(20):
        client.get(url("roll", roll.pk))


def test_finalising_locks_the_roll(client, users, roll):
    login(client, users.finance).post(url("finalize", roll.pk))
    roll.refresh_from_db()
    assert roll.is_final


def test_a_roll_of_another_union_is_not_found(client, users, roll):
    assert login(client, users.outsider).get(url("roll", roll.pk)).status_code == 404
    assert client.post(url("finalize", roll.pk)).status_code == 404


def _upload(rows, head=("身份证号", "姓名", "扣缴金额", "月份")):
    wb = Workbook()
    ws = wb.active
    ws.append(list(head))
    for row in rows:
        ws.append(row)
    data = io.BytesIO()
    wb.save(data)
    data.seek(0)
    data.name = "代扣.xlsx"
    return data


def test_importing_a_batch_redirects_to_it_and_shows_the_voucher(client, users, roll):
    client = login(client, users.finance)
    response = client.post(url("import", org="SCH"),
                           {"file": _upload([[IDS["wang"], "王强", "22.80", months.iso(LAST)]]), "batch_no": "B1"})
    batch = DuesBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == url("batch", batch.pk)
    text = client.get(url("batch", batch.pk)).content.decode()
    from gonghui.ledger.models import Voucher

    voucher = Voucher.objects.get(source_ref=batch.source_ref)
    assert "王强" in text and "草稿" in text and f'<a href="/finance/ledger/vouchers/{voucher.pk}/">{voucher.label}</a>' in text
    assert batch.source_ref not in text  # a readable link, not the internal reference


def test_a_batch_with_problems_shows_them_per_row_and_writes_nothing(client, users, roll):
    response = login(client, users.finance).post(url("import", org="SCH"), {
        "file": _upload([[IDS["liu"], "刘洋", "22.80", months.iso(LAST)]])})
    assert response.status_code == 400 and "本工会没有该身份证号的会员" in response.content.decode()
    assert not DuesBatch.objects.exists()


def test_a_queued_import_shows_its_progress_and_then_its_batch(client, users, roll, settings):
    from gonghui.core import jobs
    from gonghui.core.models import Job

    settings.GONGHUI_JOBS_EAGER = False
    client = login(client, users.finance)
    response = client.post(url("import", org="SCH"),
                           {"file": _upload([[IDS["wang"], "王强", "22.80", months.iso(LAST)]]), "batch_no": "B2"})
    job = Job.objects.get(kind="dues_payroll")
    assert response.status_code == 200 and not DuesBatch.objects.exists()  # nothing read in the request
    page = response.content.decode()
    assert "<progress" in page and 'http-equiv="refresh"' in page and "代扣.xlsx" in page
    assert jobs.run_next().pk == job.pk
    done = client.get(reverse("dues:import_job", args=[job.pk]))
    assert done.status_code == 302 and done["Location"] == url("batch", DuesBatch.objects.get().pk)


def test_someone_elses_import_job_is_not_found(client, users, roll, settings):
    settings.GONGHUI_JOBS_EAGER = False
    login(client, users.finance).post(url("import", org="SCH"),
                                      {"file": _upload([[IDS["wang"], "王强", "22.80", months.iso(LAST)]])})
    from gonghui.core.models import Job

    job = Job.objects.get(kind="dues_payroll")
    assert login(client, users.outsider).get(reverse("dues:import_job", args=[job.pk])).status_code == 404


def test_the_import_page_is_for_the_finance_officer(client, users, roll):
    assert login(client, users.chair).get(url("import", org="SCH")).status_code == 403


@pytest.fixture
def overdue(users, members, tree, roll):
    earlier = actions.run_roll(users.finance, tree.school, months.add_months(LAST, -1)).roll
    return earlier


def test_the_arrears_page_lists_members_and_sends_reminders(client, users, overdue):
    client = login(client, users.finance)
    text = client.get(url("arrears", org="SCH")).content.decode()
    assert "王强" in text and "张敏" in text
    response = client.post(url("remind"), {"org": "SCH", "min_months": "1"})
    assert response.status_code == 302
    assert "本月已提醒3人" in client.get(url("arrears", org="SCH")).content.decode()


def test_the_six_month_page_says_it_never_terminates(client, users, overdue):
    text = login(client, users.finance).get(url("lapsed", org="SCH")).content.decode()
    assert "不会自动终止会籍" in text


def test_the_chair_grants_and_revokes_an_exemption_on_the_page(client, users, members):
    client = login(client, users.chair)
    response = client.post(url("exemptions", org="SCH"), {
        "member_no": members.wang.member_no, "start_month": months.iso(LAST), "end_month": "",
        "reason": "家庭困难", "decision_no": "校工发〔2026〕1号"})
    assert response.status_code == 302
    exemption = DuesExemption.objects.get()
    client.post(url("exemption_revoke", exemption.pk), {"note": "已就业"})
    exemption.refresh_from_db()
    assert exemption.revoked_at is not None


def test_an_exemption_without_a_decision_number_is_refused_on_the_form(client, users, members):
    response = login(client, users.chair).post(url("exemptions", org="SCH"), {
        "member_no": members.wang.member_no, "start_month": months.iso(LAST), "reason": "困难", "decision_no": " "})
    assert response.status_code == 400 and not DuesExemption.objects.exists()


def test_the_finance_officer_sets_the_policy(client, users, tree):
    response = login(client, users.finance).post(url("policy", org="SCH"), {
        "effective_from": months.iso(LAST), "rate_percent": "0.4", "frequency": "monthly", "group_share": "60",
        "note": "委员会决定"})
    assert response.status_code == 302 and DuesPolicy.objects.get().rate == Decimal("0.004")
    assert "0.4%" in client.get(url("policy", org="SCH")).content.decode()


def test_the_wage_page_records_a_change_and_masks_bases_for_federation_officers(client, users, members):
    response = login(client, users.chair).post(url("wages", org="SCH"), {
        "member_no": members.wang.member_no, "wage_base": "6000", "effective_from": months.iso(LAST),
        "source": "payroll", "note": ""})
    assert response.status_code == 302 and WageBaseChange.objects.count() == 1
    assert "6000.00" in client.get(url("wages", org="SCH")).content.decode()
    text = login(client, users.federation).get(url("wages", org="SCH")).content.decode()
    assert "王强" in text and "6000.00" not in text


def test_the_finance_officer_records_a_wage_base_on_the_wage_page(client, users, members):
    page = login(client, users.finance).get(url("wages", org="SCH")).content.decode()
    assert 'name="wage_base"' in page
    response = client.post(url("wages", org="SCH"), {
        "member_no": members.wang.member_no, "wage_base": "6000", "effective_from": months.iso(LAST),
        "source": "payroll", "note": "十月工资表"})
    assert response.status_code == 302 and WageBaseChange.objects.get().created_by == users.finance


def test_the_split_page_shows_what_each_group_is_owed_and_records_a_remittance(client, users, members, tree):
    actions.set_policy(users.finance, tree.school, effective_from=months.iso(LAST), rate_percent="0.5",
                       group_share="60")
    roll = actions.run_roll(users.finance, tree.school, LAST).roll
    DuesItem.objects.filter(roll=roll, member=members.wang).update(status="paid", paid_amount=Decimal("22.80"))
    client = login(client, users.finance)
    assert "13.68" in client.get(url("remittances", org="SCH")).content.decode()
    response = client.post(url("remittances", org="SCH"), {
        "roll": roll.pk, "to_org": tree.g1.pk, "amount": "13.68", "paid_at": datetime.date.today().isoformat()})
    assert response.status_code == 302 and roll.remittances.get().amount == Decimal("13.68")


def test_the_collection_page_has_a_table_and_charts_for_the_month_and_the_year(client, users, roll):
    text = login(client, users.auditor).get(url("collection", org="SCH")).content.decode()
    assert "语文一组" in text and text.count("<svg") >= 2 and "累计" in text


def test_a_member_sees_only_their_own_dues_and_reminders(client, users, member_user, overdue, tree):
    actions.send_reminders(users.finance, tree.school)
    text = login(client, member_user).get(url("mine")).content.decode()
    assert "22.80" in text and "欠缴会费2个月" in text and "张敏" not in text


def test_finance_pages_are_refused_to_a_plain_member(client, member_user, roll):
    assert login(client, member_user).get(url("home")).status_code == 403
    assert client.get(url("roll", roll.pk)).status_code == 404


# ---- every union under a federation at once: a background job with progress ----

def test_a_federation_bookkeeper_runs_every_unions_roll_as_a_job_and_sees_what_it_did(client, admin_user, members,
                                                                                      tree):
    client.force_login(admin_user)
    home = client.get(url("home", org="SCH"))
    assert home.context["all_form"] is not None and "为辖区全部基层工会生成" in home.content.decode()
    response = client.post(url("run_all"), {"org": "COUNTY", "month": months.iso(LAST)})
    from gonghui.core.models import Job

    job = Job.objects.get(kind="dues_run")
    assert response.status_code == 302 and response["Location"] == url("run_job", job.pk)
    assert job.status == Job.Status.DONE and job.org == tree.county and job.params["all_unions"] is True
    rolls = DuesRoll.objects.filter(month=LAST)
    assert sorted(r.union.code for r in rolls) == ["FAC", "SCH"]
    page = client.get(url("run_job", job.pk))
    text = page.content.decode()
    due = sum((r.total_due for r in rolls), Decimal("0"))
    assert job.result["unions"] == 2 and job.result["heads"] == sum(r.heads for r in rolls)
    assert Decimal(job.result["total_due"]) == due and f"{due}" in text and "已生成" in text


def test_a_unions_bookkeeper_is_not_offered_the_federation_run_and_may_not_post_it(client, users, members):
    client = login(client, users.finance)
    assert client.get(url("home", org="SCH")).context["all_form"] is None
    assert client.post(url("run_all"), {"org": "COUNTY", "month": months.iso(LAST)}).status_code == 403
    assert not DuesRoll.objects.exists()


def test_a_bad_month_for_the_federation_run_comes_back_on_its_form(client, admin_user, members, tree):
    client.force_login(admin_user)
    response = client.post(url("run_all"), {"org": "COUNTY", "month": "2026-13"})
    assert response.status_code == 400 and "不是存在的月份" in response.content.decode()
    assert response.context["all_form"].errors["month"]
    from gonghui.core.models import Job

    assert not Job.objects.exists() and not DuesRoll.objects.exists()


def test_while_the_run_waits_its_page_shows_a_bar_that_polls_the_job(client, admin_user, members, tree, settings):
    settings.GONGHUI_JOBS_EAGER = False
    client.force_login(admin_user)
    response = client.post(url("run_all"), {"org": "COUNTY", "month": months.iso(LAST)})
    page = client.get(response["Location"])
    html = page.content.decode()
    job = page.context["job"]
    assert "<progress" in html and f'data-status-url="/jobs/{job.pk}/"' in html and "gonghui/job.js" in html
    assert not DuesRoll.objects.exists()


def test_a_run_that_fails_in_the_worker_says_why_and_writes_nothing(client, admin_user, members, tree):
    from gonghui.dues import jobs

    job = jobs.start_run_job(admin_user, tree.county, "2026-13", all_unions=True)
    assert job.status == "failed" and "月份" in job.error
    client.force_login(admin_user)
    text = client.get(url("run_job", job.pk)).content.decode()
    assert "未生成" in text and "月份" in text and not DuesRoll.objects.exists()


def test_another_users_run_is_not_found(client, admin_user, users, members, tree):
    from gonghui.dues import jobs

    job = jobs.start_run_job(admin_user, tree.county, months.iso(LAST), all_unions=True)
    assert login(client, users.finance).get(url("run_job", job.pk)).status_code == 404
