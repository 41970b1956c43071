"""The arithmetic of a star rating (``ratings.rules``): the total as a share of the possible points, the stars
of a band table, the checks a band table passes, and the points of an indicator bound to a figure."""
from decimal import Decimal as D

import pytest

from gonghui.core.errors import ActionError
from gonghui.ratings.rules import BandRow, check_bands, computed_points, stars_for, total

BANDS = [BandRow(5, D(90), D(100)), BandRow(4, D(80), D(90)), BandRow(3, D(70), D(80)), BandRow(2, D(60), D(70))]


def test_five_indicators_of_twenty_points_scored_18_20_15_19_20_total_92_and_earn_five_stars():
    score = total([(18, 20, 1), (20, 20, 1), (15, 20, 1), (19, 20, 1), (20, 20, 1)])
    assert score == D("92.00")
    assert stars_for(score, BANDS) == 5


def test_weights_count_each_indicator_times_its_weight():
    assert total([(8, 10, 2), (30, 40, 1)]) == D("76.67")


def test_a_missing_score_counts_as_zero_and_no_possible_points_is_no_total():
    assert total([(None, 50, 1), (50, 50, 1)]) == D("50.00")
    assert total([]) is None


def test_a_band_holds_its_minimum_not_its_maximum_except_one_ending_at_100():
    assert stars_for(D(90), BANDS) == 5
    assert stars_for(D("89.99"), BANDS) == 4
    assert stars_for(D(100), BANDS) == 5
    assert stars_for(D(50), BANDS) is None


def test_overlapping_bands_are_refused_naming_both():
    with pytest.raises(ActionError) as exc:
        check_bands([BandRow(5, D(85), D(100)), BandRow(4, D(80), D(90))])
    assert exc.value.message_dict["bands"] == ["分数段重叠：4星（80–90）与5星（85–100）"]


def test_bands_outside_0_to_100_repeated_stars_and_fewer_stars_for_more_points_are_refused():
    with pytest.raises(ActionError) as exc:
        check_bands([BandRow(5, D(90), D(110)), BandRow(4, D(50), D(60)), BandRow(4, D(60), D(70))])
    messages = exc.value.message_dict["bands"]
    assert "第1个分数段：分数应在0至100之间，且最低分小于最高分" in messages
    assert "4星的分数段重复" in messages
    with pytest.raises(ActionError) as exc:
        check_bands([BandRow(3, D(90), D(100)), BandRow(4, D(80), D(90))])
    assert exc.value.message_dict["bands"] == ["分数越高星级应越高：3星的分数段高于4星"]


def test_a_computed_indicator_gets_full_marks_when_its_figure_reaches_the_threshold():
    assert computed_points(D("96.50"), D(95), D(5)) == D(5)
    assert computed_points(D("94.99"), D(95), D(5)) == D(0)
    assert computed_points(2, None, D(6)) == D(6)
    assert computed_points(0, None, D(6)) == D(0)
    assert computed_points(None, D(95), D(5)) is None
