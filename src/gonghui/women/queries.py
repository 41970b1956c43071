"""Women workers' figures, set-based: one aggregate query per figure, whatever the size of the subtree.

``statistics(org, day)`` gives, over ``org``'s subtree (a union, or a federation's whole subtree) on ``day``:
the share of women among current members, among congress delegates of the terms in office, among the
unions' chairs and vice-chairs in office (``elections.Office``; the union committees' full rolls are not
recorded anywhere yet), the women's committees required / set up / missing, nursing rooms and their uses
in the year, maternity leaves (births) started in the year — counts only, no miscarriages (a small
union's count would point at a person) — and the share of women among the individual honours the subtree's
members received in the year to ``day`` (``honours_share``: the honours app's final lists, by the date each list
was fixed, whatever level awarded them; collective honours have no sex and are left out).
"""
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from gonghui.core.metrics import percent
from gonghui.members.models import Member, Sex, Status
from gonghui.orgs.models import PATH_END, Kind, Organisation

from . import rules
from .models import Committee, Maternity, NursingRoom, RoomUse, Stage


def in_subtree(org, field="union"):
    """Rows whose ``field`` organisation lies in ``org``'s subtree (a range on the indexed path)."""
    return Q(**{f"{field}__path__gte": org.path, f"{field}__path__lt": org.path + PATH_END})


def current_members(org):
    return Member.objects.filter(in_subtree(org)).exclude(status=Status.TERMINATED)


def women_count(union) -> int:
    return Member.objects.filter(union=union, sex=Sex.FEMALE).exclude(status=Status.TERMINATED).count()


@dataclass
class Share:
    label: str
    total: int = 0
    women: int = 0

    @property
    def rate(self):
        return percent(self.women, self.total)


@dataclass
class Statistics:
    org: Organisation
    day: datetime.date
    members: Share = None
    delegates: Share = None
    leaders: Share = None
    committee_women: int = 0          # members of the women's committees
    required: int = 0                 # unions with ≥ 10 women members
    set_up: int = 0                   # of those, with a committee
    voluntary: int = 0                # committees in unions with fewer than 10 women
    missing: list = field(default_factory=list)   # (union, women) required, none set up
    rooms: int = 0
    room_uses: int = 0
    leaves: int = 0                   # maternity leaves (births) started in the year
    honours: Share = None             # individual honours received in the year to ``day``


def women_per_union(org):
    """{union id: current women members} over ``org``'s subtree, one grouped query."""
    return dict(Member.objects.filter(in_subtree(org), sex=Sex.FEMALE).exclude(status=Status.TERMINATED)
                .order_by().values_list("union_id").annotate(n=Count("id")))


def committee_coverage(org):
    """(required, set up, voluntary, missing [(union, women)]) over ``org``'s subtree: three queries."""
    women = women_per_union(org)
    with_committee = set(Committee.objects.filter(in_subtree(org)).values_list("union_id", flat=True))
    required = {u for u, n in women.items() if n >= rules.COMMITTEE_REQUIRED_FROM}
    missing_ids = required - with_committee
    unions = Organisation.objects.filter(pk__in=missing_ids, kind=Kind.GRASSROOTS).only("id", "name", "code", "path")
    missing = sorted(((u, women[u.pk]) for u in unions), key=lambda t: (-t[1], t[0].path))
    return len(required), len(required & with_committee), len(with_committee - required), missing


def honours_share(org, start, end) -> Share:
    """Individual honours (评先表彰) received by members of ``org``'s subtree from final lists fixed in
    [start, end] — at any level, so a county's 劳动模范 counts for the member's own union — and how many went to
    women: one aggregate over the honours app's awarded nominations. Women are counted as nominated
    (``Nomination.women``, copied from the member's record), the same reading the honours figures use.

    ▶ a school list fixed on 2026-12-01 awarding 王强 and 赵丽 and a county list awarding 刘洋 (machinery
    works): school 1 / 2 = 50.00 %, county 1 / 3 = 33.33 %.
    """
    from gonghui.honours.queries import awarded

    row = (awarded().filter(in_subtree(org, "member__union"), round__final_on__gte=start, round__final_on__lte=end)
           .aggregate(n=Count("id"), w=Count("id", filter=Q(women=True))))
    return Share("honours", row["n"], row["w"])


def statistics(org, day) -> Statistics:
    stats = Statistics(org, day)
    row = current_members(org).aggregate(n=Count("id"), w=Count("id", filter=Q(sex=Sex.FEMALE)))
    stats.members = Share("members", row["n"], row["w"])
    from gonghui.congress.models import Delegate

    row = (Delegate.objects.filter(in_subtree(org), term__deleted_at__isnull=True, term__start__lte=day)
           .filter(Q(term__end__isnull=True) | Q(term__end__gte=day))
           .aggregate(n=Count("id"), w=Count("id", filter=Q(member__sex=Sex.FEMALE))))
    stats.delegates = Share("delegates", row["n"], row["w"])
    from gonghui.elections.models import Office

    row = (Office.objects.filter(in_subtree(org), current=True, member__isnull=False)
           .aggregate(n=Count("id"), w=Count("id", filter=Q(member__sex=Sex.FEMALE))))
    stats.leaders = Share("leaders", row["n"], row["w"])
    stats.required, stats.set_up, stats.voluntary, stats.missing = committee_coverage(org)
    from .models import CommitteeMember

    stats.committee_women = CommitteeMember.objects.filter(
        in_subtree(org, "committee__union"), committee__deleted_at__isnull=True).count()
    year_start, year_end = datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)
    stats.rooms = NursingRoom.objects.filter(in_subtree(org)).count()
    stats.room_uses = RoomUse.objects.filter(in_subtree(org, "room__union"), room__deleted_at__isnull=True,
                                             month__gte=year_start, month__lte=year_end).aggregate(
        n=Sum("visits"))["n"] or 0
    # Births only: a count of miscarriages in a small union would point at a person.
    stats.leaves = Maternity.objects.filter(in_subtree(org), stage=Stage.BIRTH, leave_start__gte=year_start,
                                            leave_start__lte=year_end).count()
    stats.honours = honours_share(org, year_start, day)
    return stats


def room_uses_by_month(union_or_org, year):
    """[("2026-01", uses), …] for the twelve months of ``year`` over the subtree (one grouped query)."""
    rows = dict(RoomUse.objects.filter(in_subtree(union_or_org, "room__union"), room__deleted_at__isnull=True,
                                       month__year=year).order_by().values_list("month").annotate(n=Sum("visits")))
    return [(f"{year}-{m:02d}", rows.get(datetime.date(year, m, 1), 0)) for m in range(1, 13)]


# ---- the inbox's rows ----

def term_rows(user, today, cap):
    return (Committee.objects.visible_to(user, cap)
            .filter(term_end__lte=today + datetime.timedelta(days=rules.TERM_WARN_DAYS))
            .select_related("union").order_by("term_end", "id"))


def late_pregnancy_rows(user, today, cap):
    return (Maternity.objects.visible_to(user, cap).filter(stage=Stage.PREGNANT, protect_from__lte=today,
                                                           protect_until__gte=today)
            .select_related("member", "union").order_by("protect_until", "id"))


def nursing_rows(user, today, cap):
    return (Maternity.objects.visible_to(user, cap).filter(stage=Stage.BIRTH, leave_end__lt=today,
                                                           nursing_until__gte=today)
            .select_related("member", "union").order_by("nursing_until", "id"))


# ---- links to the records other apps keep ----

def women_contract(union, day):
    """The union's women-workers' special collective contract (bargaining's WOMEN kind) in force on ``day``,
    else its latest one (any state), else None."""
    from gonghui.bargaining.models import WOMEN_KINDS, Contract

    contracts = list(Contract.objects.filter(union=union, kind__in=WOMEN_KINDS).order_by("-in_force_from", "-id")[:5])
    return next((c for c in contracts if c.in_force_on(day)), contracts[0] if contracts else None)


def women_aid_claims(union):
    """(count, latest claims) of the union's members' claims on 女职工特种疾病互助 plans (mutualaid)."""
    from gonghui.mutualaid.models import Claim, PlanKind

    claims = Claim.objects.filter(union=union, plan__kind=PlanKind.FEMALE_DISEASE)
    return claims.count(), list(claims.select_related("plan").order_by("-id")[:5])


def march_events(union, year):
    """The union's events in March of ``year`` (三八) and any with a women-only eligibility rule."""
    from gonghui.activities.models import Event, RuleKind

    women_only = Q(rules__kind=RuleKind.SEX, rules__sex=Sex.FEMALE)
    march = Q(starts_at__year=year, starts_at__month=3)
    return list(Event.objects.filter(union=union).filter(march | women_only).distinct()
                .order_by("-starts_at", "-id")[:10])
