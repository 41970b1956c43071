"""Care pages: officers record through the forms, members sign and rate, scope and masking hold."""
from django.urls import reverse

from gonghui.care import actions
from gonghui.care.models import Distribution, DistributionRow, HardshipFile, SurveyAnswer, Visit

from .care_fixtures import DAY, FIGURES, care, open_file, proof  # noqa: F401
from .conftest import login


def test_the_home_page_shows_tiles_and_reminders(client, care):
    login(client, care.users.officer)
    response = client.get(reverse("care:home"))
    assert response.status_code == 200
    assert "走访慰问" in response.content.decode() and "近期生日" in response.content.decode()


def test_the_menu_shows_care_to_officers_and_my_care_to_members(client, care, member_user):
    login(client, care.users.officer)
    assert 'href="/care/"' in client.get(reverse("care:visits")).content.decode()
    login(client, member_user)
    assert reverse("care:my") in client.get(reverse("care:my")).content.decode()


def test_an_officer_records_a_visit_through_the_form(client, care):
    login(client, care.users.officer)
    response = client.post(reverse("care:visit_new") + "?org=SCH", {
        "member_no": care.members.wang.member_no, "occasion": "hospital", "date": DAY.isoformat(),
        "visitors": "王干事", "gift": "慰问金", "amount": "500", "form": "cash"})
    v = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("care:visit", args=[v.pk])
    assert v.expense.total == 500


def test_a_gift_over_the_cap_is_shown_on_the_amount_field(client, care):
    login(client, care.users.officer)
    response = client.post(reverse("care:visit_new"), {
        "member_no": care.members.wang.member_no, "occasion": "hospital", "date": DAY.isoformat(),
        "visitors": "王干事", "gift": "慰问金", "amount": "1500", "form": "cash"})
    assert response.status_code == 400
    assert "住院慰问每人不超过1,000.00元" in response.context["form"].errors["amount"][0]
    assert not Visit.objects.exists()


def test_a_member_of_another_union_cannot_be_named_in_the_visit_form(client, care):
    login(client, care.users.officer)
    response = client.post(reverse("care:visit_new"), {
        "member_no": care.members.liu.member_no, "occasion": "hospital", "date": DAY.isoformat(),
        "visitors": "王干事"})
    assert response.status_code == 400
    assert response.context["form"].errors["member_no"] == ["找不到会员“FAC-000001”，或不在您的权限范围内"]


def test_hardship_details_are_clear_for_the_officer_and_masked_for_the_group_leader(client, care):
    f = open_file(care.users.officer, care.members.wang)
    login(client, care.users.officer)
    page = client.get(reverse("care:file", args=[f.pk])).content.decode()
    assert "配偶重病" in page and "36000" in page and "833.33" in page and "深度困难" in page
    login(client, care.users.leader)
    page = client.get(reverse("care:file", args=[f.pk])).content.decode()
    assert "深度困难" in page and "配偶重病" not in page and "36000" not in page and "****" in page
    evidence = f.evidence.get()
    assert client.get(reverse("care:evidence", args=[evidence.pk])).status_code == 404
    login(client, care.users.officer)
    download = client.get(reverse("care:evidence", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 income proof"
    assert "收入证明.pdf" in download["Content-Disposition"] or "filename*" in download["Content-Disposition"]


def test_a_file_submitted_without_evidence_shows_the_missing_evidence(client, care):
    login(client, care.users.officer)
    response = client.post(reverse("care:file_new"), {**FIGURES, "member_no": care.members.wang.member_no,
                                                      "intent": "submit"})
    assert response.status_code == 400
    assert "缺少证明材料" in response.context["form"].errors["evidence"][0]
    assert not HardshipFile.all_objects.exists()


def test_a_file_is_opened_with_evidence_through_the_form(client, care):
    login(client, care.users.officer)
    response = client.post(reverse("care:file_new"), {**FIGURES, "member_no": care.members.wang.member_no,
                                                      "intent": "submit", "evidence": proof()})
    f = HardshipFile.objects.get()
    assert response.status_code == 302 and f.status == "active"


def test_another_unions_file_is_a_404(client, care):
    f = open_file(care.users.officer, care.members.wang)
    login(client, care.users.outsider)
    assert client.get(reverse("care:file", args=[f.pk])).status_code == 404
    assert client.post(reverse("care:file_exit", args=[f.pk]), {"exit_reason": "x",
                                                                "exited_on": "2026-10-01"}).status_code == 404


def test_help_exit_and_reverification_through_the_file_page(client, care):
    f = open_file(care.users.officer, care.members.wang)
    login(client, care.users.officer)
    assert client.post(reverse("care:file_help", args=[f.pk]), {
        "date": DAY.isoformat(), "help_kind": "grant", "description": "困难补助", "amount": "1000"}).status_code == 302
    assert client.post(reverse("care:file_reverify", args=[f.pk]), {
        **FIGURES, "household_income": "60000", "verified_on": "2026-11-01"}).status_code == 302
    f.refresh_from_db()
    assert f.category == "relative"
    assert client.post(reverse("care:file_exit", args=[f.pk]), {
        "exit_reason": "已脱困", "exited_on": "2026-11-02"}).status_code == 302
    f.refresh_from_db()
    assert f.status == "exited"


def test_a_festival_list_through_the_form_and_a_duplicate_refused(client, care):
    login(client, care.users.officer)
    data = {"festival": "中秋节", "date": DAY.isoformat(), "description": "月饼", "amount_per_person": "200",
            "group": "SCH"}
    assert client.post(reverse("care:festival_new"), data).status_code == 302
    d = Distribution.objects.get()
    assert d.head_count == 3
    response = client.post(reverse("care:festival_new"), data)
    assert response.status_code == 400
    assert "不能重复发放" in response.context["form"].errors["member_nos"][0]


def test_the_birthday_list_marks_round_numbers_and_greets_all(client, care):
    login(client, care.users.officer)
    page = client.get(reverse("care:birthdays") + "?month=1")
    rows = page.context["rows"]
    assert [m.name for m in rows] == ["王强"]
    assert rows[0].turning == page.context["year"] - 1980
    response = client.post(reverse("care:birthdays") + "?month=1", {
        "date": DAY.isoformat(), "description": "生日蛋糕", "amount_per_person": "200", "form": "goods"})
    assert response.status_code == 302 and Distribution.objects.get().kind == "birthday"


def test_the_member_signs_in_one_tap_and_the_group_leader_sees_only_his_group(client, care, member_user):
    m = care.members
    d = actions.distribute(care.users.officer, care.tree.school, kind="festival", festival="中秋节",
                           members=[m.wang, m.zhao], date=DAY, description="月饼", amount_per_person="200")
    login(client, member_user)
    page = client.get(reverse("care:my")).content.decode()
    assert "确认已收到" in page
    row = DistributionRow.objects.get(member=m.wang)
    assert client.post(reverse("care:row_sign", args=[row.pk]), {"next": reverse("care:my")}).status_code == 302
    row.refresh_from_db()
    assert row.signed_as == "member" and row.signed_by == member_user
    other = DistributionRow.objects.get(member=m.zhao)
    assert client.post(reverse("care:row_sign", args=[other.pk])).status_code == 404
    login(client, care.users.leader)
    page = client.get(reverse("care:greeting", args=[d.pk]))
    assert [r.member.name for r in page.context["rows"]] == ["王强"]


def test_the_member_rates_a_visit_and_the_rate_shows_the_formula(client, care, member_user):
    v = actions.record_visit(care.users.officer, care.members.wang, occasion="hospital", date=DAY, visitors="王干事")
    login(client, member_user)
    assert client.post(reverse("care:visit_answer", args=[v.pk]), {"answer": "basic"}).status_code == 302
    assert SurveyAnswer.objects.get().source == "self"
    login(client, care.users.officer)
    page = client.get(reverse("care:surveys"))
    text = page.content.decode()
    assert "满意率 =（满意 + 基本满意）÷ 回访份数" in text and "100.00%" in text and "计算依据" in text
    # the page's figure is the registered metric's (the care home, plans and summaries read the same one)
    from gonghui.core import metrics

    assert page.context["reading"].value == metrics.read("care.satisfaction_rate", care.tree.school,
                                                         page.context["start"], page.context["today"]).value


def test_the_members_history_page_lists_visits_and_gifts(client, care):
    actions.record_visit(care.users.officer, care.members.wang, occasion="hospital", date=DAY, visitors="王干事",
                         gift="水果篮", amount="300")
    login(client, care.users.officer)
    page = client.get(reverse("care:member", args=[care.members.wang.pk])).content.decode()
    assert "生病住院" in page and "水果篮" in page and "300.00" in page
    login(client, care.users.outsider)
    assert client.get(reverse("care:member", args=[care.members.wang.pk])).status_code == 404


def test_lists_are_paged_with_older_links_and_a_fixed_number_of_queries(client, care, django_assert_max_num_queries):
    for i in range(55):
        actions.record_visit(care.users.officer, care.members.wang, occasion="retirement", date=DAY, visitors=f"干事{i}")
    login(client, care.users.officer)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("care:visits"))
    assert len(page.context["rows"]) == 50 and page.context["older"]
    second = client.get(reverse("care:visits") + page.context["older"])
    assert len(second.context["rows"]) == 5 and second.context["newer"]


def test_figures_and_reminders_pages_render(client, care):
    actions.record_visit(care.users.officer, care.members.zhao, occasion="childbirth", date=DAY, visitors="王干事")
    login(client, care.users.officer)
    page = client.get(reverse("care:figures") + "?year=2026").content.decode()
    assert "走访慰问人次（按事由）" in page and "生育" in page
    assert client.get(reverse("care:reminders")).status_code == 200


def test_occasions_and_poverty_lines_are_set_through_their_pages(client, care):
    login(client, care.users.officer)
    assert client.post(reverse("care:occasions"), {"name": "高温慰问", "expense_kind": "other",
                                                   "active": "on"}).status_code == 302
    assert client.post(reverse("care:poverty_lines") + "?org=SCH", {
        "amount": "950", "effective_from": "2026-10-01"}).status_code == 302
    login(client, care.users.finance)
    assert client.get(reverse("care:visit_new")).status_code == 403


def test_check_before_buying_shows_the_verdict_and_records_nothing(client, care):
    login(client, care.users.officer)
    data = {"member_no": care.members.wang.member_no, "occasion": "hospital", "date": DAY.isoformat(),
            "visitors": "王干事", "gift": "慰问金", "amount": "1200", "intent": "check"}
    page = client.post(reverse("care:visit_new"), data)
    assert page.status_code == 200 and not page.context["verdict"].ok
    assert "住院慰问每人不超过1,000.00元" in page.content.decode()
    page = client.post(reverse("care:visit_new"), {**data, "amount": "800"})
    assert page.context["verdict"].ok
    assert not Visit.objects.exists()


def test_check_before_buying_names_members_who_already_had_the_festival(client, care):
    actions.distribute(care.users.officer, care.tree.school, kind="festival", festival="中秋节",
                       members=[care.members.wang], date=DAY, description="月饼", amount_per_person="100")
    login(client, care.users.officer)
    page = client.post(reverse("care:festival_new"), {
        "festival": "中秋", "date": DAY.isoformat(), "description": "月饼", "amount_per_person": "100",
        "group": "SCH", "intent": "check"})
    assert page.status_code == 400 and "王强" in page.context["form"].errors["member_nos"][0]
    assert Distribution.objects.count() == 1


def test_the_member_sees_his_gift_lists_by_name_but_not_the_expense_wording(client, care, member_user):
    d = actions.distribute(care.users.officer, care.tree.school, kind="festival", festival="中秋节",
                           members=[care.members.wang], date=DAY, description="一中中秋月饼礼盒",
                           amount_per_person="100")
    login(client, member_user)
    for url in (reverse("care:my"), reverse("care:greeting", args=[d.pk]),
                reverse("care:member", args=[care.members.wang.pk])):
        page = client.get(url).content.decode()
        assert "2026年中秋节慰问品" in page or "2026 中秋节" in page
        assert "一中中秋月饼礼盒" not in page
