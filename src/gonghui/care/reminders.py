"""What is coming up for the care officer: birthdays in the next 30 days, re-verifications due in 60."""
import datetime
from dataclasses import dataclass

from gonghui.members.models import Member, Status

from .models import HardshipFile
from .queries import birthday_window, next_birthday, subtree

BIRTHDAY_DAYS = 30
REVERIFY_DAYS = 60


@dataclass
class Upcoming:
    birthdays: list       # members, each with .next_birthday, .turning and .round_number
    reverifications: list  # open hardship files due (or overdue) within the window, with .overdue


def upcoming(union, today, *, limit=200):
    """Reminders for ``union`` (or any organisation: its subtree); two queries."""
    members = list(Member.objects.filter(org__in=subtree(union), status__in=[Status.ACTIVE, Status.RETAINED])
                   .filter(birthday_window(today, BIRTHDAY_DAYS)).select_related("org")[:limit * 2])
    for m in members:
        m.next_birthday = next_birthday(m.birth_date, today)
        m.turning = m.next_birthday.year - m.birth_date.year
        m.round_number = m.turning >= 20 and m.turning % 10 == 0
    members.sort(key=lambda m: (m.next_birthday, m.pk))
    due_by = today + datetime.timedelta(days=REVERIFY_DAYS)
    files = list(HardshipFile.objects.filter(org__in=subtree(union), status=HardshipFile.Status.ACTIVE,
                                             next_verification__lte=due_by)
                 .select_related("member", "org").order_by("next_verification", "id")[:limit])
    for f in files:
        f.overdue = f.next_verification < today
    return Upcoming(members[:limit], files)
