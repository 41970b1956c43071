"""Signals other apps listen to, sent by ``members.actions`` inside the action's transaction.

``members_changed(member_ids=[...], fields={...}, org_ids=[...])``: these members changed in a way other apps
copy. ``fields`` says how: ``WATCHED`` (the organisation or the sex: move, transfer in, an edit, an import) and
``COUNTED`` (what the federation's per-organisation counts hold: status, employment form, join date, deletion
or restore; ``"created"`` for new members). ``org_ids`` (optional) names organisations the members left (a
move) or, for ``"created"``, the organisations they were added to. Receivers keep their copies current (the
activities participation summary reads ``WATCHED``, ``federation.counts`` both) and run in the same
transaction, so a failure rolls the change back.
"""
from django.dispatch import Signal

members_changed = Signal()

#: The member fields whose change ``members_changed`` reports.
WATCHED = frozenset({"org", "sex"})

#: The further changes reported for the per-organisation member counts.
COUNTED = frozenset({"status", "employment_form", "join_date", "deleted_at", "created"})
