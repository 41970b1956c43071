"""The pure rules of a competition: reading scores, adding rounds, ranking with ties, prizes."""
from decimal import Decimal as D

import pytest

from gonghui.contests.scoring import (BEST, COUNT, HIGHER, LOWER, POINTS, RANK, SUM, THRESHOLD, TIME, Rule,
                                      ScoreError, allocate, combine, format_score, parse_score, rank)


@pytest.mark.parametrize("raw, value", [("1:02.35", D("62.35")), ("62.35", D("62.35")), ("1分02.35秒", D("62.35")),
                                        ("0:59.9", D("59.90")), ("1:00:05.5", D("3605.50")), (" 9.875 ", D("9.875")),
                                        ("62.35秒", D("62.35"))])
def test_a_time_typed_as_minutes_and_seconds_or_as_seconds_becomes_decimal_seconds(raw, value):
    assert parse_score(raw, TIME) == value


@pytest.mark.parametrize("raw, message", [("快", "“快”不是时间，请输入时间，如1:02.35或62.35（秒）"),
                                          ("1:75", "“1:75”不是有效时间：秒和分应小于60")])
def test_a_time_that_is_not_one_is_refused_in_chinese(raw, message):
    with pytest.raises(ScoreError) as err:
        parse_score(raw, TIME)
    assert str(err.value) == message


def test_a_count_is_a_whole_number_and_may_carry_its_unit():
    assert parse_score("30", COUNT) == D("30") and parse_score("30个", COUNT) == D("30")
    assert parse_score(42, COUNT) == D("42") and parse_score(42.0, COUNT) == D("42")
    with pytest.raises(ScoreError, match="计数成绩应为整数"):
        parse_score("30.5", COUNT)


@pytest.mark.parametrize("raw", ["三十", "abc", "30个半", "1,2"])
def test_a_score_typed_as_text_asks_for_a_number(raw):
    with pytest.raises(ScoreError) as err:
        parse_score(raw, COUNT)
    assert str(err.value) == "请输入数字"


def test_points_keep_two_places_and_negative_scores_are_refused():
    assert parse_score("8.5", POINTS) == D("8.50")
    with pytest.raises(ScoreError, match="得分最多保留两位小数"):
        parse_score("8.555", POINTS)
    with pytest.raises(ScoreError, match="成绩不能为负数"):
        parse_score("-1", POINTS)


def test_a_blank_score_is_no_score():
    assert parse_score("", COUNT) is None and parse_score(None, TIME) is None and parse_score("  ", POINTS) is None


def test_scores_are_shown_the_way_they_are_typed():
    assert format_score(D("62.35"), TIME) == "1:02.35"
    assert format_score(D("9.5"), TIME) == "9.50"
    assert format_score(D("30"), COUNT) == "30"
    assert format_score(D("8.5"), POINTS) == "8.50"


def test_rounds_accumulate_by_sum_or_keep_the_best_round():
    assert combine([D("30"), D("28"), None], SUM) == D("58")
    assert combine([D("30"), D("28")], BEST, HIGHER) == D("30")
    assert combine([D("62.35"), D("60.10")], BEST, LOWER) == D("60.10")
    assert combine([None, None], SUM) is None


def test_ranking_is_standard_competition_ranking_with_ties_marked():
    standings = rank([("a", 40), ("b", 35), ("c", 35), ("d", 30), ("e", None)], HIGHER)
    assert [(s.key, s.rank, s.tied) for s in standings] == [
        ("a", 1, False), ("b", 2, True), ("c", 2, True), ("d", 4, False), ("e", None, False)]


def test_for_times_the_lowest_is_first():
    standings = rank([("a", D("62.35")), ("b", D("59.90")), ("c", D("62.35"))], LOWER)
    assert [(s.key, s.rank) for s in standings] == [("b", 1), ("a", 2), ("c", 2)]


PRIZES = [Rule(1, "一等奖", RANK, count=1), Rule(2, "二等奖", RANK, count=1), Rule(3, "三等奖", RANK, count=1),
          Rule(4, "纪念品", THRESHOLD, threshold=D("30"))]


def test_rope_skipping_first_second_third_and_a_souvenir_for_30_skips():
    """The seed plan: 跳绳 1分钟计个数，一、二、三等奖各1名，累加个数30个获纪念品一份."""
    standings = rank([("王", 152), ("赵", 148), ("张", 131), ("刘", 29), ("孙", 30)], HIGHER)
    prizes = allocate(standings, PRIZES, HIGHER)
    assert [(p.level, p.competitor) for p in prizes] == [
        ("一等奖", "王"), ("二等奖", "赵"), ("三等奖", "张"),
        ("纪念品", "王"), ("纪念品", "赵"), ("纪念品", "张"), ("纪念品", "孙")]


def test_two_tied_for_first_both_get_first_prize_and_nobody_gets_second():
    standings = rank([("a", 50), ("b", 50), ("c", 40), ("d", 30)], HIGHER)
    prizes = allocate(standings, PRIZES[:3], HIGHER)
    assert [(p.level, p.competitor, p.rank, p.tied) for p in prizes] == [
        ("一等奖", "a", 1, True), ("一等奖", "b", 1, True), ("三等奖", "c", 3, False)]


def test_a_tie_at_the_last_place_gives_the_prize_to_everyone_tied():
    standings = rank([("a", 50), ("b", 40), ("c", 30), ("d", 30), ("e", 20)], HIGHER)
    prizes = allocate(standings, PRIZES[:3], HIGHER)
    assert [(p.level, p.competitor) for p in prizes] == [("一等奖", "a"), ("二等奖", "b"), ("三等奖", "c"),
                                                          ("三等奖", "d")]


def test_a_threshold_for_times_is_reached_at_or_under_it():
    standings = rank([("a", D("58")), ("b", D("61"))], LOWER)
    prizes = allocate(standings, [Rule(9, "达标奖", THRESHOLD, threshold=D("60"))], LOWER)
    assert [p.competitor for p in prizes] == ["a"]
