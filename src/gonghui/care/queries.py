"""Reading care records: figures over a union's subtree, birthday lists, a member's history.

Every figure is a handful of set-based queries whatever the number of members; each takes an
organisation (a union or a federation) and covers its whole subtree.
"""
import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _

from gonghui.members.idcard import age_on
from gonghui.members.models import Member, Sex, Status
from gonghui.orgs.models import Organisation

from .models import Answer, Distribution, HardshipClass, HardshipFile, HardshipHelp, SurveyAnswer, Visit

ZERO = Decimal("0.00")
ROUND_AGES = range(20, 110, 10)


def subtree(org):
    return Organisation.objects.subtree(org).values("id")


def visits_in(org, start, end):
    return Visit.objects.filter(org__in=subtree(org), date__gte=start, date__lte=end)


def visit_counts(org, start, end):
    """Visits (人次) by occasion, with the women among them, in one query."""
    rows = (visits_in(org, start, end).values("occasion_name")
            .annotate(n=Count("id"), women=Count("id", filter=Q(member__sex=Sex.FEMALE))).order_by("-n"))
    return [(r["occasion_name"], r["n"], r["women"]) for r in rows]


def people_reached(org, start, end):
    """Distinct members visited or helped under a hardship plan."""
    visited = set(visits_in(org, start, end).values_list("member_id", flat=True).distinct())
    helped = set(HardshipHelp.objects.filter(org__in=subtree(org), date__gte=start, date__lte=end)
                 .values_list("member_id", flat=True).distinct())
    return visited | helped


def money_spent(org, start, end):
    """Yuan given: visit gifts, hardship help and greeting lists (their expenses), by source."""
    unions = Organisation.objects.subtree(org).filter(kind="grassroots").values("id")
    visits = visits_in(org, start, end).aggregate(s=Sum("amount"))["s"] or ZERO
    helped = (HardshipHelp.objects.filter(org__in=subtree(org), date__gte=start, date__lte=end)
              .aggregate(s=Sum("amount"))["s"] or ZERO)
    dist = Distribution.objects.filter(Q(union__in=unions) | Q(union=org), date__gte=start, date__lte=end)
    greetings = ZERO
    for row in dist.values("amount_per_person", "head_count"):
        greetings += row["amount_per_person"] * row["head_count"]
    return {"visits": visits, "help": helped, "greetings": greetings, "total": visits + helped + greetings}


def money_by_month(org, year):
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    months = {m: ZERO for m in range(1, 13)}
    for row in (visits_in(org, start, end).annotate(m=ExtractMonth("date")).values("m")
                .annotate(s=Sum("amount")).order_by()):
        months[row["m"]] += row["s"] or ZERO
    for row in (HardshipHelp.objects.filter(org__in=subtree(org), date__gte=start, date__lte=end)
                .annotate(m=ExtractMonth("date")).values("m").annotate(s=Sum("amount")).order_by()):
        months[row["m"]] += row["s"] or ZERO
    unions = Organisation.objects.subtree(org).filter(kind="grassroots").values("id")
    for row in Distribution.objects.filter(union__in=unions, year=year).values("date", "amount_per_person",
                                                                              "head_count"):
        months[row["date"].month] += row["amount_per_person"] * row["head_count"]
    return months


def satisfaction(org, start, end):
    """(satisfied, basic, dissatisfied, answers): 满意率 = (满意 + 基本满意) ÷ answers."""
    row = SurveyAnswer.objects.filter(org__in=subtree(org), answered_on__gte=start, answered_on__lte=end).aggregate(
        s=Count("id", filter=Q(answer=Answer.SATISFIED)), b=Count("id", filter=Q(answer=Answer.BASIC)),
        d=Count("id", filter=Q(answer=Answer.DISSATISFIED)))
    return row["s"], row["b"], row["d"], row["s"] + row["b"] + row["d"]


def open_files_on(org, day):
    """Files open on ``day`` (submitted by then, not exited by then), by class."""
    qs = (HardshipFile.objects.filter(org__in=subtree(org), submitted_at__lte=day)
          .filter(Q(exited_on__isnull=True) | Q(exited_on__gt=day)).exclude(status=HardshipFile.Status.DRAFT))
    counts = dict(qs.values_list("category").annotate(n=Count("id")).order_by())
    return [(str(label), counts.get(value, 0)) for value, label in HardshipClass.choices
            if value != HardshipClass.NONE]


def birthday_window(start, days):
    """A Q for birth dates whose month/day falls in ``start`` … ``start + days`` (a year's wrap included)."""
    cond = Q(pk__in=[])
    day = start
    end = start + datetime.timedelta(days=days)
    while day <= end:
        month_end = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
        last = min(month_end, end)
        cond |= Q(birth_date__month=day.month, birth_date__day__gte=day.day, birth_date__day__lte=last.day)
        day = last + datetime.timedelta(days=1)
    return cond


def next_birthday(birth, today):
    for year in (today.year, today.year + 1):
        try:
            day = birth.replace(year=year)
        except ValueError:
            day = datetime.date(year, 3, 1)
        if day >= today:
            return day
    return None


def birthday_members(members, year, month):
    """Current members born in ``month``, with the age they turn in ``year`` and a round-number mark."""
    rows = list(members.filter(birth_date__month=month, status__in=[Status.ACTIVE, Status.RETAINED])
                .select_related("org").order_by("birth_date__day", "id"))
    for m in rows:
        m.turning = year - m.birth_date.year
        m.round_number = m.turning in ROUND_AGES
    return rows


def member_age(member, day):
    return age_on(member.birth_date, day)


def member_history(member):
    """Everything care did for one member: visits, benefits, greetings, hardship file and help, answers."""
    from gonghui.spending.models import Benefit

    from .models import DistributionRow

    return {
        "visits": list(Visit.objects.filter(member=member).select_related("expense").order_by("-date", "-id")),
        "benefits": list(Benefit.objects.filter(member=member).order_by("-date", "-id")),
        "greetings": list(DistributionRow.objects.filter(member=member).select_related("distribution", "signed_by")
                          .order_by("-distribution__date")),
        "files": list(HardshipFile.objects.filter(member=member).order_by("-id")),
        "help": list(HardshipHelp.objects.filter(member=member).order_by("-date")),
        "answers": list(SurveyAnswer.objects.filter(member=member).order_by("-answered_on")),
    }


def current_members(org):
    return Member.objects.filter(org__in=subtree(org))


def chosen_members(user, union, data):
    """Member ids chosen by group (name, pinyin or code) and/or a list of members (names, numbers, pinyin),
    within the user's CARE scope."""
    from gonghui.core.capabilities import CARE
    from gonghui.core.errors import ActionError
    from gonghui.members import pickers as member_pickers
    from gonghui.orgs import pickers as org_pickers
    from gonghui.spending.queries import RECEIVING

    base = Member.objects.visible_to(user, CARE).filter(union=union)
    ids = set()
    group = data.get("group") or ""
    if group.strip():
        org = org_pickers.resolve(user, group, pk=getattr(group, "pk", None), field="group",
                                  queryset=Organisation.objects.visible_to(user, CARE).filter(union=union))
        ids |= set(base.filter(org__in=subtree(org), status__in=RECEIVING).values_list("id", flat=True))
    listed = data.get("member_nos") or ""
    if listed.strip():
        ids |= {m.pk for m in member_pickers.resolve_many(user, listed, field="member_nos", cap=CARE, union=union)}
    if not ids:
        raise ActionError(_("请填写发放范围或会员"), field="member_nos")
    return sorted(ids)


def preview_gift(actor, union, *, expense_kind, members, amount, date, form, festival=None):
    """"Check before buying": the spending verdict for a gift, without recording anything.

    Bad input raises ``ActionError`` on the field the forms use (``amount``); a festival gift a member
    already received this year is named as in ``care.actions.distribute``.
    """
    from gonghui.core.errors import ActionError
    from gonghui.core.i18n import words
    from gonghui.spending.catalogue import normalise_festival
    from gonghui.spending.rules import check_expense

    from .actions import _money
    from .models import DistributionRow

    amount = _money(amount, "amount", required=True, allow_zero=False)
    if expense_kind == "festival" and date is not None:
        key = f"festival:{date.year}:{normalise_festival(festival)}"
        dup = list(DistributionRow.objects.filter(member_id__in=members, dedupe_key=key)
                   .values_list("member__name", flat=True)[:20])
        if dup:
            raise ActionError(_("以下会员已发放过%(year)s年%(festival)s慰问品，不能重复发放：%(names)s")
                              % {"year": date.year, "festival": normalise_festival(festival), "names": words(dup)},
                              field="member_nos")
    try:
        return check_expense(union, kind=expense_kind, amount_per_person=amount, members=members, date=date,
                             form=form, festival=festival)
    except ActionError as exc:
        rename = {"amount_per_person": "amount", "members": "member_nos"}
        raise ActionError(errors={rename.get(k, k): v for k, v in exc.message_dict.items()}) from None


def may_see_benefits(user, member):
    """Gift rows carry the expense's wording, which the finance pages keep to officers: care officers
    and finance readers of the member's organisation see them, not the member or a group leader."""
    from gonghui.core.capabilities import CARE, VIEW_FINANCE
    from gonghui.core import scope

    return scope.can(user, CARE, member.org) or scope.can(user, VIEW_FINANCE, member.org)
