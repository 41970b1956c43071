"""Forms that know the date: one month picker and one date picker (gonghui.core.forms), defaulting to the
current month / today in Asia/Shanghai, used by the dues, funds, finaudit, ledger and plans forms."""
import datetime
import re

import pytest
from django import forms as django_forms
from django.utils import timezone

from gonghui.core import forms as core_forms
from gonghui.dues import forms as dues_forms
from gonghui.dues import months
from gonghui.dues.models import WageBaseChange
from gonghui.finaudit import forms as finaudit_forms
from gonghui.funds import forms as funds_forms
from gonghui.ledger import forms as ledger_forms
from gonghui.plans import forms as plans_forms

from .conftest import login

# 2026-03-31 16:30 UTC is already 2026-04-01 00:30 in Shanghai: the month and the day have turned over.
SHANGHAI_APRIL_FIRST = datetime.datetime(2026, 3, 31, 16, 30, tzinfo=datetime.timezone.utc)


@pytest.fixture
def april_first(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: SHANGHAI_APRIL_FIRST)


def value_of(bound_field):
    html = str(bound_field)
    found = re.search(r'value="([^"]*)"', html)
    return found.group(1) if found else None


def input_type(bound_field):
    return re.search(r'type="([^"]+)"', str(bound_field)).group(1)


def test_the_defaults_follow_the_calendar_in_shanghai_not_utc(april_first):
    assert core_forms.today() == datetime.date(2026, 4, 1)
    assert core_forms.this_month() == datetime.date(2026, 4, 1)
    assert core_forms.last_month() == datetime.date(2026, 3, 1)


def test_the_month_picker_shows_the_current_month_as_yyyy_mm(april_first):
    class Form(django_forms.Form):
        month = core_forms.MonthField(label="m")
        day = core_forms.DateField(label="d")

    form = Form()
    assert input_type(form["month"]) == "month" and value_of(form["month"]) == "2026-04"
    assert 'placeholder="2026-04"' in str(form["month"])
    assert input_type(form["day"]) == "date" and value_of(form["day"]) == "2026-04-01"
    # a posted picker value goes on to the actions as the text it is
    bound = Form({"month": "2025-12", "day": "2025-12-31"})
    assert bound.is_valid() and bound.cleaned_data == {"month": "2025-12", "day": "2025-12-31"}


def test_the_defaults_are_computed_when_the_form_is_shown_not_at_import(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2026, 7, 15, 4, tzinfo=datetime.timezone.utc))
    assert value_of(dues_forms.WageForm()["effective_from"]) == "2026-07"
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2026, 8, 15, 4, tzinfo=datetime.timezone.utc))
    assert value_of(dues_forms.WageForm()["effective_from"]) == "2026-08"


def test_dues_forms_use_month_pickers_with_the_domain_defaults(april_first):
    # dues are run for the month just ended
    assert value_of(dues_forms.RunForm()["month"]) == "2026-03"
    assert value_of(dues_forms.RunAllForm()["month"]) == "2026-03"
    assert value_of(dues_forms.PolicyForm()["effective_from"]) == "2026-04"
    assert value_of(dues_forms.WageForm()["effective_from"]) == "2026-04"
    exemption = dues_forms.ExemptionForm()
    assert value_of(exemption["start_month"]) == "2026-04" and value_of(exemption["end_month"]) is None
    assert value_of(dues_forms.RemittanceForm()["paid_at"]) == "2026-04-01"
    for form in (dues_forms.RunForm(), dues_forms.PolicyForm(), dues_forms.WageForm(), dues_forms.ExemptionForm()):
        for name, field in form.fields.items():
            if "month" in name or name == "effective_from":
                assert isinstance(field, core_forms.MonthField), name
                assert input_type(form[name]) == "month", name


def test_finaudit_periods_use_the_shared_picker_and_still_read_older_spellings(april_first):
    form = finaudit_forms.PeriodForm(initial={"start": (2026, 1)})
    assert isinstance(form.fields["start"], core_forms.MonthField)
    assert input_type(form["start"]) == "month" and value_of(form["start"]) == "2026-01"
    assert value_of(form["end"]) is None  # a period's end has no sensible default
    bound = finaudit_forms.PeriodForm({"start": "2026年1月", "end": "2026-03"})
    assert bound.is_valid(), bound.errors
    assert (bound.cleaned_data["start_date"], bound.cleaned_data["end_date"]) == (
        datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))


def test_funds_ledger_and_plans_dates_default_to_today(april_first):
    assert value_of(funds_forms.EntryForm()["date"]) == "2026-04-01"
    assert value_of(funds_forms.ReturnForm()["date"]) == "2026-04-01"
    assert value_of(ledger_forms.VoucherForm()["date"]) == "2026-04-01"
    assert value_of(ledger_forms.ReverseForm()["date"]) == "2026-04-01"
    period = ledger_forms.PeriodForm()
    assert input_type(period["month"]) == "month" and value_of(period["month"]) == "2026-03"
    assert value_of(plans_forms.StatusForm()["done_at"]) == "2026-04-01"
    # an explicit initial (the task's own completion date, or none) wins over the default
    assert value_of(plans_forms.StatusForm(initial={"done_at": None})["done_at"]) is None
    assert value_of(plans_forms.StatusForm(initial={"done_at": datetime.date(2026, 2, 3)})["done_at"]) == "2026-02-03"


def test_the_wage_page_offers_a_month_picker_on_this_month_and_accepts_its_value(client, users, members):
    client = login(client, users.chair)
    page = client.get("/finance/dues/wages/?org=SCH").content.decode()
    this_month = months.iso(months.current_month())
    assert re.search(rf'<input type="month" name="effective_from" value="{this_month}"', page), page
    response = client.post("/finance/dues/wages/?org=SCH", {"member_no": members.wang.member_no, "wage_base": "6000",
                                                     "effective_from": this_month, "source": "payroll", "note": ""})
    assert response.status_code == 302
    change = WageBaseChange.objects.get()
    assert change.effective_from == months.current_month()
