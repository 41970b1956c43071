"""Competition pages: adding items, entering scores on a phone, the sheet, prizes, certificates, results."""
import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from gonghui.contests import actions
from gonghui.contests.models import Award, ContestItem, Score, Standing
from gonghui.core.models import AuditEntry

from .conftest import login
from .contests_fixtures import anhui, crowd, event, teams  # noqa: F401


@pytest.fixture
def rope(users, event):
    return actions.create_item(users.officer, event, {"name": "跳绳", "measure": "count", "unit": "个"})


def test_an_officer_adds_an_item_to_an_event(client, users, event):
    login(client, users.officer)
    page = client.get(f"/contests/events/{event.pk}/").content.decode()
    assert "添加比赛项目" in page and "教职工健身趣味活动" in page
    response = client.post(f"/contests/events/{event.pk}/items/new/", {
        "name": "踢毽", "mode": "individual", "measure": "count", "unit": "个", "rounds": "1", "aggregate": "sum"})
    item = ContestItem.objects.get(name="踢毽")
    assert response.status_code == 302 and response["Location"] == f"/contests/items/{item.pk}/"


def test_bad_item_input_is_shown_on_the_form(client, users, event):
    login(client, users.officer)
    response = client.post(f"/contests/events/{event.pk}/items/new/", {
        "name": "踢毽", "mode": "individual", "measure": "count", "rounds": "十", "aggregate": "sum"})
    assert response.status_code == 400 and "请输入整数" in response.content.decode()


def test_the_phone_page_lists_competitors_with_an_input_per_round_and_saves_them_all(client, users, members, rope):
    login(client, users.officer)
    page = client.get(f"/contests/items/{rope.pk}/scores/").content.decode()
    assert page.count('inputmode="numeric"') == 3 and "王强" in page
    response = client.post(f"/contests/items/{rope.pk}/scores/", {
        f"s-m{members.wang.pk}-1": "152", f"s-m{members.zhao.pk}-1": "148", f"s-m{members.zhang.pk}-1": ""})
    assert response.status_code == 302
    assert Score.objects.filter(item=rope).count() == 2
    standings = client.get(f"/contests/items/{rope.pk}/").content.decode()
    assert "未录入" in standings


def test_a_score_typed_as_text_keeps_what_was_typed_and_names_the_row(client, users, members, rope):
    login(client, users.officer)
    response = client.post(f"/contests/items/{rope.pk}/scores/", {
        f"s-m{members.wang.pk}-1": "152", f"s-m{members.zhao.pk}-1": "一百"})
    page = response.content.decode()
    assert response.status_code == 400 and "第2行 成绩: 请输入数字" in page and 'value="一百"' in page
    assert not Score.objects.exists()


def test_the_score_sheet_downloads_and_uploads_with_row_errors(client, users, members, rope):
    login(client, users.officer)
    response = client.get(f"/contests/items/{rope.pk}/sheet.xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.active
    assert [c.value for c in ws[3]][:5] == ["编号", "序号", "姓名", "会员编号/队", "成绩"]
    ws["E4"], ws["E5"], ws["E6"] = "152", 148, "很多"
    bad = io.BytesIO()
    wb.save(bad)
    bad.seek(0)
    bad.name = "sheet.xlsx"
    client.post(f"/contests/items/{rope.pk}/sheet/", {"file": bad})
    page = client.get(f"/contests/items/{rope.pk}/").content.decode()
    assert "第6行 成绩: 请输入数字" in page and not Score.objects.exists()
    ws["E6"] = "131"
    good = io.BytesIO()
    wb.save(good)
    good.seek(0)
    good.name = "sheet.xlsx"
    client.post(f"/contests/items/{rope.pk}/sheet/", {"file": good})
    assert sorted(Score.objects.values_list("value", flat=True)) == [D("131"), D("148"), D("152")]


def test_an_uploaded_sheet_is_read_by_the_job_worker_and_the_page_follows_it(client, users, members, rope,
                                                                               settings):
    from gonghui.core import jobs
    from gonghui.core.models import Job

    settings.GONGHUI_JOBS_EAGER = False
    login(client, users.officer)
    wb = load_workbook(io.BytesIO(client.get(f"/contests/items/{rope.pk}/sheet.xlsx").content))
    wb.active["E4"] = "152"
    sheet = io.BytesIO()
    wb.save(sheet)
    sheet.seek(0)
    sheet.name = "sheet.xlsx"
    waiting = client.post(f"/contests/items/{rope.pk}/sheet/", {"file": sheet})
    job = Job.objects.get(kind="contest_score_sheet")
    assert waiting.status_code == 200 and "<progress" in waiting.content.decode() and not Score.objects.exists()
    assert jobs.run_next().pk == job.pk
    done = client.get(f"/contests/items/{rope.pk}/sheet/{job.pk}/")
    assert done.status_code == 302 and done["Location"] == f"/contests/items/{rope.pk}/"
    assert list(Score.objects.values_list("value", flat=True)) == [D("152")]
    assert "已导入：新录入1个" in client.get(done["Location"]).content.decode()
    assert login(client, users.outsider).get(f"/contests/items/{rope.pk}/sheet/{job.pk}/").status_code == 404


def test_prizes_are_set_previewed_and_confirmed_and_certificates_are_pdfs(client, users, members, rope, crowd, anhui):
    actions.save_scores(users.officer, rope, [{"row": n, "member": m.pk, "scores": {1: str(160 - n)}}
                                              for n, m in enumerate([members.wang, members.zhao, members.zhang]
                                                                    + crowd, start=1)])
    login(client, users.officer)
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0",
            "form-0-level": "一等奖", "form-0-basis": "rank", "form-0-count": "1", "form-0-amount": "300",
            "form-1-level": "纪念品", "form-1-basis": "threshold", "form-1-threshold": "155", "form-1-amount": "abc"}
    response = client.post(f"/contests/items/{rope.pk}/prizes/", data)
    assert response.status_code == 400 and "第2行 每人奖品金额: “abc”不是金额" in response.content.decode()
    data["form-1-amount"] = "20"
    assert client.post(f"/contests/items/{rope.pk}/prizes/", data).status_code == 302
    page = client.get(f"/contests/items/{rope.pk}/").content.decode()
    assert "待确认" in page and "确认奖项" in page
    client.post(f"/contests/items/{rope.pk}/confirm/", {})
    assert Award.objects.filter(item=rope).count() == 6
    award = Award.objects.get(item=rope, level="一等奖")
    pdf = client.get(f"/contests/awards/{award.pk}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    combined = client.get(f"/contests/items/{rope.pk}/certificates.pdf")
    assert combined.content[:4] == b"%PDF" and combined.content.count(b"/Type /Page\n") + combined.content.count(
        b"/Type /Page ") >= 1


def test_a_member_reads_the_published_results_of_their_union_and_their_own_certificate(
        client, users, members, member_user, rope, crowd):
    actions.save_scores(users.officer, rope, [{"row": 1, "member": members.wang.pk, "scores": {1: "152"}},
                                              {"row": 2, "member": members.zhao.pk, "scores": {1: "140"}}])
    actions.set_prizes(users.officer, rope, [{"level": "一等奖", "count": "1", "amount": "0"}])
    actions.confirm_awards(users.officer, rope)
    notice = actions.publish_results(users.officer, rope.event)
    login(client, member_user)
    my = client.get("/contests/my/").content.decode()
    assert "一等奖" in my and notice.title in my
    page = client.get(f"/contests/results/{notice.pk}/").content.decode()
    assert "赵丽" in page and "152个" in page
    award = Award.objects.get(member=members.wang)
    assert client.get(f"/contests/awards/{award.pk}/certificate.pdf").status_code == 200
    assert client.get(f"/contests/items/{rope.pk}/").status_code == 404
    xlsx = client.get(f"/contests/results/{notice.pk}/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_an_officer_of_another_union_gets_404_for_items_results_and_certificates(client, users, members, rope):
    actions.save_scores(users.officer, rope, [{"row": 1, "member": members.wang.pk, "scores": {1: "152"}}])
    notice = actions.publish_results(users.officer, rope.event)
    login(client, users.outsider)
    for url in (f"/contests/items/{rope.pk}/", f"/contests/items/{rope.pk}/scores/",
                f"/contests/events/{rope.event_id}/", f"/contests/results/{notice.pk}/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/contests/items/{rope.pk}/scores/", {f"s-m{members.wang.pk}-1": "1"}).status_code == 404
    assert Score.objects.get().value == D("152")


def test_a_correction_is_audited_with_its_reason(client, users, members, rope):
    actions.save_scores(users.officer, rope, [{"row": 1, "member": members.wang.pk, "scores": {1: "152"}}])
    score = Score.objects.get()
    login(client, users.chair)
    response = client.post(f"/contests/scores/{score.pk}/correct/", {"value": "150", "reason": "复核"})
    assert response.status_code == 302
    assert AuditEntry.objects.get(action="correct_score").changes == {"value": ["152", "150"]}


def test_the_item_page_reads_in_a_fixed_number_of_queries(client, users, members, rope, crowd,
                                                          django_assert_max_num_queries):
    actions.save_scores(users.officer, rope, [{"row": n, "member": m.pk, "scores": {1: str(100 + n)}}
                                              for n, m in enumerate(crowd, start=1)])
    login(client, users.officer)
    client.get(f"/contests/items/{rope.pk}/")
    with django_assert_max_num_queries(25):
        assert client.get(f"/contests/items/{rope.pk}/").status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(f"/contests/items/{rope.pk}/scores/").status_code == 200
    assert Standing.objects.filter(item=rope).count() == 12


def test_officers_get_the_competitions_menu_and_members_their_results(client, users, member_user):
    page = login(client, users.officer).get("/contests/").content.decode()
    assert 'href="/contests/"' in page and "比赛" in page
    client.logout()
    login(client, member_user)
    response = client.get("/contests/")
    assert response.status_code == 302 and response["Location"] == "/contests/my/"
    assert 'href="/contests/my/"' in client.get("/contests/my/").content.decode()
