"""Signals other apps listen to, sent by ``members.actions`` inside the action's transaction.

``members_changed(member_ids=[...], fields={...})``: the organisation or the sex of these members changed
(move, transfer in, an edit, an import). Receivers keep their copies of those values current (e.g. the
activities participation summary) and run in the same transaction, so a failure rolls the change back.
"""
from django.dispatch import Signal

members_changed = Signal()

#: The member fields whose change ``members_changed`` reports.
WATCHED = frozenset({"org", "sex"})
