"""The clocks of members' requests: an answer within a number of working days (official holiday calendar,
``core.periods``), and escalation to the upper union when it is overdue.

▶ submitted 2026-09-24, 15 working days → due 2026-10-22 (25 Sept Mid-Autumn and 1–7 Oct are off; Saturday
10 Oct is a make-up working day and counts). A year the calendar does not cover is counted Monday–Friday and
the due date is marked provisional.
"""
from gonghui.core import periods

ANSWER_WORKING_DAYS = 15    # the default; a union sets its own (``Routing``) within the bounds below
MIN_ANSWER_DAYS, MAX_ANSWER_DAYS = 1, 60
MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
ATTACHMENT_SUFFIXES = {".pdf", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".doc", ".docx", ".txt"}


def answer_due(start, working_days=ANSWER_WORKING_DAYS) -> periods.Deadline:
    return periods.add_working_days(start, working_days)


def overdue(due, today) -> bool:
    return today > due
