"""Properties of the rules, checked by hypothesis over many generated cases rather than a few worked examples:
dues (DOMAIN §2), per-person spending caps (§4), vote counting (§6, §7) and legal deadlines (§14).

Each property restates the rule in a second, independent way (integer arithmetic, a day-by-day count) and
asserts that the product's function agrees on every case hypothesis draws. The number of examples is bounded
so the module stays a few seconds in CI; a failure prints the smallest case that breaks the rule.
"""
import datetime
from decimal import Decimal

import chinese_calendar
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.congress import rules as congress
from gonghui.core import periods
from gonghui.core.errors import ActionError
from gonghui.elections import rules as elections
from gonghui.members.dues import monthly_dues
from gonghui.spending import actions as spending
from gonghui.spending.models import Benefit

from .spending_fixtures import anhui  # noqa: F401

D = Decimal
FEN = D("0.01")
BOUNDED = settings(max_examples=200, deadline=None)

# ---- dues (DOMAIN §2): 0.5% of the wage base with the part under 10 yuan dropped, to the fen ----

wage_bases = st.decimals(min_value=D("0.00"), max_value=D("9999999.99"), places=2)


@BOUNDED
@given(wage_bases)
def test_dues_are_half_a_percent_of_the_base_rounded_down_to_ten_yuan_and_need_no_rounding(base):
    whole_tens = int(base) // 10 * 10
    # 0.5% of a multiple of 10 yuan is a multiple of 5 fen: exact, never rounded.
    assert monthly_dues(base) == (D(whole_tens) / 200).quantize(FEN)
    assert monthly_dues(base) * 200 == whole_tens


@BOUNDED
@given(wage_bases, wage_bases)
def test_a_higher_wage_base_never_pays_less_and_the_same_ten_yuan_band_pays_the_same(a, b):
    low, high = sorted((a, b))
    assert monthly_dues(low) <= monthly_dues(high)
    if int(low) // 10 == int(high) // 10:
        assert monthly_dues(low) == monthly_dues(high)


@BOUNDED
@given(wage_bases)
def test_dues_never_exceed_half_a_percent_of_the_base_and_fall_short_by_less_than_five_fen(base):
    fee = monthly_dues(base)
    assert fee >= 0 and fee.as_tuple().exponent == -2
    assert fee <= base * D("0.005")
    assert base * D("0.005") - fee < D("0.05")


@BOUNDED
@given(st.decimals(min_value=D("-99999"), max_value=D("0"), places=2) | st.none())
def test_no_base_or_a_non_positive_one_owes_nothing(base):
    assert monthly_dues(base) == D("0.00")


# ---- vote counting (DOMAIN §7 congress, §6 elections): integer arithmetic, never a float ----

totals = st.integers(min_value=1, max_value=100_000)


@BOUNDED
@given(st.data())
def test_a_congress_resolution_passes_iff_more_than_half_of_all_delegates_vote_for_it(data):
    total = data.draw(totals)
    present = data.draw(st.integers(min_value=0, max_value=total))
    votes_for = data.draw(st.integers(min_value=0, max_value=present))
    assert (votes_for >= congress.votes_needed(total)) == (2 * votes_for > total)
    # the basis is all delegates, not those present: the same votes pass or fail whoever stayed away
    assert congress.votes_needed(total) == total // 2 + 1


@BOUNDED
@given(totals, st.integers(min_value=0, max_value=100_000))
def test_the_congress_quorum_is_the_least_number_present_that_is_two_thirds_of_all(total, present):
    present = min(present, total)
    assert (present >= congress.quorum(total)) == (3 * present >= 2 * total)
    assert congress.special_session_requests(total) * 3 >= total > (congress.special_session_requests(total) - 1) * 3


@BOUNDED
@given(st.data())
def test_an_election_threshold_is_more_than_half_of_the_chosen_basis_and_the_quorum_two_thirds(data):
    entitled = data.draw(totals)
    present = data.draw(st.integers(min_value=0, max_value=entitled))
    votes = data.draw(st.integers(min_value=0, max_value=present))
    assert (votes >= elections.threshold(entitled, present)) == (2 * votes > entitled)
    assert (votes >= elections.threshold(entitled, present, "present")) == (2 * votes > present)
    assert (present >= elections.quorum(entitled)) == (3 * present >= 2 * entitled)
    assert elections.removal_passes(votes, entitled) == (2 * votes > entitled)


@BOUNDED
@given(st.integers(min_value=1, max_value=10_000))
def test_competitive_elections_need_the_fewest_candidates_that_are_at_least_five_percent_more_than_seats(seats):
    need = elections.required_candidates(seats)
    assert need * 100 >= seats * 105 > (need - 1) * 100


tallies = st.dictionaries(st.integers(min_value=1, max_value=40), st.integers(min_value=0, max_value=60),
                          max_size=15)


@BOUNDED
@given(tallies, st.integers(min_value=1, max_value=8), st.integers(min_value=0, max_value=61), st.randoms())
def test_the_count_elects_only_those_reaching_the_threshold_never_too_many_and_in_any_tally_order(
        tally, seats, needed, rnd):
    outcome = elections.count(tally, seats, needed)
    chosen = outcome.elected + outcome.tied
    assert all(tally[k] >= needed for k in chosen)
    assert len(outcome.elected) <= seats and len(set(chosen)) == len(chosen)
    # nobody left out has more votes than someone elected
    out = [k for k in tally if k not in outcome.elected]
    if outcome.elected:
        assert all(tally[k] <= min(tally[e] for e in outcome.elected) for k in out)
    if outcome.tied:
        # a tie at the last seat: all tied have the same votes, more of them than seats left for them
        assert len({tally[k] for k in outcome.tied}) == 1 and len(outcome.tied) > outcome.tie_seats > 0
        assert len(outcome.elected) + outcome.tie_seats == seats and outcome.short == 0
    else:
        reaching = [k for k in tally if tally[k] >= needed]
        assert len(outcome.elected) == min(len(reaching), seats) or len(reaching) > seats
        assert outcome.short == max(seats - len(outcome.elected), 0)
    shuffled = list(tally.items())
    rnd.shuffle(shuffled)
    assert elections.count(dict(shuffled), seats, needed).as_dict() == outcome.as_dict()


# ---- deadlines (DOMAIN §14): counted from the day after, ending on a working day ----

starts = st.dates(min_value=datetime.date(2005, 1, 1), max_value=datetime.date(2031, 12, 31))
spans = st.integers(min_value=0, max_value=120)


def working(day):
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the official calendar does not cover: Monday–Friday
        return day.weekday() < 5


@BOUNDED
@given(starts, spans)
def test_a_period_in_days_ends_on_the_first_working_day_from_its_last_calendar_day(start, days):
    end = periods.add_days(start, days).day
    last = start + datetime.timedelta(days=days)
    assert end >= last and working(end)
    assert all(not working(last + datetime.timedelta(days=i)) for i in range((end - last).days))


@BOUNDED
@given(starts, spans)
def test_working_days_equal_a_day_by_day_count_of_the_official_calendar(start, days):
    end = periods.add_working_days(start, days).day
    counted = sum(working(start + datetime.timedelta(days=i)) for i in range(1, (end - start).days + 1))
    assert counted == days
    assert days == 0 or working(end)  # never lands on a holiday or a rest day


@BOUNDED
@given(starts, spans, spans)
def test_longer_periods_never_end_earlier_and_a_later_start_never_ends_earlier(start, a, b):
    short, long = sorted((a, b))
    assert periods.add_days(start, short).day <= periods.add_days(start, long).day
    assert periods.add_working_days(start, short).day <= periods.add_working_days(start, long).day
    later = start + datetime.timedelta(days=1)
    assert periods.add_working_days(start, a).day <= periods.add_working_days(later, a).day
    assert periods.add_days(start, a).day <= periods.add_days(later, a).day


@BOUNDED
@given(starts, spans)
def test_a_result_is_provisional_exactly_when_an_uncovered_year_was_counted(start, days):
    result = periods.add_working_days(start, days)
    uncovered = any(not periods.covered(start + datetime.timedelta(days=i))
                    for i in range(1, (result.day - start).days + 1))
    assert result.provisional == uncovered


# ---- spending caps (DOMAIN §4): no sequence of expenses recorded within the rules passes a yearly cap ----

FESTIVAL_CAP = D("2000")  # 安徽（修订）: festival gifts at most 2,000 a year per member
expenses = st.lists(st.tuples(st.sampled_from(["春节", "端午节", "中秋节", "国庆节", "元旦"]),
                              st.decimals(min_value=D("0.01"), max_value=D("1500"), places=2),
                              st.integers(min_value=1, max_value=3),      # which members: bits of (wang, zhao)
                              st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2026, 12, 31))),
                    min_size=1, max_size=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(expenses)
def test_expenses_recorded_without_a_sign_off_never_take_a_member_past_the_yearly_cap(tree, users, members, anhui,
                                                                                      sequence):
    with transaction.atomic():
        for festival, amount, who, day in sequence:
            chosen = [m for bit, m in ((1, members.wang), (2, members.zhao)) if who & bit]
            try:
                spending.record_expense(users.finance, tree.school, kind="festival", festival=festival,
                                        members=chosen, amount_per_person=amount, date=day, description="慰问品")
            except ActionError as refused:
                # refused only for going past the cap, and then nothing was written for anyone
                assert "上限" in str(refused.message_dict)
        given_per_member = {}
        for member_id, amount in Benefit.objects.filter(kind="festival").values_list("member_id", "amount"):
            given_per_member[member_id] = given_per_member.get(member_id, D("0")) + amount
        assert all(total <= FESTIVAL_CAP for total in given_per_member.values()), given_per_member
        # and the check let through every expense that fitted: a member can always reach the cap exactly
        for member in (members.wang, members.zhao):
            left = FESTIVAL_CAP - given_per_member.get(member.pk, D("0"))
            if left > 0:
                spending.record_expense(users.finance, tree.school, kind="festival", festival="国庆节",
                                        members=[member], amount_per_person=left, date=datetime.date(2026, 10, 1),
                                        description="慰问品")
        assert sum(Benefit.objects.filter(kind="festival", member=members.wang).values_list("amount", flat=True),
                   D("0")) == FESTIVAL_CAP
        transaction.set_rollback(True)
