"""Every change to events, sign-ups, teams, check-ins, notices, the brief and the event's costs goes
through one of these functions: scope check (RUN_EVENTS at the event's organiser, or the member acting
for themselves), validation, write and audit row in one transaction, so a refused change leaves nothing
behind. One module per subject, the public names re-exported here, so callers write
``from gonghui.activities import actions; actions.sign_up(...)``:

- ``events`` — an event set up, changed, opened for sign-up, closed, cancelled, finished, deleted, restored;
- ``rules`` — who may take part (eligibility rules);
- ``signup`` — sign-up and cancellation, the waiting list promoted first come, first served;
- ``messages`` — notices to the participants;
- ``teams`` — teams made, filled and checked against the composition rule;
- ``checkin`` — check-in at the door while the event's window is open, late attendance recorded by an
  officer with a reason, and their undoing;
- ``brief`` — the activity brief: its text and photos;
- ``costs`` — the event's own spending, within its budget and the spending rules;
- ``_common`` — what they share (field labels, reading a time, the organiser's union, the event lock).

Every rule about an event (its status, its places, a member signed up or checked in once, a team's name
and size, its budget) is checked under the event row's lock (``_common.lock_event``), so two changes at
once take turns instead of both passing the check; the database's unique constraints back the
once-only rules up, and a clash is refused with the same message as the check.

Read-only helpers (participation, an event's budget, its teams' problems) are in ``activities.queries``;
the signed check-in code is in ``activities.codes``.
"""
from ._common import LABELS, parse_datetime, union_of
from .brief import MAX_PHOTO_BYTES, add_photo, delete_photo, save_summary
from .checkin import check_in, record_late_attendance, undo_check_in
from .costs import COST_KINDS, COST_MEMBERS, cancel_event_cost, record_event_cost
from .events import (EVENT_FIELDS, cancel_event, close_signup, create_event, delete_event, finish_event,
                     publish_event, restore_event, update_event)
from .messages import notify_participants
from .rules import set_rules
from .signup import cancel_registration, sign_up
from .teams import assign_team, confirm_teams, create_team, delete_team, teams_by_department

__all__ = [
    "LABELS", "parse_datetime", "union_of",
    "EVENT_FIELDS", "create_event", "update_event", "publish_event", "close_signup", "cancel_event", "finish_event",
    "delete_event", "restore_event",
    "set_rules",
    "sign_up", "cancel_registration",
    "notify_participants",
    "create_team", "delete_team", "teams_by_department", "assign_team", "confirm_teams",
    "check_in", "record_late_attendance", "undo_check_in",
    "MAX_PHOTO_BYTES", "save_summary", "add_photo", "delete_photo",
    "COST_KINDS", "COST_MEMBERS", "record_event_cost", "cancel_event_cost",
]
