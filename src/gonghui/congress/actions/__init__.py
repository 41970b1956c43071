"""Every change to the congress goes through one of these functions: scope check, validation, write and
audit row in one transaction. One module per subject, the public names re-exported here, so callers write
``from gonghui.congress import actions; actions.create_session(...)``:

- ``union_settings`` — a union's congress settings;
- ``terms``, ``delegates`` — a term (届) and its delegate list, confirmed against the composition rules;
- ``constituencies`` — delegates elected by constituency (选区选举), by-elections;
- ``sessions`` — sessions (次), sign-in, the papers sent ahead;
- ``votes`` — resolutions and their votes (open or secret), paper totals, the count;
- ``proposals`` — proposals from writing to the proposer's rating of the answer;
- ``evaluations`` — democratic evaluation of the leaders (secret);
- ``special`` — delegates' requests for a special session;
- ``_common`` — what they share (audit field lists, input checks, row locks, delegate and quorum checks).

Read-only helpers (settings in force, who is a delegate, attendance, tallies) are in ``congress.queries``.

Self-service actions (sign in, propose, co-sign, vote, evaluate, rate an answer) are done by the
delegate themself: the actor must be the member linked to a delegate of the session's term. Officers
holding RUN_CONGRESS run the rest and may sign delegates in at the door and enter paper ballots.

Secret ballots go through ``core.ballots`` (its docstring is the secrecy policy): ``cast_vote`` writes a
``VoterMark`` (who voted; unique) and a ``SecretBallot`` (what was chosen; chained) in one transaction
under the resolution's lock, and closing seals the chain. No audit row is written per secret vote — an
audit row's time and order would link the voter to the ballot's place in the chain; opening and closing
the vote are audited with the counts and the sealed chain's head digest.
"""
from .constituencies import confirm_election, create_election, enter_election_result, start_by_election
from .delegates import add_delegate, confirm_delegates, remove_delegate
from .evaluations import (cast_evaluation, close_evaluation, create_evaluation, open_evaluation,
                          record_paper_evaluation)
from .proposals import (answer_proposal, assign_proposal, cosign, create_proposal, rate_answer, review_proposal,
                        submit_proposal)
from .sessions import create_session, send_papers, set_session_status, sign_in
from .special import (convene_special_session, decide_special_request, open_special_request, sign_special_request,
                      withdraw_signature)
from .terms import create_term
from .union_settings import SETTINGS_FIELDS, update_settings
from .votes import cast_vote, close_vote, create_resolution, open_vote, record_paper, reopen_void

__all__ = [
    "SETTINGS_FIELDS", "update_settings",
    "create_term", "add_delegate", "remove_delegate", "confirm_delegates",
    "create_election", "enter_election_result", "confirm_election", "start_by_election",
    "create_session", "set_session_status", "sign_in", "send_papers",
    "create_resolution", "open_vote", "cast_vote", "record_paper", "close_vote", "reopen_void",
    "create_proposal", "cosign", "submit_proposal", "review_proposal", "assign_proposal", "answer_proposal",
    "rate_answer",
    "create_evaluation", "open_evaluation", "cast_evaluation", "record_paper_evaluation", "close_evaluation",
    "open_special_request", "sign_special_request", "withdraw_signature", "convene_special_session",
    "decide_special_request",
]
