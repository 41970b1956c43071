"""Every change to star ratings goes through these functions (web, API, demo alike).

Each checks RATE where the rule puts it — at the scheme's federation for defining, publishing and reviewing,
at the union for its self-assessment — validates, writes and records the audit entry in one transaction, with
the row it changes locked (the scheme while it is defined or published, the assessment for every step).
Bad input is one ``ActionError`` naming the field; nothing is written until everything is valid.
"""
import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, metrics, scope, softdelete
from gonghui.core.capabilities import RATE
from gonghui.core.errors import ActionError
from gonghui.core.parsing import date_value, integer, number, text
from gonghui.orgs.models import FEDERATION_KINDS, Kind, Organisation

from . import presets, rules
from .models import Area, Assessment, Band, Indicator, Scheme, Score

SCHEME_FIELDS = ["name", "year", "deadline", "status", "published_on"]
ASSESSMENT_FIELDS = ["status", "self_total", "submitted_on", "returned_reason", "correction_due", "final_score",
                     "stars", "review_comment", "reviewed_on"]
MAX_INDICATORS = 200


def _lock_scheme(actor, scheme):
    row = Scheme.objects.select_for_update(of=("self",)).select_related("federation").filter(pk=scheme.pk).first()
    if row is None:
        raise ActionError(_("找不到该评定方案"), field="scheme")
    scope.require(actor, RATE, row.federation)
    return row


def _lock_assessment(assessment):
    row = (Assessment.objects.select_for_update(of=("self",)).select_related("scheme", "scheme__federation", "union")
           .filter(pk=assessment.pk).first())
    if row is None:
        raise ActionError(_("找不到该自评"), field="assessment")
    return row


# ---- the scheme: indicators and bands as data ----

def _clean_indicators(rows):
    cleaned, errors = [], []
    for i, row in enumerate(rows or [], start=1):
        name = (row.get("name") or "").strip()
        area = (row.get("area") or "").strip()
        if not name and not area and not row.get("max_points"):
            continue
        try:
            name = text(name, "indicators", required=True, max_length=200,
                        label=_("第%(n)s个指标的名称") % {"n": i})
            area = text(area, "indicators", required=True, max_length=50,
                        label=_("第%(n)s个指标的评定方面") % {"n": i})
            max_points = number(row.get("max_points"), "indicators", minimum=Decimal("0.5"), maximum=Decimal(100),
                                label=_("指标“%(name)s”的分值") % {"name": name})
            weight = number(row.get("weight") if row.get("weight") not in (None, "") else 1, "indicators",
                            minimum=Decimal("0.01"), maximum=Decimal(100),
                            label=_("指标“%(name)s”的权重") % {"name": name})
            code = (row.get("metric") or "").strip()
            threshold = None
            if code:
                if metrics.get(code) is None or not metrics.get(code).available:
                    raise ActionError(_("指标“%(name)s”绑定的数据指标“%(code)s”不存在或尚不可用")
                                      % {"name": name, "code": code}, field="indicators")
                threshold = number(row.get("threshold"), "indicators", required=False, minimum=Decimal(0),
                                   label=_("指标“%(name)s”的达标值") % {"name": name})
        except ActionError as exc:
            errors.extend(exc.messages)
            continue
        cleaned.append({"area": area, "name": name, "max_points": max_points, "weight": weight, "metric": code,
                        "threshold": threshold})
    if errors:
        raise ActionError(errors={"indicators": errors})
    if not cleaned:
        raise ActionError(_("请至少设置一个评定指标"), field="indicators")
    if len(cleaned) > MAX_INDICATORS:
        raise ActionError(_("评定指标不能超过%(n)s个") % {"n": MAX_INDICATORS}, field="indicators")
    return cleaned


def _clean_bands(rows):
    given, errors = [], []
    for i, row in enumerate(rows or [], start=1):
        if row.get("stars") in (None, "") and row.get("min_score") in (None, "") and row.get("max_score") in (None, ""):
            continue
        try:
            stars = integer(row.get("stars"), "bands", minimum=1, maximum=rules.MAX_STARS,
                            label=_("第%(n)s个分数段的星级") % {"n": i})
            low = number(row.get("min_score"), "bands", minimum=Decimal(0), maximum=Decimal(100),
                         label=_("第%(n)s个分数段的最低分") % {"n": i})
            high = number(row.get("max_score"), "bands", minimum=Decimal(0), maximum=Decimal(100),
                          label=_("第%(n)s个分数段的最高分") % {"n": i})
        except ActionError as exc:
            errors.extend(exc.messages)
            continue
        given.append(rules.BandRow(stars, low, high))
    if errors:
        raise ActionError(errors={"bands": errors})
    return rules.check_bands(given)


def _write_definition(scheme, indicators, bands):
    scheme.indicators.all().delete()
    scheme.areas.all().delete()
    scheme.bands.all().delete()
    names = list(dict.fromkeys(row["area"] for row in indicators))
    areas = Area.objects.bulk_create([Area(scheme=scheme, name=n, position=i) for i, n in enumerate(names)])
    by_name = {a.name: a for a in areas}
    Indicator.objects.bulk_create([Indicator(scheme=scheme, area=by_name[row["area"]], position=i,
                                             **{k: v for k, v in row.items() if k != "area"})
                                   for i, row in enumerate(indicators)])
    Band.objects.bulk_create([Band(scheme=scheme, stars=b.stars, min_score=b.min_score, max_score=b.max_score)
                              for b in bands])


def _definition(scheme):
    return {"indicators": "；".join(f"{i.area.name}/{i.name}（{i.max_points}分×{i.weight}"
                                   f"{'，' + i.metric + '≥' + str(i.threshold) if i.metric else ''}）"
                                   for i in scheme.indicators.select_related("area")),
            "bands": "；".join(f"{b.stars}星 {b.min_score}–{b.max_score}" for b in scheme.bands.all())}


def _clean_head(name, year, deadline):
    name = text(name, "name", required=True, max_length=100, label=_("方案名称"))
    year = integer(year, "year", minimum=2000, maximum=2100, label=_("年度"))
    deadline = date_value(deadline, "deadline", label=_("自评截止日期"))
    return name, year, deadline


@transaction.atomic
def save_scheme(actor, federation, *, name, year, deadline, indicators, bands, scheme=None):
    """A federation's scheme, new or redefined while it is a draft: its indicators (grouped into areas by
    their area name, in the order given) and its star bands, replaced as a whole."""
    if scheme is None:
        if federation.kind not in FEDERATION_KINDS:
            raise ActionError(_("评定方案由总工会制定，请选择总工会"), field="federation")
        scope.require(actor, RATE, federation)
    else:
        scheme = _lock_scheme(actor, scheme)
        if scheme.status != Scheme.Status.DRAFT:
            raise ActionError(_("方案已发布，指标和分数段不能再修改"), field="status")
    name, year, deadline = _clean_head(name, year, deadline)
    cleaned = _clean_indicators(indicators)
    checked = _clean_bands(bands)
    before = {}
    if scheme is None:
        scheme = Scheme(federation=federation, created_by=actor)
    else:
        before = {**audit.snapshot(scheme, SCHEME_FIELDS), **_definition(scheme)}
    scheme.name, scheme.year, scheme.deadline = name, year, deadline
    scheme.updated_at = timezone.now()
    scheme.save()
    _write_definition(scheme, cleaned, checked)
    audit.record(actor, "ratings_scheme", scheme, org=scheme.federation, before=before,
                 after={**audit.snapshot(scheme, SCHEME_FIELDS), **_definition(scheme)})
    return scheme


def copy_preset(actor, federation, *, year, deadline, name=presets.NAME):
    """A draft copy of the preset "星级职工之家" scheme for ``federation``, to adjust before publishing."""
    return save_scheme(actor, federation, name=name, year=year, deadline=deadline,
                       indicators=presets.indicators(), bands=presets.bands())


@transaction.atomic
def publish(actor, scheme):
    """Open the scheme: every grassroots union under the federation gets its self-assessment (one insert)."""
    scheme = _lock_scheme(actor, scheme)
    if scheme.status != Scheme.Status.DRAFT:
        raise ActionError(_("方案已发布"), field="status")
    if not scheme.indicators.exists() or not scheme.bands.exists():
        raise ActionError(_("请先设置评定指标和星级分数段"), field="indicators")
    today = timezone.localdate()
    if scheme.deadline < today:
        raise ActionError(_("自评截止日期（%(day)s）已过，请先修改截止日期") % {"day": scheme.deadline.isoformat()},
                          field="deadline")
    before = audit.snapshot(scheme, SCHEME_FIELDS)
    unions = Organisation.objects.subtree(scheme.federation).filter(kind=Kind.GRASSROOTS).values_list("id", flat=True)
    made = Assessment.objects.bulk_create([Assessment(scheme=scheme, union_id=pk) for pk in unions],
                                          ignore_conflicts=True)
    scheme.status, scheme.published_on = Scheme.Status.OPEN, today
    scheme.save(update_fields=["status", "published_on"])
    audit.record(actor, "ratings_publish", scheme, org=scheme.federation, before=before,
                 after=audit.snapshot(scheme, SCHEME_FIELDS),
                 note=_("%(n)s个基层工会参加自评") % {"n": len(made)})
    return scheme


def delete_scheme(actor, scheme, *, note=""):
    def check(row):
        if row.status != Scheme.Status.DRAFT:
            raise ActionError(_("方案已发布，不能删除"), field="status")
    return softdelete.soft_delete(scheme, actor=actor, org=lambda s: s.federation, note=note, check=check,
                                  allow=lambda s: scope.require(actor, RATE, s.federation))


def restore_scheme(actor, scheme, *, note=""):
    return softdelete.restore(scheme, actor=actor, org=lambda s: s.federation, note=note,
                              allow=lambda s: scope.require(actor, RATE, s.federation))


# ---- self-assessment ----

def figures(assessment, indicators=None):
    """The computed indicators' source figures for this union over the scheme's year, through
    ``core.metrics`` (one read per bound indicator): indicator id → (Reading or None, points or None)."""
    scheme = assessment.scheme
    start, end = rules.period(scheme.year, timezone.localdate())
    indicators = indicators if indicators is not None else list(scheme.indicators.all())
    out = {}
    for ind in indicators:
        if not ind.metric:
            continue
        reading = metrics.read(ind.metric, assessment.union, start, end)
        value = reading.value if reading is not None else None
        out[ind.pk] = (reading, rules.computed_points(value, ind.threshold, ind.max_points))
    return out


def _by_indicator(rows, indicators):
    known = {i.pk: i for i in indicators}
    given = {}
    for row in rows or []:
        key = row.get("indicator")
        key = getattr(key, "pk", key)
        try:
            key = int(key)
        except (TypeError, ValueError):
            key = None
        if key not in known:
            raise ActionError(_("指标“%(id)s”不属于该评定方案") % {"id": row.get("indicator")}, field="scores")
        given[key] = row
    return given


@transaction.atomic
def save_self_assessment(actor, assessment, *, scores, submit=False):
    """The union's scores with evidence, saved as a draft or submitted for review. A computed indicator left
    blank takes the points its figure earns; submitting needs every indicator scored, by the due day."""
    a = _lock_assessment(assessment)
    scope.require(actor, RATE, a.union)
    if not a.scheme.is_open:
        raise ActionError(_("评定方案尚未发布"), field="scheme")
    if not a.editable_by_union:
        raise ActionError(_("自评已提交（%(status)s），不能再修改") % {"status": a.get_status_display()}, field="status")
    today = timezone.localdate()
    due = a.due()
    if today > due:
        raise ActionError(_("已过自评截止日期（%(day)s），不能再填报或提交自评") % {"day": due.isoformat()},
                          field="deadline")
    indicators = list(a.scheme.indicators.all())
    given = _by_indicator(scores, indicators)
    computed = figures(a, indicators)
    existing = {s.indicator_id: s for s in a.scores.all()}
    errors, rows = [], []
    for ind in indicators:
        row = given.get(ind.pk, {})
        old = existing.get(ind.pk)
        reading, points = computed.get(ind.pk, (None, None))
        try:
            value = number(row.get("score"), "scores", required=False, minimum=Decimal(0), maximum=ind.max_points,
                           label=_("指标“%(name)s”的自评分") % {"name": ind.name})
            evidence = text(row.get("evidence"), "scores", max_length=2000,
                            label=_("指标“%(name)s”的佐证材料") % {"name": ind.name})
        except ActionError as exc:
            errors.extend(exc.messages)
            continue
        if ind.pk not in given and old is not None:
            value, evidence = old.self_score, old.evidence
        if value is None and points is not None:
            value = points
        if value is None and submit:
            errors.append(_("指标“%(name)s”尚未评分") % {"name": ind.name})
        score = old or Score(assessment=a)
        score.indicator = ind
        score.self_score, score.evidence = value, evidence
        score.metric_value = reading.value if reading is not None else None
        rows.append(score)
    if errors:
        raise ActionError(errors={"scores": errors})
    before = audit.snapshot(a, ASSESSMENT_FIELDS)
    Score.objects.bulk_create([s for s in rows if s.pk is None])
    Score.objects.bulk_update([s for s in rows if s.pk is not None], ["self_score", "evidence", "metric_value"])
    a.self_total = rules.total((s.self_score, s.indicator.max_points, s.indicator.weight) for s in rows)
    if submit:
        a.status, a.submitted_on = Assessment.Status.SUBMITTED, today
    a.save(update_fields=["status", "self_total", "submitted_on"])
    audit.record(actor, "ratings_submit" if submit else "ratings_self", a, org=a.union, before=before,
                 after=audit.snapshot(a, ASSESSMENT_FIELDS))
    return a


def submit(actor, assessment):
    """Submit the self-assessment as it stands (every indicator scored)."""
    return save_self_assessment(actor, assessment, scores=[], submit=True)


# ---- review by the federation ----

@transaction.atomic
def review(actor, assessment, *, scores, comment=""):
    """The federation's scores (each within its indicator's points; a blank one confirms the union's own),
    the final score and the stars by the scheme's bands."""
    a = _lock_assessment(assessment)
    scope.require(actor, RATE, a.scheme.federation)
    if a.status != Assessment.Status.SUBMITTED:
        raise ActionError(_("该自评尚未提交（%(status)s），不能评审") % {"status": a.get_status_display()},
                          field="status")
    comment = text(comment, "comment", max_length=1000, label=_("评审意见"))
    indicators = list(a.scheme.indicators.all())
    given = _by_indicator(scores, indicators)
    existing = {s.indicator_id: s for s in a.scores.all()}
    errors, rows = [], []
    for ind in indicators:
        row = given.get(ind.pk, {})
        try:
            value = number(row.get("score"), "scores", required=False, minimum=Decimal(0), maximum=ind.max_points,
                           label=_("指标“%(name)s”的评审分") % {"name": ind.name})
            note = text(row.get("comment"), "scores", max_length=500,
                        label=_("指标“%(name)s”的评审说明") % {"name": ind.name})
        except ActionError as exc:
            errors.extend(exc.messages)
            continue
        score = existing.get(ind.pk) or Score(assessment=a)
        score.indicator = ind
        if value is None:
            value = score.self_score
        if value is None:
            errors.append(_("指标“%(name)s”尚未评分") % {"name": ind.name})
        score.review_score, score.review_comment = value, note
        rows.append(score)
    if errors:
        raise ActionError(errors={"scores": errors})
    before = audit.snapshot(a, ASSESSMENT_FIELDS)
    Score.objects.bulk_create([s for s in rows if s.pk is None])
    Score.objects.bulk_update([s for s in rows if s.pk is not None], ["review_score", "review_comment"])
    a.final_score = rules.total((s.review_score, s.indicator.max_points, s.indicator.weight) for s in rows)
    a.stars = rules.stars_for(a.final_score, list(a.scheme.bands.all()))
    a.status, a.review_comment, a.reviewed_on, a.reviewer = (Assessment.Status.REVIEWED, comment,
                                                             timezone.localdate(), actor)
    a.save(update_fields=["final_score", "stars", "status", "review_comment", "reviewed_on", "reviewer"])
    audit.record(actor, "ratings_review", a, org=a.union, before=before, after=audit.snapshot(a, ASSESSMENT_FIELDS))
    return a


@transaction.atomic
def return_for_correction(actor, assessment, *, reason, due=None):
    """Send a submitted self-assessment back to the union with the reason and the day to resubmit by
    (by default the scheme's deadline, or a week from today when that has passed)."""
    a = _lock_assessment(assessment)
    scope.require(actor, RATE, a.scheme.federation)
    if a.status != Assessment.Status.SUBMITTED:
        raise ActionError(_("该自评尚未提交（%(status)s），不能退回") % {"status": a.get_status_display()},
                          field="status")
    reason = text(reason, "reason", required=True, max_length=500, label=_("退回理由"))
    today = timezone.localdate()
    due = date_value(due, "due", required=False, label=_("修改期限"))
    if due is None:
        due = max(a.scheme.deadline, today + datetime.timedelta(days=7))
    if due < today:
        raise ActionError(_("修改期限不能早于今天"), field="due")
    before = audit.snapshot(a, ASSESSMENT_FIELDS)
    a.status, a.returned_reason, a.correction_due = Assessment.Status.RETURNED, reason, due
    a.save(update_fields=["status", "returned_reason", "correction_due"])
    audit.record(actor, "ratings_return", a, org=a.union, before=before, after=audit.snapshot(a, ASSESSMENT_FIELDS))
    return a
