"""Honours read side, set-based: one aggregate query per figure, whatever the number of rounds.

* ``find_member`` / ``find_org_in``: a nominee, evaluator or sanctioned member by member number inside an
  organisation's subtree and the caller's scope (pages and API alike).
* ``statistics(org, year)``: honours awarded under ``org`` in a year, per level and per kind, and the women's
  share of individual honours; ``awarded_count(org, start, end)`` for the plan metric.
* ``history(member)`` / ``org_history(org)``: a member's or an organisation's honours.
* ``inbox rows``: nominations to review, notice periods ending, objections to answer.
"""
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from gonghui.core.errors import ActionError
from gonghui.members.models import Member
from gonghui.orgs.models import PATH_END, Organisation

from .models import WARN_DAYS, HonourKind, Level, Nomination, Objection, Round


def in_subtree(org, field="round__org"):
    """Rows whose ``field`` organisation lies in ``org``'s subtree: a range on the indexed path."""
    return Q(**{f"{field}__path__gte": org.path, f"{field}__path__lt": org.path + PATH_END})


def find_member(user, org, member_no, cap, *, field="member"):
    """The member numbered ``member_no`` in ``org``'s subtree that ``user`` sees for ``cap``; a number two
    unions share is refused (give the member's union code as ``CODE:number``)."""
    member_no = (member_no or "").strip()
    if not member_no:
        return None
    qs = Member.objects.visible_to(user, cap).filter(in_subtree(org, "org")).select_related("org", "union")
    if ":" in member_no:
        code, member_no = member_no.split(":", 1)
        qs = qs.filter(union__code=code.strip())
    rows = list(qs.filter(member_no=member_no.strip())[:2])
    if not rows:
        raise ActionError(_("在%(org)s找不到会员编号为“%(no)s”的会员") % {"org": org.name, "no": member_no}, field=field)
    if len(rows) > 1:
        raise ActionError(_("会员编号“%(no)s”在多个基层工会都有，请写成“工会代码:会员编号”") % {"no": member_no},
                          field=field)
    return rows[0]


def find_org_in(user, org, code, cap, *, field):
    code = (code or "").strip()
    if not code:
        return None
    found = Organisation.objects.visible_to(user, cap).filter(
        path__gte=org.path, path__lt=org.path + PATH_END, code=code).first()
    if found is None:
        raise ActionError(_("在%(org)s范围内找不到代码为“%(code)s”的组织") % {"org": org.name, "code": code}, field=field)
    return found


def awarded(org=None):
    qs = Nomination.objects.filter(state=Nomination.State.AWARDED, round__deleted_at__isnull=True)
    return qs.filter(in_subtree(org)) if org is not None else qs


def awarded_count(org, start, end):
    """Honours awarded (final list fixed) in [start, end] by ``org`` or organisations under it, per level."""
    rows = dict(awarded(org).filter(round__final_on__gte=start, round__final_on__lte=end).order_by()
                .values_list("round__kind__level").annotate(n=Count("id")))
    return rows


@dataclass
class Statistics:
    org: Organisation
    year: int
    total: int = 0
    individual: int = 0
    women: int = 0
    by_level: list = field(default_factory=list)   # (level, label, count) in Level order
    by_kind: list = field(default_factory=list)    # (kind name, level label, count), most first
    by_year: list = field(default_factory=list)    # (year, count) for the last five years

    @property
    def women_share(self):
        """Women's share of individual honours, in % to one place; None without individual honours."""
        if not self.individual:
            return None
        return round(self.women * 100 / self.individual, 1)


def statistics(org, year) -> Statistics:
    base = awarded(org)
    rows = base.filter(round__year=year)
    stats = Statistics(org=org, year=year)
    agg = rows.aggregate(total=Count("id"), individual=Count("id", filter=Q(member__isnull=False)),
                         women=Count("id", filter=Q(member__isnull=False, women=True)))
    stats.total, stats.individual, stats.women = agg["total"], agg["individual"], agg["women"]
    levels = dict(rows.order_by().values_list("round__kind__level").annotate(n=Count("id")))
    stats.by_level = [(value, label, levels.get(value, 0)) for value, label in Level.choices]
    kinds = (rows.order_by().values("round__kind__name", "round__kind__level", "round__kind__owner")
             .annotate(n=Count("id")).order_by("-n", "round__kind__name"))
    stats.by_kind = [(_(k["round__kind__name"]) if k["round__kind__owner"] is None else k["round__kind__name"],
                      Level(k["round__kind__level"]).label, k["n"]) for k in kinds]
    years = dict(base.filter(round__year__gt=year - 5, round__year__lte=year).order_by()
                 .values_list("round__year").annotate(n=Count("id")))
    stats.by_year = [(y, years.get(y, 0)) for y in range(year - 4, year + 1)]
    return stats


def history(member):
    """A member's honours (awarded), newest first, with the round and kind (one query)."""
    return (Nomination.objects.filter(member=member, state=Nomination.State.AWARDED, round__deleted_at__isnull=True)
            .select_related("round__kind", "round__org").order_by("-round__year", "-id"))


def org_history(org):
    return (Nomination.objects.filter(nominee_org=org, state=Nomination.State.AWARDED, round__deleted_at__isnull=True)
            .select_related("round__kind", "round__org").order_by("-round__year", "-id"))


# ---- inbox ----

def nominations_to_review(user, cap):
    """Rounds still nominating with nominations in (the officers close nominations and start the review)."""
    return (Round.objects.visible_to(user, cap).filter(state=Round.State.NOMINATING)
            .annotate(n=Count("nominations", filter=Q(nominations__state=Nomination.State.NOMINATED)))
            .filter(n__gt=0).select_related("org", "kind").order_by("id"))


def notices_ending(user, cap, today: datetime.date):
    """Rounds whose notice period ends within WARN_DAYS, or has ended without a final list."""
    return (Round.objects.visible_to(user, cap).filter(state=Round.State.NOTICE,
                                                        notice_ends__lte=today + datetime.timedelta(days=WARN_DAYS))
            .select_related("org", "kind").order_by("notice_ends", "id"))


def objections_pending(user, cap):
    return (Objection.objects.visible_to(user, cap).filter(state=Objection.State.PENDING,
                                                            round__deleted_at__isnull=True)
            .select_related("round__org", "round__kind", "nomination").order_by("received_on", "id"))


def kinds_for(user, cap, org):
    return HonourKind.objects.visible_to(user, cap).applying_to(org).order_by("order", "id")
