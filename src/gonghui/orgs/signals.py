"""Signals other apps listen to, sent by ``orgs.actions`` inside the action's transaction.

``union_changed(orgs=<queryset>, union_id=<id>)``: these branches and groups now belong to another
grassroots union (a subtree moved). Receivers bring their rows along (the roster moves its members'
union) and may refuse with an ``ActionError``; they run in the same transaction, so a refusal rolls the
whole move back.
"""
from django.dispatch import Signal

union_changed = Signal()
