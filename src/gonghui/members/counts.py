"""Members counted by organisation, status, sex, age band and employment form: the figures of the home
dashboard and of the organisation pages. Set-based: one aggregate or GROUP BY query each, whatever the
number of members.

The organisation pages sit below members, so they ask through ``orgs.headcount``, which this app
supplies (``MembersConfig.ready``).
"""
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone

from gonghui.orgs.models import STEP, Organisation

from .models import EmploymentForm, Member, Sex, Status
from .queries import AGE_BANDS, age_band_q

CURRENT = ~Q(status=Status.TERMINATED)


def member_breakdown(members, today=None):
    """Counts by status (all members) and by sex, age band and employment form (current members).

    One aggregate query with conditional counts, whatever the number of members.
    """
    today = today or timezone.localdate()
    bands = list(AGE_BANDS)
    aggregates = {f"st{i}": Count("id", filter=Q(status=s)) for i, s in enumerate(Status.values)}
    aggregates |= {f"sx{i}": Count("id", filter=CURRENT & Q(sex=s)) for i, s in enumerate(Sex.values)}
    aggregates |= {f"ag{i}": Count("id", filter=CURRENT & age_band_q(b, today)) for i, b in enumerate(bands)}
    aggregates |= {f"em{i}": Count("id", filter=CURRENT & Q(employment_form=e))
                   for i, e in enumerate(EmploymentForm.values)}
    row = members.aggregate(**aggregates)
    return {
        "status": [(s.label, row[f"st{i}"]) for i, s in enumerate(Status)],
        "sex": [(s.label, row[f"sx{i}"]) for i, s in enumerate(Sex)],
        "age": [(AGE_BANDS[b][0], row[f"ag{i}"]) for i, b in enumerate(bands)],
        "employment": [(e.label, row[f"em{i}"]) for i, e in enumerate(EmploymentForm)],
    }


def branch_counts(members, org):
    """Current members and women per direct child of ``org`` (one GROUP BY on the path prefix).

    The key is the child's path; members registered at ``org`` itself come under ``org.path``.
    """
    rows = (members.filter(CURRENT).annotate(branch=Substr("org__path", 1, len(org.path) + STEP))
            .values("branch").annotate(n=Count("id"), women=Count("id", filter=Q(sex=Sex.FEMALE)))
            .order_by())
    return {r["branch"]: (r["n"], r["women"]) for r in rows}


def in_subtree(user, org):
    """The members ``user`` sees in ``org`` and everything under it."""
    return Member.objects.visible_to(user).filter(org__in=Organisation.objects.subtree(org).values("id"))


def per_org(user):
    """``{org id: current members registered there}`` over every organisation ``user`` sees."""
    return dict(Member.objects.visible_to(user).filter(CURRENT).values("org_id")
                .annotate(n=Count("id")).order_by().values_list("org_id", "n"))


def per_branch(user, org):
    """``branch_counts`` of the members ``user`` sees under ``org``."""
    return branch_counts(in_subtree(user, org), org)
