"""Star-rating pages: the schemes a user defines or answers to, a scheme's definition (indicators and bands
as data, or a copy of the preset), its figures and ranking, a union's self-assessment with the source
figures of computed indicators, the federation's review (scores, comment, return for correction), the
certificate PDF and a union's history over the years.

Views parse input and call ``ratings.actions``. Every row comes through ``visible_to``; an id out of scope is
a 404.
"""
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core import charts, metrics, scope
from gonghui.core.capabilities import RATE
from gonghui.core.errors import ActionError
from gonghui.core.views import form_post, show_action_error
from gonghui.orgs.lookups import find_org
from gonghui.orgs.models import FEDERATION_KINDS, Organisation
from gonghui.orgs.unions import current_union, union_options

from . import actions, documents, queries
from .forms import BandFormSet, IndicatorFormSet, PresetForm, ReturnForm, ReviewForm, SchemeForm
from .models import Assessment, Scheme

PAGE = 50


def _federations(user):
    return list(Organisation.objects.visible_to(user, RATE).filter(kind__in=FEDERATION_KINDS)
                .order_by("path")[:200])


@login_required
def home(request):
    user = request.user
    if scope.prefixes(user, RATE) == []:
        raise PermissionDenied(_("您没有这项权限"))
    schemes = list(Scheme.objects.visible_to(user, RATE).select_related("federation").order_by("-year", "-id")[:PAGE])
    federations = _federations(user)
    union = current_union(request, RATE, post=False, deny=False) if not federations else None
    rows = queries.history(union) if union is not None else []
    today = timezone.localdate()
    return render(request, "ratings/home.html", {
        "schemes": schemes, "federations": federations, "union": union, "rows": rows, "today": today,
        "preset_form": PresetForm(initial={"federation": federations[0].code if federations else "",
                                           "year": today.year, "deadline": today.isoformat()}),
        "unions": union_options(user, RATE) if union is not None else []})


# ---- schemes ----

def _scheme(user, pk):
    scheme = Scheme.objects.visible_to(user, RATE).select_related("federation").filter(pk=pk).first()
    if scheme is None:
        raise Http404(_("找不到该评定方案"))
    return scheme


def _indicator_rows(formset):
    return [f.cleaned_data for f in formset.forms if f.cleaned_data]


def _band_rows(formset):
    return [f.cleaned_data for f in formset.forms if f.cleaned_data]


@login_required
def scheme_edit(request, pk=None):
    """A new scheme defined by hand (``?org=<federation code>``), or a draft's definition changed."""
    user = request.user
    scheme = _scheme(user, pk) if pk else None
    if scheme is not None:
        federation = scheme.federation
        if not scope.can(user, RATE, federation):
            raise Http404(_("找不到该评定方案"))
        head = {"name": scheme.name, "year": scheme.year, "deadline": scheme.deadline.isoformat()}
        ind = [{"area": i.area.name, "name": i.name, "max_points": i.max_points, "weight": i.weight,
                "metric": i.metric, "threshold": i.threshold if i.threshold is not None else ""}
               for i in scheme.indicators.select_related("area")]
        bands = [{"stars": b.stars, "min_score": b.min_score, "max_score": b.max_score} for b in scheme.bands.all()]
    else:
        code = (request.GET.get("org") or "").strip()
        if not code:
            federations = _federations(user)
            code = federations[0].code if federations else ""
        try:
            federation = find_org(user, code, field="org", cap=RATE)
        except ActionError:
            raise Http404(_("找不到该组织")) from None
        today = timezone.localdate()
        head, ind, bands = {"year": today.year, "deadline": today.isoformat()}, [], []
    form = SchemeForm(request.POST or None, initial=head)
    indicators = IndicatorFormSet(request.POST or None, initial=ind, prefix="i")
    band_set = BandFormSet(request.POST or None, initial=bands, prefix="b")
    errors = {}
    if request.method == "POST" and form.is_valid() and indicators.is_valid() and band_set.is_valid():
        try:
            scheme = actions.save_scheme(user, federation, scheme=scheme, indicators=_indicator_rows(indicators),
                                         bands=_band_rows(band_set), **form.cleaned_data)
        except ActionError as exc:
            errors = exc.message_dict
            rest = {k: v for k, v in errors.items() if k not in ("indicators", "bands")}
            if rest:
                show_action_error(form, ActionError(errors=rest))
        else:
            messages.success(request, _("已保存评定方案"))
            return redirect("ratings:scheme", pk=scheme.pk)
    return render(request, "ratings/scheme_form.html", {
        "scheme": scheme, "federation": federation, "form": form, "indicators": indicators, "bands": band_set,
        "indicator_errors": errors.get("indicators", []), "band_errors": errors.get("bands", [])},
        status=400 if form.errors or errors else 200)


@login_required
@require_POST
def scheme_preset(request):
    form = PresetForm(request.POST)
    if form.is_valid():
        try:
            federation = find_org(request.user, form.cleaned_data["federation"], field="federation", cap=RATE)
            scheme = actions.copy_preset(request.user, federation, year=form.cleaned_data["year"],
                                         deadline=form.cleaned_data["deadline"])
        except ActionError as exc:
            for messages_ in exc.message_dict.values():
                for m in messages_:
                    messages.error(request, m)
        else:
            messages.success(request, _("已复制预设方案，请核对指标和分数段后发布"))
            return redirect("ratings:scheme", pk=scheme.pk)
    else:
        messages.error(request, _("请填写总工会、年度和自评截止日期"))
    return redirect("ratings:home")


@login_required
def scheme_detail(request, pk):
    user = request.user
    scheme = _scheme(user, pk)
    may_manage = scope.can(user, RATE, scheme.federation)
    indicators = list(scheme.indicators.select_related("area"))
    bands = list(scheme.bands.all())
    context = {"scheme": scheme, "indicators": indicators, "bands": bands, "may_manage": may_manage,
               "possible": sum(i.max_points * i.weight for i in indicators)}
    if scheme.is_open and may_manage:
        stats = queries.scheme_figures(scheme)
        after = request.GET.get("after") or ""
        ranked, more = queries.ranking(scheme, int(after) if after.isdigit() else 0)
        status = request.GET.get("status") or ""
        listed = Assessment.objects.filter(scheme=scheme).select_related("union")
        if status in Assessment.Status.values:
            listed = listed.filter(status=status)
        before = request.GET.get("before") or ""
        if before.isdigit():
            listed = listed.filter(pk__lt=int(before))
        listed = list(listed.order_by("-pk")[:PAGE + 1])
        context.update({
            "stats": stats, "ranked": ranked, "more": more, "status": status, "statuses": Assessment.Status.choices,
            "listed": listed[:PAGE], "older": listed[PAGE - 1].pk if len(listed) > PAGE else None,
            "by_stars": charts.bars(_("按星级"), [(_("%(n)s星") % {"n": s} if s else _("未达星级"), n)
                                                for s, n in stats.by_stars]),
            "by_state": charts.donut(_("自评进度"), [(_("已评定"), stats.reviewed), (_("待评审"), stats.submitted),
                                                     (_("退回修改"), stats.returned),
                                                     (_("未提交"), stats.missing - stats.returned)]),
            "metric": metrics.get("ratings.starred_unions")})
    elif scheme.is_open:
        union = current_union(request, RATE, post=False, deny=False)
        context["mine"] = Assessment.objects.filter(scheme=scheme, union=union).first()
    return render(request, "ratings/scheme.html", context)


def _scheme_step(request, pk, call, success):
    scheme = _scheme(request.user, pk)
    try:
        call(scheme)
    except ActionError as exc:
        for messages_ in exc.message_dict.values():
            for m in messages_:
                messages.error(request, m)
        return redirect("ratings:scheme", pk=scheme.pk)
    messages.success(request, success)
    return None


@login_required
@require_POST
def scheme_publish(request, pk):
    return (_scheme_step(request, pk, lambda s: actions.publish(request.user, s), _("已发布，各基层工会可以自评"))
            or redirect("ratings:scheme", pk=pk))


@login_required
@require_POST
def scheme_delete(request, pk):
    return (_scheme_step(request, pk, lambda s: actions.delete_scheme(request.user, s),
                         _("已删除该方案（可在审计记录中恢复）")) or redirect("ratings:home"))


# ---- assessments ----

def _assessment(user, pk):
    """A union's officers reach it through the union; the federation's officers through the scheme."""
    a = (Assessment.objects.filter(scope.org_condition(user, RATE, "union")
                                   | scope.org_condition(user, RATE, "scheme__federation"))
         .filter(scheme__deleted_at__isnull=True)
         .select_related("scheme", "scheme__federation", "union", "reviewer").filter(pk=pk).first())
    if a is None:
        raise Http404(_("找不到该自评"))
    return a


def _lines(a, posted=None):
    """One row per indicator: the indicator, its score row (or None), for computed ones the figure, and the
    values the page's inputs show (what was posted, when a post was refused)."""
    indicators = list(a.scheme.indicators.select_related("area"))
    scores = {s.indicator_id: s for s in a.scores.all()}
    figures = actions.figures(a, indicators) if a.editable_by_union else {}
    lines = []
    for ind in indicators:
        reading, points = figures.get(ind.pk, (None, None))
        score = scores.get(ind.pk)
        own = score.self_score if score and score.self_score is not None else points
        posted_ = posted or {}
        lines.append({"indicator": ind, "score": score, "reading": reading, "points": points,
                      "metric": metrics.get(ind.metric) if ind.metric else None,
                      "value": score.metric_value if score and not figures else (reading.value if reading else None),
                      "input_score": posted_.get(f"score-{ind.pk}", "" if own is None else own),
                      "input_text": posted_.get(f"evidence-{ind.pk}", score.evidence if score else ""),
                      "input_review": posted_.get(f"score-{ind.pk}", "") if posted else "",
                      "input_comment": posted_.get(f"comment-{ind.pk}", "")})
    return lines


def _detail(request, a, *, review_form=None, return_form=None, errors=None, status=200):
    user = request.user
    may_self = a.editable_by_union and scope.can(user, RATE, a.union)
    may_review = a.status == Assessment.Status.SUBMITTED and scope.can(user, RATE, a.scheme.federation)
    return render(request, "ratings/assessment.html", {
        "a": a, "lines": _lines(a, request.POST if status != 200 else None), "today": timezone.localdate(), "may_self": may_self, "may_review": may_review,
        "review_form": review_form or (ReviewForm() if may_review else None),
        "return_form": return_form or (ReturnForm(initial={"due": ""}) if may_review else None),
        "errors": errors or []}, status=status)


@login_required
def assessment_detail(request, pk):
    return _detail(request, _assessment(request.user, pk))


def _scores(post, kind):
    """The per-indicator inputs (``score-<id>``, ``evidence-<id>`` / ``comment-<id>``) of a posted page."""
    rows = []
    for key, value in post.items():
        if key.startswith("score-") and key[6:].isdigit():
            pk = key[6:]
            rows.append({"indicator": pk, "score": value, kind: post.get(f"{kind}-{pk}", "")})
    return rows


@login_required
@require_POST
def assessment_self(request, pk):
    a = _assessment(request.user, pk)
    submit = "submit" in request.POST
    try:
        actions.save_self_assessment(request.user, a, scores=_scores(request.POST, "evidence"), submit=submit)
    except ActionError as exc:
        return _detail(request, a, errors=[m for ms in exc.message_dict.values() for m in ms], status=400)
    messages.success(request, _("已提交自评，等待上级工会评审") if submit else _("已保存自评"))
    return redirect("ratings:assessment", pk=a.pk)


@login_required
@require_POST
def assessment_review(request, pk):
    a = _assessment(request.user, pk)
    form = ReviewForm(request.POST)

    def act(data):
        return actions.review(request.user, a, scores=_scores(request.POST, "comment"), comment=data["comment"])

    def page(form_):
        messages_ = [e for es in form_.errors.values() for e in es]
        return _detail(request, a, review_form=form_, errors=messages_, status=400)
    return form_post(request, form, act, success=_("已评定"), page=page,
                     done=lambda _r: redirect("ratings:assessment", pk=a.pk))


@login_required
@require_POST
def assessment_return(request, pk):
    a = _assessment(request.user, pk)
    return form_post(request, ReturnForm(request.POST),
                     lambda d: actions.return_for_correction(request.user, a, reason=d["reason"], due=d["due"]),
                     success=_("已退回修改"), done=lambda _r: redirect("ratings:assessment", pk=a.pk),
                     page=lambda form: _detail(request, a, return_form=form, status=400))


@login_required
def certificate(request, pk):
    a = _assessment(request.user, pk)
    if a.status != Assessment.Status.REVIEWED or not a.stars:
        raise Http404(_("该自评尚未评定星级，没有证书"))
    response = HttpResponse(documents.certificate_pdf(a), content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(documents.filename(a))}"
    return response


@login_required
def history(request):
    union = current_union(request, RATE, post=False)
    return render(request, "ratings/history.html", {"union": union, "rows": queries.history(union),
                                                    "unions": union_options(request.user, RATE)})
