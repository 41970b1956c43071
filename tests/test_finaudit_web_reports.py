"""Income and expenditure reports as .xlsx and PDF downloads (finaudit.views.report_*)."""
import io
from urllib.parse import quote

from django.urls import reverse
from openpyxl import load_workbook

from .conftest import login
from .walk_ext.finaudit import LAST_YEAR, school_books  # noqa: F401


def test_the_monthly_report_downloads_as_excel_and_pdf(client, school_books, users):
    login(client, users.finance)
    xlsx = client.get(reverse("finaudit:report_monthly_xlsx"), {"org": "SCH", "year": LAST_YEAR})
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws["A1"].value == "收入支出月度表" and ws["A16"].value == "合计" and ws["C16"].value == 3100
    assert quote(f"第一中学工会{LAST_YEAR}年收入支出月度表.xlsx") in xlsx["Content-Disposition"]
    pdf = client.get(reverse("finaudit:report_monthly_pdf"), {"org": "SCH", "year": LAST_YEAR})
    assert pdf.content[:5] == b"%PDF-"


def test_the_category_report_covers_the_months_asked_for(client, school_books, users):
    login(client, users.chair)
    xlsx = client.get(reverse("finaudit:report_categories_xlsx"),
                      {"org": "SCH", "from": f"{LAST_YEAR}-03", "to": f"{LAST_YEAR}-03"})
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert f"{LAST_YEAR}年3月" in ws["A2"].value
    assert ["收入合计", None, 0] in values and ["支出合计", None, 2800] in values
    assert client.get(reverse("finaudit:report_categories_pdf"), {"org": "SCH"}).content[:5] == b"%PDF-"


def test_reports_of_a_union_out_of_scope_are_not_found(client, school_books, users, member_user):
    login(client, users.outsider)
    assert client.get(reverse("finaudit:report_monthly_xlsx"), {"org": "SCH"}).status_code == 404
    login(client, member_user)
    assert client.get(reverse("finaudit:report_monthly_pdf")).status_code == 403
