"""Finding members: the one search/filter/sort used by the list page, the API and the export.

Every path starts from ``Member.objects.visible_to(user)``, so scope is never skipped. Search uses
indexed columns only: name prefix, pinyin-initials prefix, and the last four digits of the phone or
ID number (kept in clear beside the ciphertext). Pagination is keyset on (sort key, id).
"""
import re

from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from gonghui.core import pickers, scope
from gonghui.orgs.models import Organisation

from .models import EmploymentForm, Member, Sex, Status

# Labels in Chinese, marked for the catalogue; pages show them with ``{% translate %}`` / ``gettext``.
AGE_BANDS = {
    "-25": (gettext_noop("25岁及以下"), None, 25),
    "26-35": (gettext_noop("26–35岁"), 26, 35),
    "36-45": (gettext_noop("36–45岁"), 36, 45),
    "46-55": (gettext_noop("46–55岁"), 46, 55),
    "56-": (gettext_noop("56岁及以上"), 56, None),
}
SORTS = {
    "id": gettext_noop("登记顺序"), "-id": gettext_noop("最近登记"), "name": gettext_noop("姓名"),
    "-name": gettext_noop("姓名（倒序）"), "join_date": gettext_noop("入会日期"),
    "-join_date": gettext_noop("入会日期（最近）"), "birth_date": gettext_noop("年龄（大到小）"),
    "-birth_date": gettext_noop("年龄（小到大）"),
}
HIGH = "\U0010ffff"


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_band_q(band, today=None):
    today = today or timezone.localdate()
    _label, lo, hi = AGE_BANDS[band]
    cond = Q()
    if lo is not None:
        cond &= Q(birth_date__lte=_years_before(today, lo))
    if hi is not None:
        cond &= Q(birth_date__gt=_years_before(today, hi + 1))
    return cond


def search_kind(term: str) -> str:
    """"tail", "initials" or "name": which indexed column a search term is matched against."""
    term = term.strip()
    if re.fullmatch(r"\d{4}|\d{3}[Xx]", term):
        return "tail"
    if re.fullmatch(r"[A-Za-z]{1,20}", term):
        return "initials"
    return "name"


def search_q(term: str, *, by_index=True) -> Q:
    """What a search box term means: digits → phone/ID tail; letters → pinyin initials; else name prefix.

    ``by_index`` states a prefix as a range the name/initials index answers (for a federation's scope,
    where that index finds the page); otherwise as LIKE, which no index answers, so the database
    starts from the organisation index of a union's few thousand members instead.
    """
    term = term.strip()
    if not term:
        return Q()
    kind = search_kind(term)
    if kind == "tail":
        return Q(phone_tail=term) | Q(id_tail=term.upper())
    field, value = ("initials", term.lower()) if kind == "initials" else ("name", term)
    if by_index:
        return Q(**{f"{field}__gte": value, f"{field}__lt": value + HIGH})
    return Q(**{f"{field}__startswith": value})


class Filters:
    """Parsed, validated filter parameters (unknown or malformed values are ignored, never trusted)."""

    def __init__(self, params, user):
        self.q = (params.get("q") or "").strip()[:50]
        self.status = params.get("status") if params.get("status") in Status.values else ""
        self.sex = params.get("sex") if params.get("sex") in Sex.values else ""
        self.employment_form = params.get("employment_form") if params.get("employment_form") in EmploymentForm.values else ""
        self.age_band = params.get("age_band") if params.get("age_band") in AGE_BANDS else ""
        self.sort = params.get("sort") if params.get("sort") in SORTS else "id"
        # Search results come in the order of the index that finds them (name or initials), so a
        # page stops after 50 index entries instead of sorting every match by id.
        self.broad = scope.is_broad(user)
        self.order = self.sort
        if self.q and self.sort == "id" and self.broad and search_kind(self.q) in ("name", "initials"):
            self.order = search_kind(self.q)
        self.include_deleted = params.get("deleted") == "1"
        self.org = None
        raw = (params.get("org") or "").strip()
        if raw:
            # Resolved inside the user's scope only: a forged code out of scope finds nothing. The org picker
            # sends "名称（代码）" (and the picked row); a bare code works as before.
            visible = Organisation.objects.visible_to(user)
            picked = params.get("org" + pickers.PICK_SUFFIX) or ""
            code = pickers.split_code(raw)[1] or raw
            self.org = ((visible.filter(pk=int(picked)).first() if picked.isdigit() else None)
                        or visible.filter(code=code).first())
            if self.org is None:  # a name typed without picking: only when it names one organisation
                named = list(visible.filter(name=raw)[:2])
                self.org = named[0] if len(named) == 1 else None
            self.org_missing = self.org is None
        else:
            self.org_missing = False

    def as_params(self):
        out = {k: getattr(self, k) for k in ("q", "status", "sex", "employment_form", "age_band")}
        if self.sort != "id":
            out["sort"] = self.sort
        if self.org:
            out["org"] = self.org.code
        return {k: v for k, v in out.items() if v}


def member_queryset(user, filters: Filters, cap="view"):
    manager = Member.all_objects if filters.include_deleted else Member.objects
    # SQLite's planner drives from the organisation index whenever it can; for a federation's scope
    # (most of the table) that means sorting hundreds of thousands of rows for one page, while the
    # search index or the key order finds the page after a few dozen rows. PostgreSQL's planner
    # weighs this itself from its statistics.
    org_index = connection.vendor != "sqlite" or not filters.broad
    qs = manager.visible_to(user, cap, org_index=org_index)
    if filters.include_deleted:
        qs = qs.filter(deleted_at__isnull=False)
    if filters.org_missing:
        return qs.none()
    if filters.org:
        qs = qs.filter(org__in=Organisation.objects.subtree(filters.org).values("id"))
    if filters.q:
        qs = qs.filter(search_q(filters.q, by_index=filters.broad))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.sex:
        qs = qs.filter(sex=filters.sex)
    if filters.employment_form:
        qs = qs.filter(employment_form=filters.employment_form)
    if filters.age_band:
        qs = qs.filter(age_band_q(filters.age_band))
    return qs


# ---- the member behind a login ----

_MEMBER_ATTR = "_gonghui_member"
SELF_SERVICE_EXCLUDED = (Status.TERMINATED,)


def self_service_q(prefix=""):
    """Members who count as members for self-service: everyone on the roster except those whose
    membership was terminated (会籍终止). Retirees who keep their membership (保留会籍) still count."""
    return ~Q(**{f"{prefix}status__in": SELF_SERVICE_EXCLUDED})


def member_for(user):
    """The roster row behind a login, for self-service: ``None`` for an anonymous user, an account
    without a member record, a deleted record or a terminated membership. Cached on the user object
    (``core.scope.forget`` clears it)."""
    if not user or not user.is_authenticated:
        return None
    if _MEMBER_ATTR not in user.__dict__:
        user.__dict__[_MEMBER_ATTR] = (Member.objects.filter(self_service_q(), user=user)
                                       .select_related("org", "union").first())
    return user.__dict__[_MEMBER_ATTR]
