"""Every change to elections, terms, offices and removal votes goes through these functions. One module per
subject, the public names re-exported here, so callers write ``from gonghui.elections import actions;
actions.nominate(...)``:

- ``elections`` — an election created, deleted, restored; its results approved and published;
- ``candidates`` — the candidate list and the delegates, approved by the upper union;
- ``ballots`` — the roll, the rounds, phone and paper ballots, the count, the shortfall decision;
- ``terms`` — committee terms (started by an election or recorded by hand);
- ``offices`` — the chair and vice-chairs in office;
- ``removal`` — removal votes (罢免) of a chair or vice-chair;
- ``_common`` — what they share (audit field lists, scope and status checks, locks, race refusals).

Read-only helpers (tallies, the chain check of a round, reports) are in ``elections.queries``.

Each checks scope (RUN_ELECTIONS at the union; the upper union's RUN_ELECTIONS for approving the
candidate list and the results), validates, writes and records the audit entry in one transaction.
Ballots go through ``core.ballots`` (its docstring is the secrecy policy): a phone ballot writes the
voter's ``VoterMark`` and the ``Ballot`` (chained after the last one, under a lock on the round) in the
same transaction, so a voter votes at most once and no ballot is lost. No audit entry is written per
phone ballot (its time and order would point at the voter); counting seals the chain and the count's
audit entry records the sealed head.

Races: every rule is checked inside the writing transaction, after locking the row it depends on (the
election for its candidates, roll and rounds; the round or removal for its ballots; the office for its
removal motions; the union for its terms and offices). A unique constraint hit all the same (a writer
that took no lock) is caught in a savepoint and refused with the check's own message, never a 500.
"""
from .ballots import (cast_ballot, close_round, decide_shortfall, enter_paper_ballot, issue_paper_ballots,
                      open_round, open_voting)
from .candidates import approve_candidates, nominate, set_delegates, withdraw_candidate
from .elections import approve_results, create_election, delete_election, publish_results, restore_election
from .offices import record_office
from .removal import (cast_removal_ballot, close_removal, create_removal, enter_removal_paper, issue_removal_ballots,
                      open_removal, set_removal_delegates, withdraw_removal)
from .terms import delete_term, record_term

__all__ = [
    "create_election", "delete_election", "restore_election", "approve_results", "publish_results",
    "nominate", "withdraw_candidate", "set_delegates", "approve_candidates",
    "open_voting", "open_round", "cast_ballot", "issue_paper_ballots", "enter_paper_ballot", "close_round",
    "decide_shortfall",
    "record_term", "delete_term",
    "record_office",
    "create_removal", "set_removal_delegates", "withdraw_removal", "open_removal", "cast_removal_ballot",
    "issue_removal_ballots", "enter_removal_paper", "close_removal",
]
