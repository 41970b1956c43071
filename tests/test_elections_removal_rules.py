"""The removal rule of DOMAIN.md §6: removing a chair needs more than half of ALL members or delegates."""
from gonghui.elections import rules


def test_removal_needs_more_than_half_of_all_entitled_whoever_is_present():
    # 120 entitled, 85 present (quorum 80 met): 61 votes for are needed, not 43 (half of 85).
    assert rules.quorum(120) == 80
    assert rules.removal_needed(120) == 61
    assert not rules.removal_passes(60, 120)
    assert rules.removal_passes(61, 120)


def test_an_odd_roll_needs_the_next_whole_vote_above_half():
    assert rules.removal_needed(121) == 61
    assert rules.removal_needed(1) == 1
    assert not rules.removal_passes(0, 1)
