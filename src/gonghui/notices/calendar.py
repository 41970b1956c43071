"""The disclosure calendar: which items are due when, which are met, and the coverage figure.

A requirement expands into due items: a periodic one into one item per year, half, quarter or month
(its window is that period, due at its end — or on the stated day for a yearly one); a before-event
one into an item per event (due ``lead_days`` before the event, window the 60 days before that); an
after-event one into an item per event (window from the event to ``lead_days`` after it). An item is
**met** when a notice of its category was published by the union with its disclosure day inside the
window; **overdue** when its due day has passed unmet; otherwise **upcoming**.

公开覆盖面 (coverage) = met items ÷ counted items × 100%, where counted items are those whose due day
has come (or that are already met). Everything is computed for many unions with a fixed number of
queries (requirements, events, notices), whatever the number of unions.
"""
import bisect
import calendar as pycal
import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gonghui.core.metrics import percent

from .models import DisclosureEvent, DisclosureRequirement, Frequency, Notice

BEFORE_EVENT_WINDOW = 60

MET, OVERDUE, UPCOMING = "met", "overdue", "upcoming"
STATE_LABELS = {MET: gettext_noop("已公开"), OVERDUE: gettext_noop("逾期未公开"), UPCOMING: gettext_noop("待公开")}


@dataclass
class DueItem:
    union_id: int
    requirement: DisclosureRequirement
    label: str
    window_start: datetime.date
    due: datetime.date
    event: DisclosureEvent | None = None
    state: str = UPCOMING
    notice_id: int | None = None
    disclosed_on: datetime.date | None = None

    @property
    def category(self):
        return self.requirement.category

    @property
    def state_label(self):
        return _(STATE_LABELS[self.state])

    @property
    def counted(self):
        return self.state != UPCOMING


@dataclass
class Coverage:
    met: int = 0
    counted: int = 0
    overdue: int = 0
    upcoming: int = 0
    by_category: dict = field(default_factory=dict)   # category name -> Coverage

    @property
    def rate(self):
        return percent(self.met, self.counted)

    def add(self, item):
        self.met += item.state == MET
        self.counted += item.counted
        self.overdue += item.state == OVERDUE
        self.upcoming += item.state == UPCOMING


def _day(year, month, day):
    return datetime.date(year, month, min(day, pycal.monthrange(year, month)[1]))


def _month_end(year, month):
    return _day(year, month, 31)


def periodic_items(req, union_id, year):
    """The due items of a periodic requirement in one calendar year."""
    f = req.frequency
    if f == Frequency.YEARLY:
        due = _day(year, req.due_month or 12, req.due_day or 31)
        return [DueItem(union_id, req, _("%(y)s年") % {"y": year}, datetime.date(year, 1, 1), due)]
    if f == Frequency.HALF_YEARLY:
        return [DueItem(union_id, req, _("%(y)s年上半年") % {"y": year}, datetime.date(year, 1, 1),
                        datetime.date(year, 6, 30)),
                DueItem(union_id, req, _("%(y)s年下半年") % {"y": year}, datetime.date(year, 7, 1),
                        datetime.date(year, 12, 31))]
    if f == Frequency.QUARTERLY:
        return [DueItem(union_id, req, _("%(y)s年第%(q)s季度") % {"y": year, "q": q},
                        datetime.date(year, 3 * q - 2, 1), _month_end(year, 3 * q)) for q in range(1, 5)]
    if f == Frequency.MONTHLY:
        return [DueItem(union_id, req, _("%(y)s年%(m)s月") % {"y": year, "m": m}, datetime.date(year, m, 1),
                        _month_end(year, m)) for m in range(1, 13)]
    if f == Frequency.ONCE and req.due_date and req.due_date.year == year:
        return [DueItem(union_id, req, _("一次性"), datetime.date(year, 1, 1), req.due_date)]
    return []


def event_items(req, event):
    lead = req.lead_days or 0
    if req.frequency == Frequency.BEFORE_EVENT:
        due = event.date - datetime.timedelta(days=lead)
        return DueItem(event.union_id, req, event.title, due - datetime.timedelta(days=BEFORE_EVENT_WINDOW), due,
                       event=event)
    return DueItem(event.union_id, req, event.title, event.date, event.date + datetime.timedelta(days=lead),
                   event=event)


def applies(req, union):
    """The requirement's owner is the union or above it, and the union's type must disclose the category."""
    owner_ok = req.owner_id is None or union.path.startswith(req.owner.path)
    return owner_ok and req.category.required_for(union.union_type)


def requirements_for(unions):
    """Requirements of any of ``unions`` (one query), with category and owner."""
    prefixes = {u.path[:i] for u in unions for i in range(4, len(u.path) + 1, 4)}
    return list(DisclosureRequirement.objects.filter(Q(owner__isnull=True) | Q(owner__path__in=prefixes))
                .filter(category__deleted_at__isnull=True).select_related("category", "owner")
                .order_by("category__order", "id"))


def due_items(unions, start, end, today=None):
    """Every due item of ``unions`` whose due day lies in [start, end], with its state (three queries)."""
    today = today or timezone.localdate()
    unions = list(unions)
    if not unions:
        return []
    reqs = requirements_for(unions)
    ids = [u.pk for u in unions]
    items = []
    event_reqs = [r for r in reqs if r.frequency in (Frequency.BEFORE_EVENT, Frequency.AFTER_EVENT)]
    periodic = [r for r in reqs if r not in event_reqs]
    shapes = {}  # (requirement, year) -> its items' (label, window start, due): the same for every union
    for union in unions:
        mine = [r for r in periodic if applies(r, union)]
        for year in range(start.year, end.year + 1):
            for req in mine:
                key = (req.pk, year)
                if key not in shapes:
                    shapes[key] = [(i.label, i.window_start, i.due) for i in periodic_items(req, None, year)]
                items += [DueItem(union.pk, req, label, window_start, due) for label, window_start, due in shapes[key]]
    if event_reqs:
        by_union = {u.pk: u for u in unions}
        margin = datetime.timedelta(days=max((r.lead_days or 0) for r in event_reqs) + 1)
        events = DisclosureEvent.objects.filter(union_id__in=ids, date__gte=start - margin, date__lte=end + margin)
        for event in events:
            union = by_union[event.union_id]
            for req in event_reqs:
                if req.event_kind in ("", event.kind) and applies(req, union):
                    items.append(event_items(req, event))
    items = [i for i in items if start <= i.due <= end]
    _mark(items, ids, today)
    items.sort(key=lambda i: (i.due, i.requirement.category.order, i.requirement.pk, i.union_id))
    return items


def _mark(items, union_ids, today):
    if not items:
        return
    lo = min(i.window_start for i in items)
    hi = max(i.due for i in items)
    rows = (Notice.objects.filter(union_id__in=union_ids, status__in=Notice.PUBLIC, disclosed_on__gte=lo,
                                  disclosed_on__lte=hi)
            .order_by("disclosed_on", "id").values_list("union_id", "category_id", "disclosed_on", "id"))
    days, notice_ids = {}, {}
    for union_id, category_id, day, pk in rows:
        days.setdefault((union_id, category_id), []).append(day)
        notice_ids.setdefault((union_id, category_id), []).append(pk)
    for item in items:
        key = (item.union_id, item.requirement.category_id)
        found = days.get(key, [])
        k = bisect.bisect_left(found, item.window_start)
        if k < len(found) and found[k] <= item.due:
            item.state, item.disclosed_on, item.notice_id = MET, found[k], notice_ids[key][k]
        elif item.due < today:
            item.state = OVERDUE
        else:
            item.state = UPCOMING


def coverage(items):
    total = Coverage()
    for item in items:
        total.add(item)
        total.by_category.setdefault(item.category.name, Coverage()).add(item)
    return total


def coverage_by_union(items):
    out = {}
    for item in items:
        out.setdefault(item.union_id, Coverage()).add(item)
    return out
