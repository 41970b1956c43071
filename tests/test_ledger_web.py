"""Ledger pages: entry with Chinese line errors, the workflow buttons per role, attachments,
statements as page/.xlsx/PDF, and 404 for anything out of scope."""
import datetime
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.ledger import actions
from gonghui.ledger.models import Voucher

from .conftest import login
from .walk_ext.ledger import line, march_2026


def entry(**extra):
    data = {"date": "2026-03-05", "summary": "收3月会费", "category": "",
            "account": ["102", "401", ""], "debit": ["2280.00", "", ""], "credit": ["", "2280.00", ""],
            "memo": ["", "", ""], "member": ["", "", ""], "unit": ["", "", ""]}
    data.update(extra)
    return data


@pytest.fixture
def march(tree, users):
    return march_2026(users, tree.school)


def test_the_finance_officer_enters_a_voucher_and_lands_on_it(client, tree, users):
    login(client, users.finance)
    page = client.get(reverse("ledger:voucher_create"), {"org": "SCH"})
    assert page.status_code == 200 and "增加一行" in page.content.decode()
    response = client.post(reverse("ledger:voucher_create") + "?org=SCH", entry())
    v = Voucher.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ledger:voucher", args=[v.pk])
    assert v.total_debit == D("2280") and v.lines.count() == 2


def test_an_unbalanced_entry_is_shown_again_with_the_difference_and_nothing_saved(client, tree, users):
    login(client, users.finance)
    response = client.post(reverse("ledger:voucher_create") + "?org=SCH", entry(credit=["", "2208.00", ""]))
    body = response.content.decode()
    assert response.status_code == 400
    assert "借贷不平衡：借方合计 2,280.00，贷方合计 2,208.00，相差 72.00" in body
    assert 'value="2208.00"' in body  # what was typed stays in the form
    assert not Voucher.all_objects.exists()


def test_line_errors_name_the_row_and_the_column(client, tree, users):
    login(client, users.finance)
    response = client.post(reverse("ledger:voucher_create") + "?org=SCH",
                           entry(debit=["2280.00", "-1", ""], member=["", "", "NO-SUCH"], account=["102", "401", "401"],
                                 credit=["", "", "5"]))
    body = response.content.decode()
    assert "第3行 会员: 找不到会员编号“NO-SUCH”" in body
    response = client.post(reverse("ledger:voucher_create") + "?org=SCH", entry(debit=["2280.00", "-1", ""]))
    assert "第2行 借方金额: 金额不能为负数" in response.content.decode()


def test_a_member_is_named_on_a_line_by_member_number(client, tree, users, members):
    login(client, users.finance)
    client.post(reverse("ledger:voucher_create") + "?org=SCH", entry(
        account=["50105", "102"], debit=["300", ""], credit=["", "300"], member=[members.wang.member_no, ""],
        memo=["慰问", ""], unit=["SCH-G1", ""]))
    ln = Voucher.objects.get().lines.get(line_no=1)
    assert (ln.member, ln.org) == (members.wang, tree.g1)


def test_a_member_of_another_union_cannot_be_named(client, tree, users, members):
    login(client, users.finance)
    response = client.post(reverse("ledger:voucher_create") + "?org=SCH", entry(
        account=["50105", "102"], debit=["300", ""], credit=["", "300"], member=[members.liu.member_no, ""]))
    assert f"第1行 会员: 找不到会员编号“{members.liu.member_no}”" in response.content.decode()


def test_people_see_the_workflow_button_that_is_theirs(client, tree, users):
    v = actions.create_voucher(users.finance, union=tree.school, date=datetime.date(2026, 3, 5), summary="会费",
                               lines=[line("102", "10"), line("401", credit="10")])
    url = reverse("ledger:voucher", args=[v.pk])
    assert "审核</button>" not in login(client, users.finance).get(url).content.decode()
    assert "审核</button>" in login(client, users.auditor).get(url).content.decode()
    assert client.post(reverse("ledger:voucher_review", args=[v.pk])).status_code == 302
    body = login(client, users.chair).get(url).content.decode()
    assert "批准</button>" in body and "修改" not in body.split("lg-workflow")[1].split("</div>")[0]
    client.post(reverse("ledger:voucher_approve", args=[v.pk]))
    login(client, users.finance).post(reverse("ledger:voucher_post", args=[v.pk]))
    v.refresh_from_db()
    assert v.status == "posted"
    assert "生成冲销凭证" in client.get(url).content.decode()


def test_editing_an_approved_voucher_is_refused_with_the_reason(client, tree, users):
    v = actions.create_voucher(users.finance, union=tree.school, date=datetime.date(2026, 3, 5), summary="会费",
                               lines=[line("102", "10"), line("401", credit="10")])
    actions.review_voucher(users.auditor, v)
    login(client, users.finance)
    response = client.get(reverse("ledger:voucher_edit", args=[v.pk]), follow=True)
    assert "已审核的凭证不能修改，请作红字冲销" in response.content.decode()


def test_a_posted_voucher_is_reversed_from_its_page(client, tree, users, march):
    v = march[0]
    login(client, users.finance)
    response = client.post(reverse("ledger:voucher_reverse", args=[v.pk]), {"date": "2026-03-31", "reason": "金额有误"})
    reversal = Voucher.objects.get(reverses=v)
    assert response["Location"] == reverse("ledger:voucher", args=[reversal.pk])


def test_receipts_are_uploaded_listed_and_downloaded_within_scope(client, tree, users, march):
    v = march[2]
    login(client, users.finance)
    client.post(reverse("ledger:attachment_upload", args=[v.pk]),
                {"file": SimpleUploadedFile("收据.jpg", b"\xff\xd8\xff receipt", content_type="image/jpeg")})
    attachment = v.attachments.get()
    assert "收据.jpg" in client.get(reverse("ledger:voucher", args=[v.pk])).content.decode()
    download = login(client, users.auditor).get(reverse("ledger:attachment", args=[attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"\xff\xd8\xff receipt"
    assert login(client, users.outsider).get(reverse("ledger:attachment", args=[attachment.pk])).status_code == 404


def test_vouchers_of_another_union_are_not_found(client, tree, users, march):
    login(client, users.outsider)
    assert client.get(reverse("ledger:voucher", args=[march[0].pk])).status_code == 404
    assert client.get(reverse("ledger:vouchers"), {"org": "SCH"}).status_code == 404


def test_the_voucher_list_filters_by_status_month_account_and_source(client, tree, users, march):
    login(client, users.chair)
    url = reverse("ledger:vouchers")
    body = client.get(url, {"org": "SCH", "account": "50105"}).content.decode()
    assert "送温暖慰问困难职工" in body and "收3月会费" not in body
    body = client.get(url, {"org": "SCH", "source": "dues"}).content.decode()
    assert "收3月会费" in body and "购置打印机" not in body
    assert "没有符合条件的凭证" in client.get(url, {"org": "SCH", "month": "2026-04"}).content.decode()
    assert "没有符合条件的凭证" in client.get(url, {"org": "SCH", "status": "draft"}).content.decode()


def test_the_voucher_lists_account_filter_is_the_account_picker_and_takes_a_name_or_pinyin(client, tree, users, march):
    login(client, users.chair)
    url = reverse("ledger:vouchers")
    page = client.get(url, {"org": "SCH"}).content.decode()
    assert 'data-picker="/pick/account/"' in page and 'placeholder="102"' not in page
    for typed in ("会员活动（慰问）", "50105 会员活动（慰问）", "hyhd"):
        body = client.get(url, {"org": "SCH", "account": typed}).content.decode()
        assert "送温暖慰问困难职工" in body and "收3月会费" not in body, typed
    assert "没有符合条件的凭证" in client.get(url, {"org": "SCH", "account": "没有这个科目"}).content.decode()


def test_the_voucher_list_pages_by_keyset(client, tree, users, march, settings):
    from gonghui.ledger import views

    login(client, users.chair)
    views_page = views.PAGE_SIZE
    views.PAGE_SIZE = 4
    try:
        first = client.get(reverse("ledger:vouchers"), {"org": "SCH"})
        next_url = first.context["next_url"]
        second = client.get(reverse("ledger:vouchers") + next_url)
    finally:
        views.PAGE_SIZE = views_page
    labels = [v.label for v in first.context["rows"]] + [v.label for v in second.context["rows"]]
    assert labels == [f"记-2026-{n:04d}" for n in range(6, 0, -1)]
    assert second.context["next_url"] == ""


@pytest.mark.parametrize("name, text", [
    ("ledger:trial_balance", "31,080.00"), ("ledger:income_statement", "8,980.00"),
    ("ledger:balance_sheet", "13,480.00"), ("ledger:general_ledger", "8,780.00"),
    ("ledger:subsidiary_ledger", "17,280.00"),
])
def test_each_statement_is_a_page_an_xlsx_and_a_pdf(client, tree, users, march, name, text):
    login(client, users.auditor)
    params = {"org": "SCH", "month": "2026-03", "year": "2026", "account": "102", "from": "2026-01-01",
              "to": "2026-12-31"}
    page = client.get(reverse(name), params)
    assert page.status_code == 200 and text in page.content.decode()
    xlsx = client.get(reverse(name), {**params, "format": "xlsx"})
    assert xlsx.content[:2] == b"PK" and ".xlsx" in xlsx["Content-Disposition"]
    pdf = client.get(reverse(name), {**params, "format": "pdf"})
    assert pdf.content[:5] == b"%PDF-"


def test_the_home_page_closes_a_month(client, tree, users, march):
    login(client, users.finance)
    page = client.get(reverse("ledger:home"), {"org": "SCH", "year": "2026"})
    assert page.status_code == 200
    client.post(reverse("ledger:period_close"), {"org": "SCH", "month": "2026-03"})
    body = client.get(reverse("ledger:home"), {"org": "SCH", "year": "2026"}).content.decode()
    assert "已结账" in body
    response = client.post(reverse("ledger:voucher_create") + "?org=SCH", entry())
    assert "2026年3月已结账" in response.content.decode()


def test_a_plain_member_has_no_books(client, member_user, tree):
    login(client, member_user)
    assert client.get(reverse("ledger:vouchers")).status_code == 403
    assert client.get(reverse("ledger:trial_balance"), {"org": "SCH"}).status_code == 403


def test_the_chart_of_accounts_page_lists_the_seeded_accounts(client, users):
    body = login(client, users.chair).get(reverse("ledger:accounts")).content.decode()
    assert "50105" in body and "会员活动（慰问）" in body and "对附属单位的支出" in body
