"""Care pages: the officer's home and reminders, visits, hardship files, greetings with sign-off, a
member's care history, satisfaction answers, figures, settings, and the member's own page.

Views parse input and call ``care.actions``. Every row comes through ``visible_to``; an id out of
scope is a 404. Hardship details are shown in clear only with SEE_HARDSHIP at the file's organisation.
"""
import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core.capabilities import CARE, MANAGE_ORGS, SEE_HARDSHIP, VIEW
from gonghui.core import charts, metrics, parsing, scope
from gonghui.core.errors import ActionError
from gonghui.core.i18n import clauses
from gonghui.core.views import show_action_error
from gonghui.orgs.unions import PICKER_LIMIT, current_union, union_options, unions_for
from gonghui.members.models import Member
from gonghui.members import pickers as member_pickers
from gonghui.members.queries import member_for
from gonghui.orgs.models import Kind, Organisation

from . import actions, occasions, queries, reminders
from .forms import (AnswerForm, BirthdayForm, EvidenceForm, ExitForm, FestivalForm, FileForm, HelpForm, OccasionForm,
                    PovertyLineForm, ReverifyForm, VisitForm)
from .models import (Distribution, DistributionRow, HardshipEvidence, HardshipFile, HardshipHelp, PovertyLine,
                     SurveyAnswer, Visit)

PAGE = 50
MONTHS = [pgettext_lazy("月份简称", "1月"), pgettext_lazy("月份简称", "2月"), pgettext_lazy("月份简称", "3月"),
          pgettext_lazy("月份简称", "4月"), pgettext_lazy("月份简称", "5月"), pgettext_lazy("月份简称", "6月"),
          pgettext_lazy("月份简称", "7月"), pgettext_lazy("月份简称", "8月"), pgettext_lazy("月份简称", "9月"),
          pgettext_lazy("月份简称", "10月"), pgettext_lazy("月份简称", "11月"), pgettext_lazy("月份简称", "12月")]
FIGURE_FIELDS = ["household_size", "household", "household_income", "essential_spending", "crisis_costs",
                 "disaster", "cause", "plan"]


def _pick_union(request, unions):
    """The union chosen with ?org=CODE among ``unions`` (the first one by default); 404 if none."""
    code = (request.GET.get("org") or "").strip()
    union = next((u for u in unions if u.code == code), None) if code else (unions[0] if unions else None)
    if union is None:
        raise Http404(_("找不到该组织"))
    return union


def _require_care(user):
    if scope.prefixes(user, CARE) == []:
        raise PermissionDenied(_("您没有送温暖工作的权限"))


def _care_union(request):
    """The unions the user does care work in and the one chosen (?org=CODE); 403 without CARE anywhere."""
    _require_care(request.user)
    return union_options(request.user, CARE), current_union(request, CARE, post=False)


def _scope_org(request, cap=VIEW):
    """The organisation a list is narrowed to (?org=CODE within the user's scope), or None."""
    code = (request.GET.get("org") or "").strip()
    if not code:
        return None
    org = Organisation.objects.visible_to(request.user, cap).filter(code=code).first()
    if org is None:
        raise Http404(_("找不到该组织"))
    return org


def _keyset(request, qs):
    """A page of ``qs`` newest first by id, with ``?before=`` (older) and ``?after=`` (newer) links."""
    before, after = request.GET.get("before"), request.GET.get("after")
    if before and before.isdigit():
        rows = list(qs.filter(pk__lt=int(before)).order_by("-pk")[:PAGE + 1])
    elif after and after.isdigit():
        rows = list(qs.filter(pk__gt=int(after)).order_by("pk")[:PAGE + 1])[::-1]
        rows = rows[-(PAGE + 1):]
    else:
        rows = list(qs.order_by("-pk")[:PAGE + 1])
    more = len(rows) > PAGE
    if after and after.isdigit():
        rows = rows[-PAGE:] if more else rows
        older = rows[-1].pk if rows else None
        newer = rows[0].pk if more and rows else None
    else:
        rows = rows[:PAGE]
        older = rows[-1].pk if more and rows else None
        newer = rows[0].pk if (before and rows) else None
    query = request.GET.copy()
    for key in ("before", "after"):
        query.pop(key, None)
    base = query.urlencode()
    link = (lambda k, v: f"?{base + '&' if base else ''}{k}={v}")
    return rows, (link("before", older) if older else ""), (link("after", newer) if newer else "")


def _dates(request, year_default=True):
    today = timezone.localdate()
    try:
        start = datetime.date.fromisoformat(request.GET.get("start") or "")
    except ValueError:
        start = datetime.date(today.year, 1, 1) if year_default else None
    try:
        end = datetime.date.fromisoformat(request.GET.get("end") or "")
    except ValueError:
        end = today if year_default else None
    return start, end


def _member_by_no(user, union, member_no):
    """The member typed or picked (name, pinyin, number…) in the union, within the CARE scope."""
    return member_pickers.resolve(user, member_no, pk=getattr(member_no, "pk", None), field="member_no",
                                  cap=CARE, union=union)


def _field_errors(exc, rename):
    return ActionError(errors={rename.get(k, k): v for k, v in exc.message_dict.items()})


def _show(form, exc, renames=None):
    show_action_error(form, _field_errors(exc, renames) if renames else exc)


def _record_form(request, form, template, page, *, save, done, to, renames=None, check=None, check_renames=None):
    """A page recording one thing for the chosen union (a visit, a festival list, a hardship file).

    A valid POST with ``intent=check`` (when ``check`` is given) shows the page again with the spending
    rules' verdict ``check(cleaned_data)``; any other valid POST calls ``save(cleaned_data)``, says ``done``
    (a message, or a function of the record saved) and goes to the record's page ``to``. Bad input or a
    refused action → the page again with the form's errors (400). ``page`` is the rest of the context."""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if check and request.POST.get("intent") == "check":
            verdict = None
            try:
                verdict = check(data)
            except ActionError as exc:
                _show(form, exc, check_renames)
            return render(request, template, {"form": form, **page, "verdict": verdict},
                          status=400 if form.errors else 200)
        try:
            record = save(data)
        except ActionError as exc:
            _show(form, exc, renames)
        else:
            messages.success(request, done(record) if callable(done) else done)
            return redirect(to, pk=record.pk)
    return render(request, template, {"form": form, **page}, status=400 if form.errors else 200)


# ---- home, reminders, figures ----

@login_required
def home(request):
    unions, union = _care_union(request)
    today = timezone.localdate()
    start = datetime.date(today.year, 1, 1)
    # The registered metrics' figures (one definition), over the year so far.
    read = {code: metrics.read(f"care.{code}", union, start, today)
            for code in ("visits", "people_reached", "money_spent", "satisfaction_rate", "hardship_files")}
    rate = read["satisfaction_rate"]
    upcoming = reminders.upcoming(union, today, limit=10)
    return render(request, "care/home.html", {
        "union": union, "unions": unions, "today": today,
        "visits": read["visits"].value, "people": read["people_reached"].value, "spent": read["money_spent"].detail,
        "rate": rate.value if rate else None, "answers": rate.detail[3] if rate else 0,
        "files": read["hardship_files"].value,
        "upcoming": upcoming,
    })


@login_required
def reminders_page(request):
    unions, union = _care_union(request)
    today = timezone.localdate()
    return render(request, "care/reminders.html", {"union": union, "unions": unions, "today": today,
                                                   "upcoming": reminders.upcoming(union, today),
                                                   "days": (reminders.BIRTHDAY_DAYS, reminders.REVERIFY_DAYS)})


@login_required
def figures(request):
    unions, union = _care_union(request)
    today = timezone.localdate()
    year = parsing.year_or(request.GET.get("year"), today.year)
    start, end = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)
    # The tiles are the registered metrics' figures (one definition: plan targets and summaries show the same).
    shown = {code: metrics.get(code) for code in ("care.visits", "care.people_reached", "care.money_spent",
                                                  "care.satisfaction_rate")}
    read = {code: metric.read(union, start, end) for code, metric in shown.items()}
    counts = read["care.visits"].detail
    spent = read["care.money_spent"].detail
    rate = read["care.satisfaction_rate"]
    s, b, d, answers = rate.detail if rate else (0, 0, 0, 0)
    months = queries.money_by_month(union, year)
    return render(request, "care/figures.html", {
        "union": union, "unions": unions, "year": year, "years": list(range(today.year, today.year - 5, -1)),
        "start": start, "end": end, "m": {code.split(".")[1]: metric for code, metric in shown.items()},
        "counts": counts, "visits": read["care.visits"].value, "women": sum(w for _o, _n, w in counts),
        "people": read["care.people_reached"].value, "spent": spent,
        "by_occasion": charts.bars(_("走访慰问人次（按事由）"), [(o, n) for o, n, _w in counts]),
        "by_month": charts.bars(_("慰问支出（元，按月）"), [(str(MONTHS[m - 1]), int(v)) for m, v in months.items()]),
        "files_chart": charts.donut(_("在档困难职工（按类别）"), queries.open_files_on(union, end)),
        "satisfied": s, "basic": b, "dissatisfied": d, "answers": answers, "rate": rate.value if rate else None,
    })


# ---- visits ----

@login_required
def visits(request):
    user = request.user
    qs = Visit.objects.visible_to(user, VIEW).select_related("member", "org")
    org = _scope_org(request)
    if org:
        qs = qs.filter(org__in=queries.subtree(org))
    start, end = _dates(request, year_default=False)
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    rows, older, newer = _keyset(request, qs)
    return render(request, "care/visits.html", {"rows": rows, "older": older, "newer": newer,
                                                "may_record": scope.prefixes(user, CARE) != []})


@login_required
def visit_new(request):
    user = request.user
    unions, union = _care_union(request)
    choices = occasions.for_union(union)
    initial = {"date": timezone.localdate(), "visitors": user.name}
    member_id = request.GET.get("member")
    if member_id and member_id.isdigit():
        m = Member.objects.visible_to(user, CARE).filter(pk=int(member_id), union=union).first()
        if m:
            initial["member_no"] = member_pickers.value(m)
    form = VisitForm(request.POST or None, occasions=choices, initial=initial)
    form.fields["member_no"].set_params(within=union.code)

    def check(data):
        member = _member_by_no(user, union, data["member_no"])
        choice = occasions.find(union, data["occasion"])
        return queries.preview_gift(user, union, expense_kind=choice.expense_kind, members=[member.pk],
                                    amount=data["amount"], date=data["date"], form=data["form"] or "cash")

    def save(data):
        member = _member_by_no(user, union, data["member_no"])
        return actions.record_visit(user, member, occasion=data["occasion"], date=data["date"],
                                    visitors=data["visitors"], gift=data["gift"], amount=data["amount"],
                                    form=data["form"] or "cash", note=data["note"],
                                    override_reason=data["override_reason"])

    return _record_form(request, form, "care/visit_form.html", {"union": union, "unions": unions},
                        check=check, save=save, done=_("已登记走访慰问"), to="care:visit",
                        renames={"member": "member_no"})


def _visit(user, pk, cap=VIEW):
    v = Visit.objects.visible_to(user, cap).select_related("member", "org", "union", "expense", "recorded_by") \
        .filter(pk=pk).first()
    if v is None:
        raise Http404(_("找不到该走访记录"))
    return v


@login_required
def visit_detail(request, pk):
    v = _visit(request.user, pk)
    answer = SurveyAnswer.objects.filter(visit=v).first()
    may_answer = answer is None and (v.member.user_id == request.user.pk or scope.can(request.user, CARE, v.org))
    return render(request, "care/visit_detail.html", {
        "v": v, "answer": answer, "answer_form": AnswerForm() if may_answer else None,
        "may_delete": scope.can(request.user, CARE, v.org) and not v.expense_id})


@login_required
@require_POST
def visit_delete(request, pk):
    v = _visit(request.user, pk, CARE)
    try:
        actions.delete_visit(request.user, v)
    except ActionError as exc:
        messages.error(request, exc.as_text())
        return redirect("care:visit", pk=v.pk)
    messages.success(request, _("已删除该走访记录"))
    return redirect("care:visits")


@login_required
@require_POST
def visit_answer(request, pk):
    v = _visit(request.user, pk)
    return _answer(request, visit=v, back=reverse("care:visit", args=[v.pk]))


def _answer(request, *, visit=None, help_row=None, back):
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, clauses(e for errs in form.errors.values() for e in errs))
        return redirect(back)
    try:
        actions.answer_survey(request.user, visit=visit, help_row=help_row, answer=form.cleaned_data["answer"],
                              comment=form.cleaned_data["comment"])
    except ActionError as exc:
        messages.error(request, exc.as_text())
    else:
        messages.success(request, _("谢谢您的评价"))
    return redirect(back)


# ---- occasions and 低保 lines ----

@login_required
def occasions_page(request):
    user = request.user
    unions, union = _care_union(request)
    form = OccasionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.save_occasion(user, union, code=data["code"], name=data["name"],
                                  expense_kind=data["expense_kind"], must_visit=data["must_visit"],
                                  active=data["active"])
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已保存走访事由"))
            return redirect(reverse("care:occasions") + f"?org={union.code}")
    return render(request, "care/occasions.html", {
        "union": union, "unions": unions, "form": form,
        "rows": occasions.for_union(union, include_inactive=True)}, status=400 if form.errors else 200)


@login_required
def poverty_lines(request):
    user = request.user
    orgs = list(unions_for(user, CARE)[:PICKER_LIMIT])
    orgs += list(Organisation.objects.visible_to(user, MANAGE_ORGS).filter(
        kind__in=[Kind.NATIONAL, Kind.PROVINCE, Kind.CITY, Kind.COUNTY, Kind.TOWN]).order_by("path")[:50])
    if not orgs:
        raise PermissionDenied(_("您没有设定低保标准的权限"))
    org = _pick_union(request, orgs)
    form = PovertyLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.set_poverty_line(user, org, amount=data["amount"], effective_from=data["effective_from"],
                                     source=data["source"])
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已设定低保标准"))
            return redirect(reverse("care:poverty_lines") + f"?org={org.code}")
    paths = org.ancestor_paths()
    rows = PovertyLine.objects.filter(org__path__in=paths).select_related("org").order_by("-org__path",
                                                                                          "-effective_from")
    return render(request, "care/poverty_lines.html", {"org": org, "unions": orgs, "union": org, "form": form,
                                                       "rows": rows}, status=400 if form.errors else 200)


# ---- hardship files ----

def _may_see(user, f):
    return scope.can(user, SEE_HARDSHIP, f.org)


@login_required
def files(request):
    user = request.user
    qs = HardshipFile.objects.visible_to(user, VIEW).select_related("member", "org")
    org = _scope_org(request)
    if org:
        qs = qs.filter(org__in=queries.subtree(org))
    status = request.GET.get("status") or ""
    if status in HardshipFile.Status.values:
        qs = qs.filter(status=status)
    if request.GET.get("overdue"):
        qs = qs.filter(status=HardshipFile.Status.ACTIVE, next_verification__lt=timezone.localdate())
    rows, older, newer = _keyset(request, qs)
    return render(request, "care/files.html", {"rows": rows, "older": older, "newer": newer, "status": status,
                                               "statuses": HardshipFile.Status.choices,
                                               "today": timezone.localdate(),
                                               "may_record": scope.prefixes(user, CARE) != []})


def _figures(data):
    return {name: data.get(name) for name in FIGURE_FIELDS}


@login_required
def file_new(request):
    user = request.user
    unions, union = _care_union(request)
    form = FileForm(request.POST or None, request.FILES or None)
    form.fields["member_no"].set_params(within=union.code)

    def save(data):
        member = _member_by_no(user, union, data["member_no"])
        return actions.create_file(user, member, data=_figures(data), evidence=data["evidence"],
                                   submit=request.POST.get("intent") == "submit")

    return _record_form(request, form, "care/file_form.html", {"union": union, "unions": unions}, save=save,
                        done=lambda f: _("已建档") if f.status == HardshipFile.Status.ACTIVE else _("已保存草稿"),
                        to="care:file", renames={"member": "member_no"})


def _file(user, pk, cap=VIEW):
    f = HardshipFile.objects.visible_to(user, cap).select_related("member", "org", "union").filter(pk=pk).first()
    if f is None:
        raise Http404(_("找不到该档案"))
    return f


def _initial_figures(f):
    return {name: getattr(f, name) for name in FIGURE_FIELDS}


def _file_page(request, f, forms=None, status=200):
    user = request.user
    clear = _may_see(user, f)
    may_care = scope.can(user, CARE, f.org)
    forms = forms or {}
    today = timezone.localdate()
    help_rows = list(HardshipHelp.objects.filter(file_record=f).order_by("-date", "-id")) if clear else []
    return render(request, "care/file_detail.html", {
        "f": f, "clear": clear, "may_care": may_care and f.status != HardshipFile.Status.EXITED,
        "evidence": list(f.evidence.all()) if clear else [], "evidence_count": f.evidence.count(),
        "help_rows": help_rows, "overdue": f.next_verification and f.next_verification < today,
        "evidence_form": forms.get("evidence") or EvidenceForm(),
        "reverify_form": forms.get("reverify") or ReverifyForm(initial={**(_initial_figures(f) if clear else {}),
                                                                        "verified_on": today}),
        "help_form": forms.get("help") or HelpForm(initial={"date": today}),
        "exit_form": forms.get("exit") or ExitForm(initial={"exited_on": today}),
    }, status=status)


@login_required
def file_detail(request, pk):
    return _file_page(request, _file(request.user, pk))


def _file_form_post(request, pk, key, form, act, done, renames=None):
    """One form posted on a hardship file's page: valid → ``act(user, file, cleaned_data)`` and back to the
    file with ``done``; bad input or a refused action → the page again with that form's errors (400)."""
    f = _file(request.user, pk, CARE)
    if form.is_valid():
        try:
            act(request.user, f, form.cleaned_data)
        except ActionError as exc:
            _show(form, exc, renames)
        else:
            messages.success(request, done)
            return redirect("care:file", pk=f.pk)
    return _file_page(request, f, {key: form}, status=400)


@login_required
@require_POST
def file_evidence(request, pk):
    return _file_form_post(
        request, pk, "evidence", EvidenceForm(request.POST, request.FILES),
        lambda user, f, d: actions.add_evidence(user, f, d["evidence"]), _("已上传证明材料"))


@login_required
@require_POST
def file_submit(request, pk):
    f = _file(request.user, pk, CARE)
    try:
        actions.submit_file(request.user, f)
    except ActionError as exc:
        messages.error(request, exc.as_text(actions.LABELS))
    else:
        messages.success(request, _("已提交建档"))
    return redirect("care:file", pk=f.pk)


@login_required
@require_POST
def file_reverify(request, pk):
    return _file_form_post(
        request, pk, "reverify", ReverifyForm(request.POST),
        lambda user, f, d: actions.reverify_file(user, f, data=_figures(d), date=d["verified_on"]),
        _("已完成年度核实"))


@login_required
@require_POST
def file_help(request, pk):
    return _file_form_post(
        request, pk, "help", HelpForm(request.POST),
        lambda user, f, d: actions.record_help(user, f, date=d["date"], kind=d["help_kind"],
                                               description=d["description"], amount=d["amount"],
                                               override_reason=d["override_reason"]),
        _("已登记帮扶"), renames={"kind": "help_kind"})


@login_required
@require_POST
def file_exit(request, pk):
    return _file_form_post(
        request, pk, "exit", ExitForm(request.POST),
        lambda user, f, d: actions.exit_file(user, f, reason=d["exit_reason"], date=d["exited_on"]),
        _("档案已退出"), renames={"reason": "exit_reason"})


@login_required
def evidence_download(request, pk):
    e = HardshipEvidence.objects.visible_to(request.user, SEE_HARDSHIP).filter(pk=pk).first()
    if e is None:
        raise Http404(_("找不到该材料"))
    try:
        with e.file.open("rb") as handle:
            data = actions.unseal(handle.read())
    except FileNotFoundError:
        raise Http404(_("找不到该材料")) from None
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=e.name)


# ---- greetings ----

@login_required
def greetings(request):
    user = request.user
    qs = Distribution.objects.visible_to(user, VIEW).select_related("union")
    rows, older, newer = _keyset(request, qs)
    return render(request, "care/greetings.html", {"rows": rows, "older": older, "newer": newer,
                                                   "may_record": scope.prefixes(user, CARE) != []})


@login_required
def festival_new(request):
    user = request.user
    unions, union = _care_union(request)
    form = FestivalForm(request.POST or None, initial={"date": timezone.localdate()})
    form.fields["group"].set_params(within=union.code)

    def check(data):
        return queries.preview_gift(user, union, expense_kind="festival",
                                    members=queries.chosen_members(user, union, data),
                                    amount=data["amount_per_person"], date=data["date"], form="goods",
                                    festival=data["festival"])

    def save(data):
        return actions.distribute(user, union, kind=Distribution.Kind.FESTIVAL, festival=data["festival"],
                                  members=queries.chosen_members(user, union, data), date=data["date"],
                                  description=data["description"], amount_per_person=data["amount_per_person"],
                                  override_reason=data["override_reason"])

    return _record_form(request, form, "care/festival_form.html", {"union": union, "unions": unions},
                        check=check, save=save, done=_("已登记节日慰问品发放名单"), to="care:greeting",
                        renames={"members": "member_nos"},
                        check_renames={"amount": "amount_per_person", "members": "member_nos"})


@login_required
def birthdays(request):
    user = request.user
    unions, union = _care_union(request)
    today = timezone.localdate()
    try:
        month = int(request.GET.get("month") or today.month)
        if not 1 <= month <= 12:
            raise ValueError
    except ValueError:
        month = today.month
    year = today.year
    members_qs = Member.objects.visible_to(user, CARE).filter(union=union)
    rows = queries.birthday_members(members_qs, year, month)
    greeted = set(DistributionRow.objects.filter(member_id__in=[m.pk for m in rows], dedupe_key=f"birthday:{year}")
                  .values_list("member_id", flat=True))
    for m in rows:
        m.greeted = m.pk in greeted
    form = BirthdayForm(request.POST or None, initial={"date": today, "description": _("生日蛋糕")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        todo = [m.pk for m in rows if not m.greeted]
        try:
            d = actions.distribute(user, union, kind=Distribution.Kind.BIRTHDAY, month=month, members=todo,
                                   date=data["date"], description=data["description"],
                                   amount_per_person=data["amount_per_person"], form=data["form"] or "goods")
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已为%(n)s名会员登记生日慰问") % {"n": d.head_count})
            return redirect("care:greeting", pk=d.pk)
    return render(request, "care/birthdays.html", {"union": union, "unions": unions, "month": month, "year": year,
                                                   "months": range(1, 13), "rows": rows, "form": form,
                                                   "todo": sum(1 for m in rows if not m.greeted)},
                  status=400 if form.errors else 200)


@login_required
def greeting_detail(request, pk):
    user = request.user
    rows = list(DistributionRow.objects.visible_to(user, VIEW).filter(distribution_id=pk)
                .select_related("member", "org", "signed_by").order_by("org__path", "member__name"))
    dist = Distribution.objects.filter(pk=pk).select_related("union", "expense").first()
    if dist is None or not (rows or scope.can(user, VIEW, dist.union)):
        raise Http404(_("找不到该发放名单"))
    for r in rows:
        r.may_sign = not r.signed_at and actions.sign_as(user, r) is not None
    return render(request, "care/greeting_detail.html", {"d": dist, "rows": rows,
                                                         "officer": scope.can(user, VIEW, dist.union),
                                                         "signed": sum(1 for r in rows if r.signed_at)})


@login_required
@require_POST
def row_sign(request, pk):
    row = DistributionRow.objects.visible_to(request.user, VIEW).filter(pk=pk).select_related("member").first()
    if row is None:
        raise Http404(_("找不到该签收记录"))
    try:
        actions.sign_row(request.user, row)
    except ActionError as exc:
        messages.error(request, exc.as_text())
    else:
        messages.success(request, _("已签收"))
    nxt = request.POST.get("next") or ""
    return redirect(nxt if nxt in (reverse("care:my"),) else reverse("care:greeting", args=[row.distribution_id]))


# ---- a member's care history, surveys, the member's own page ----

@login_required
def member_history(request, member_id):
    user = request.user
    member = Member.objects.visible_to(user, VIEW).filter(pk=member_id).select_related("org", "union").first()
    if member is None:
        raise Http404(_("找不到该会员"))
    history = queries.member_history(member)
    clear = scope.can(user, SEE_HARDSHIP, member.org)
    if not clear:
        history["help"] = []
    if not queries.may_see_benefits(user, member):
        history["benefits"] = []
    return render(request, "care/member_history.html", {
        "member": member, "clear": clear, "may_record": scope.can(user, CARE, member.org),
        "mutual_aid": _mutual_aid_url(member), **history})


def _mutual_aid_url(member):
    from django.urls import NoReverseMatch

    try:
        return reverse("mutualaid:member", args=[member.pk])
    except NoReverseMatch:
        return ""


RATE = "care.satisfaction_rate"


@login_required
def surveys(request):
    user = request.user
    _require_care(user)
    qs = SurveyAnswer.objects.visible_to(user, CARE).select_related("member", "visit", "help")
    org = _scope_org(request, CARE)
    if org:
        qs = qs.filter(org__in=queries.subtree(org))
    # the headline is the registered metric's figure (one definition: care home, plans, summaries), over
    # the year so far at the union the page works at; the list below is every answer in scope
    union = current_union(request, CARE, post=False)
    today = timezone.localdate()
    start = datetime.date(today.year, 1, 1)
    reading = metrics.read(RATE, union, start, today)
    rows, older, newer = _keyset(request, qs)
    pending = (Visit.objects.visible_to(user, CARE).filter(answer__isnull=True).select_related("member")
               .order_by("-date", "-id")[:20])
    return render(request, "care/surveys.html", {
        "rows": rows, "older": older, "newer": newer, "union": union, "reading": reading,
        "metric": metrics.get(RATE), "start": start, "today": today, "pending": pending,
        "answer_form": AnswerForm()})


@login_required
def my(request):
    """The member's own page: greetings to sign for, help to rate, care received."""
    user = request.user
    member = member_for(user)
    if member is None:
        return render(request, "care/my.html", {"member": None})
    rows = list(DistributionRow.objects.filter(member=member).select_related("distribution")
                .order_by("-distribution__date")[:50])
    visits_ = list(Visit.objects.filter(member=member).select_related("answer").order_by("-date")[:50])
    help_rows = list(HardshipHelp.objects.filter(member=member).order_by("-date")[:50])
    answered = set(SurveyAnswer.objects.filter(member=member, help__isnull=False).values_list("help_id", flat=True))
    for h in help_rows:
        h.answered = h.pk in answered
    for v in visits_:
        v.answered = hasattr(v, "answer") and v.answer is not None
    return render(request, "care/my.html", {"member": member, "rows": rows, "visits": visits_,
                                            "help_rows": help_rows, "answer_form": AnswerForm()})


@login_required
@require_POST
def help_answer(request, pk):
    row = HardshipHelp.objects.visible_to(request.user, VIEW).filter(pk=pk).select_related("member").first()
    if row is None:
        raise Http404(_("找不到该帮扶记录"))
    back = reverse("care:my") if row.member.user_id == request.user.pk else reverse("care:file", args=[row.file_record_id])
    return _answer(request, help_row=row, back=back)
