"""Demo women workers' records through ``women.actions``: each featured union's women's committee (the school's
term ending within the next two months, so the inbox reminds of it), pregnancies (one 7 months on: the
no-overtime reminder), births with their leave (one in 广东's rule, one back at work and breastfeeding), a
miscarriage, and a nursing room with a year of monthly uses."""
import datetime

from gonghui.core.errors import ActionError
from gonghui.members.models import Member, Sex, Status

from . import actions

FACILITIES = ["lock", "seat", "table", "fridge", "sink", "socket", "curtain"]


def _try(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except ActionError:
        return None


def populate(ctx):
    for key in ("school", "factory"):
        union, officer = ctx.unions.get(key), ctx.users.get(f"{key}_officer")
        if union is not None and officer is not None:
            _union(ctx, key, union, officer)


def _union(ctx, key, union, officer):
    rng, today = ctx.rng, ctx.today
    women = list(Member.objects.filter(union=union, status=Status.ACTIVE, sex=Sex.FEMALE).order_by("pk")[:60])
    if len(women) < 6:
        return
    # The school's term ends within two months (an inbox item); the factory's runs on.
    term_end = today + datetime.timedelta(days=50) if key == "school" else today.replace(year=today.year + 3)
    term_start = term_end.replace(year=term_end.year - 5) + datetime.timedelta(days=1)
    _try(actions.save_committee, officer, union, established_on=term_start, term_start=term_start, term_end=term_end,
         members=[{"member": women[0], "is_chair": True}, {"member": women[1], "post": "副主任"},
                  {"member": women[2]}, {"member": women[3]}, {"name": "法律顾问（外聘）", "post": "委员"}])
    young = [w for w in women if w.birth_date and 24 <= (today - w.birth_date).days // 365 <= 40] or women
    picks = rng.sample(young, min(len(young), 5))
    steps = [
        lambda w: actions.register_pregnancy(officer, w, due_date=today + datetime.timedelta(days=40),
                                             notes="孕晚期，建议安排日间工作"),
        lambda w: actions.register_pregnancy(officer, w, due_date=today + datetime.timedelta(days=150)),
        lambda w: actions.record_birth(officer, w, birth_date=today - datetime.timedelta(days=60),
                                       leave_start=today - datetime.timedelta(days=65), province="广东"),
        lambda w: actions.record_birth(officer, w, birth_date=today - datetime.timedelta(days=200),
                                       leave_start=today - datetime.timedelta(days=207), difficult=True),
        lambda w: actions.record_miscarriage(officer, w, day=today - datetime.timedelta(days=20), months=2),
    ]
    for member, step in zip(picks, steps):
        _try(step, member)
    room = _try(actions.save_room, officer, union, name="爱心妈咪小屋", location="行政楼二层",
                opened_on=datetime.date(today.year - 1, 3, 8), hours="工作日 8:00—18:00", facilities=FACILITIES,
                area=rng.randint(8, 20))
    if room is None:
        return
    month = datetime.date(today.year - 1, today.month, 1)
    while month <= today:
        if month >= room.opened_on.replace(day=1):
            _try(actions.record_use, officer, room, month=month, visits=rng.randint(15, 60))
        month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
