"""The rules of safety supervision as worked examples: the default rectification deadline (core.periods), the
安康杯 weighted total and ranking, and pictures recognised by their bytes, not their names."""
import datetime
from decimal import Decimal

from gonghui.core import uploads
from gonghui.safety import actions
from gonghui.safety.scoring import weighted_total

from .safety_fixtures import picture


def test_a_general_hazard_assigned_on_16_september_is_due_after_the_national_day_holiday():
    deadline = actions.default_deadline("general", datetime.date(2026, 9, 16))
    assert deadline.day == datetime.date(2026, 10, 8)
    assert not deadline.provisional


def test_a_major_hazard_gets_thirty_days():
    assert actions.default_deadline("major", datetime.date(2026, 3, 2)).day == datetime.date(2026, 4, 1)


def test_the_weighted_total_of_the_worked_example():
    indicators = [(1, Decimal("40"), Decimal("100")), (2, Decimal("60"), Decimal("50"))]
    assert weighted_total({1: Decimal("90"), 2: Decimal("40")}, indicators) == Decimal("84.00")
    assert weighted_total({1: Decimal("80"), 2: Decimal("45")}, indicators) == Decimal("86.00")
    assert weighted_total({}, indicators) is None


def test_pictures_are_recognised_by_their_first_bytes():
    assert uploads.image_kind(picture("PNG").read()) == "png"
    assert uploads.image_kind(picture("JPEG").read()) == "jpeg"
    assert uploads.image_kind(b"GIF89a....") is None
    assert uploads.image_kind(b"<script>") is None
