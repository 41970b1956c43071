"""Demo finance disclosures: once the books of the past months are posted (``ledger.demo.finish``),
the school's and the factory's chairs publish the half-year's figures and those of the quarter after it
(財务公开 on the notice board, members reading them on their phones). Through ``finaudit.actions``."""
import datetime

from gonghui.core.errors import ActionError

from . import actions


def populate(ctx):
    """Nothing before the books are posted; see ``finish``."""


def _periods(today):
    year = today.year
    periods = [(datetime.date(year, 1, 1), datetime.date(year, 6, 30)),
               (datetime.date(year, 7, 1), datetime.date(year, 9, 30))]
    return [(start, end) for start, end in periods if end < today]


def finish(ctx):
    for key in ("school", "factory"):
        union, chair = ctx.unions.get(key), ctx.users.get(f"{key}_chair")
        if union is None or chair is None:
            continue
        for start, end in _periods(ctx.today):
            try:
                disclosure = actions.create_disclosure(chair, union=union, start=start, end=end)
                actions.publish_disclosure(chair, disclosure)
            except ActionError:
                continue
