"""Form fields every app shares: a month picker and a date picker that know today's date.

A month is entered with the browser's month picker (``<input type="month">``, value ``YYYY-MM``) and a date
with its date picker (``YYYY-MM-DD``). Both default to the current month / today in Asia/Shanghai
(``timezone.localdate()``), evaluated when the form is shown, not when the module is loaded. The fields
hand the raw text on: the rules (and their Chinese messages) stay in each app's actions, which also accept
the older spellings (2026/3, 2026年3月) a browser without a picker may send.
"""
import datetime

from django import forms
from django.utils import timezone

def today():
    return timezone.localdate()


def this_month():
    """The first day of the current month in Asia/Shanghai."""
    return timezone.localdate().replace(day=1)


def last_month():
    """The first day of the month just ended (dues are run for it)."""
    return (this_month() - datetime.timedelta(days=1)).replace(day=1)


def month_text(value):
    """``YYYY-MM`` for a date, a (year, month) pair or text already in that form; other text as it is."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, tuple) and len(value) == 2:
        return f"{int(value[0]):04d}-{int(value[1]):02d}"
    return value


class MonthInput(forms.TextInput):
    """``<input type="month">``; browsers without a picker get a text box whose placeholder is this month."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("placeholder", month_text(this_month()))
        return context

    def format_value(self, value):
        return super().format_value(month_text(value))


class DateInput(forms.DateInput):
    """``<input type="date">`` with its value as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MonthField(forms.CharField):
    """A month as raw text from the month picker, shown with ``initial`` (default: the current month)."""

    widget = MonthInput

    def __init__(self, *, initial=this_month, max_length=20, **kwargs):
        super().__init__(initial=initial, max_length=max_length, **kwargs)

    def prepare_value(self, value):
        return month_text(value)


class DateField(forms.CharField):
    """A date as raw text from the date picker, shown with ``initial`` (default: today)."""

    widget = DateInput

    def __init__(self, *, initial=today, max_length=20, **kwargs):
        super().__init__(initial=initial, max_length=max_length, **kwargs)
