"""Cross-union work seen from a federation: transfers (会员关系接转) between unions anywhere in its subtree,
tracked end to end.

A federation officer sees every transfer with at least one end in the federation's subtree: *in* (received by
a union below from outside), *out* (sent from a union below to outside) and *within* (both ends below). The
lowest common federation of a transfer's two ends is the lowest organisation whose subtree holds both: it is
the one level that sees the whole transfer, and the list names it.

A transfer is *overdue* when it has waited for the receiving union longer than ``GONGHUI_TRANSFER_OVERDUE_DAYS``
(default 30 days, counted in calendar days from the day it was sent, Asia/Shanghai). Overdue transfers appear
in the inbox of the receiving union and of every federation above it (``federation.crossinbox``).

Everything here is set-based: the per-unit table is two GROUP BY queries (sending side, receiving side) and
one ``orgs.rollup.roll_up``; a page of the list is one query plus one for the common federations.
"""
import datetime

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from gonghui.core.tree import PATH_END, STEP
from gonghui.members.models import Transfer
from gonghui.orgs.models import Organisation
from gonghui.orgs.rollup import in_subtree, roll_up

DEFAULT_OVERDUE_DAYS = 30
STATES = ("pending", "accepted", "declined", "cancelled", "overdue")
DIRECTIONS = ("in", "out", "within")
UNIT_COLUMNS = ("out_pending", "out_accepted", "out_declined", "out_overdue",
                "in_pending", "in_accepted", "in_declined", "in_overdue")


def overdue_days():
    return int(getattr(settings, "GONGHUI_TRANSFER_OVERDUE_DAYS", DEFAULT_OVERDUE_DAYS))


def overdue_cutoff(today=None):
    """Transfers sent before this instant (the start of the day ``overdue_days`` ago, Shanghai) are overdue."""
    today = today or timezone.localdate()
    first_late = today - datetime.timedelta(days=overdue_days())
    return timezone.make_aware(datetime.datetime.combine(first_late, datetime.time.min))


def overdue_q(today=None, prefix=""):
    return Q(**{f"{prefix}state": Transfer.State.PENDING, f"{prefix}requested_at__lt": overdue_cutoff(today)})


def transfers(org, *, state="", direction="", today=None):
    """Transfers with an end in ``org``'s subtree (the caller has checked ``org`` is in scope)."""
    inside_from, inside_to = in_subtree(org, "from_org"), in_subtree(org, "to_org")
    if direction == "in":
        cond = inside_to & ~inside_from
    elif direction == "out":
        cond = inside_from & ~inside_to
    elif direction == "within":
        cond = inside_from & inside_to
    else:
        cond = inside_from | inside_to
    qs = Transfer.objects.filter(cond)
    if state == "overdue":
        qs = qs.filter(overdue_q(today))
    elif state in STATES:
        qs = qs.filter(state=state)
    return qs.select_related("member", "from_org", "to_org")


def age_days(transfer, today=None):
    """Days the transfer waited: until today while pending, until it was decided otherwise."""
    today = today or timezone.localdate()
    start = timezone.localdate(transfer.requested_at)
    end = timezone.localdate(transfer.decided_at) if transfer.decided_at else today
    return (end - start).days


def common_path(a, b):
    """The path of the lowest organisation whose subtree holds both paths ('' when they share no root)."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return a[:n - n % STEP]


def annotate(rows, org, today=None):
    """Add ``age``, ``overdue``, ``direction`` and ``common`` (the lowest common organisation) to each transfer
    of a page, with one query for the common organisations."""
    today = today or timezone.localdate()
    cutoff = overdue_cutoff(today)
    paths = {common_path(t.from_org.path, t.to_org.path) for t in rows}
    found = {o.path: o for o in Organisation.all_objects.filter(path__in=[p for p in paths if p])
             .only("id", "code", "name", "path", "kind")}
    end = org.path + PATH_END
    for t in rows:
        from_in = org.path <= t.from_org.path < end
        to_in = org.path <= t.to_org.path < end
        t.direction = "within" if from_in and to_in else ("out" if from_in else "in")
        t.age = age_days(t, today)
        t.overdue = t.state == Transfer.State.PENDING and t.requested_at < cutoff
        t.common = found.get(common_path(t.from_org.path, t.to_org.path))
    return rows


def _counted(qs, field, today):
    cutoff = overdue_cutoff(today)
    pending = Q(state=Transfer.State.PENDING)
    return {row[field]: (row["pending"], row["accepted"], row["declined"], row["overdue"]) for row in
            qs.values(field).annotate(pending=Count("id", filter=pending),
                                      accepted=Count("id", filter=Q(state=Transfer.State.ACCEPTED)),
                                      declined=Count("id", filter=Q(state=Transfer.State.DECLINED)),
                                      overdue=Count("id", filter=pending & Q(requested_at__lt=cutoff)))
            .order_by()}


def unit_table(org, today=None):
    """``[(unit, out_pending, out_accepted, out_declined, out_overdue, in_pending, in_accepted, in_declined,
    in_overdue)]`` per unit directly below ``org``: three queries whatever the number of unions."""
    today = today or timezone.localdate()
    sent = _counted(Transfer.objects.filter(in_subtree(org, "from_org")), "from_org", today)
    received = _counted(Transfer.objects.filter(in_subtree(org, "to_org")), "to_org", today)
    zero = (0, 0, 0, 0)
    counts = {pk: sent.get(pk, zero) + received.get(pk, zero) for pk in set(sent) | set(received)}
    return roll_up(org, counts)


def totals(table):
    return tuple(sum(row[i] for row in table) for i in range(1, len(UNIT_COLUMNS) + 1))
