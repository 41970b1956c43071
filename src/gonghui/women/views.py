"""Women workers' pages: the union's page (committee state, reminders, rooms, and the records other apps keep:
the women's special collective contract, 女职工特种疾病互助 claims, 三八 activities), the committee, a member's
maternity records (pregnancy, birth and leave, miscarriage), the leave list, nursing rooms and their uses, the
provincial extra days, and the figures for a union or a federation.

Views parse input and call ``women.actions``. Every row comes through ``visible_to``; an id out of scope is a
404. Maternity records need WOMEN at the member's union: nobody else sees them (not even masked).
"""
import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core import charts, metrics, scope
from gonghui.core.capabilities import VIEW, WOMEN
from gonghui.core.errors import ActionError
from gonghui.core.paging import keyset_page
from gonghui.core.views import form_post, show_action_error
from gonghui.members.models import Member, Sex
from gonghui.orgs.lookups import scope_picker, scoped_org
from gonghui.orgs.unions import current_union, union_options

from . import actions, queries, rules
from .forms import (BirthForm, CommitteeForm, DeleteForm, MemberFormSet, MiscarriageForm, PregnancyForm, RoomForm,
                    UseForm)
from .models import FACILITIES, Committee, Maternity, NursingRoom, ProvincialExtra, Stage

PAGE = 50


def _union(request):
    return union_options(request.user, WOMEN), current_union(request, WOMEN, post=False)


def _state_label(state):
    return {"set_up": _("已设立"), "missing": _("应设未设"), "voluntary": _("已设立（不足10名女会员，非必设）"),
            "not_required": _("不足10名女会员，非必设")}[state]


@login_required
def home(request):
    if scope.prefixes(request.user, WOMEN) == []:
        return redirect("women:figures")
    unions, union = _union(request)
    today = timezone.localdate()
    committee = Committee.objects.filter(union=union).prefetch_related("members").first()
    women = queries.women_count(union)
    state = rules.committee_state(women, committee is not None)
    user = request.user
    late = list(queries.late_pregnancy_rows(user, today, WOMEN).filter(union=union)[:PAGE])
    nursing = list(queries.nursing_rows(user, today, WOMEN).filter(union=union)[:PAGE])
    on_leave = list(Maternity.objects.visible_to(user, WOMEN).filter(union=union, leave_start__lte=today,
                                                                     leave_end__gte=today)
                    .select_related("member").order_by("leave_end", "id")[:PAGE])
    rooms = list(NursingRoom.objects.visible_to(user, WOMEN).filter(union=union))
    aid_count, aid_claims = queries.women_aid_claims(union)
    return render(request, "women/home.html", {
        "union": union, "unions": unions, "today": today, "committee": committee, "women": women, "state": state,
        "state_label": _state_label(state), "late": late, "nursing": nursing, "on_leave": on_leave, "rooms": rooms,
        "contract": queries.women_contract(union, today), "aid_count": aid_count, "aid_claims": aid_claims,
        "events": queries.march_events(union, today.year), "term_warn": rules.TERM_WARN_DAYS,
        "term_due": committee is not None and committee.term_end <= today + datetime.timedelta(days=rules.TERM_WARN_DAYS)})


# ---- the committee ----

def _member_by_no(user, union, member_no, field="members"):
    member_no = (member_no or "").strip()
    if not member_no:
        return None
    member = Member.objects.visible_to(user, WOMEN).filter(union=union, member_no=member_no).first()
    if member is None:
        raise ActionError(_("找不到会员编号为“%(no)s”的本工会会员") % {"no": member_no}, field=field)
    return member


@login_required
def committee_edit(request):
    unions, union = _union(request)
    committee = Committee.objects.filter(union=union).first()
    today = timezone.localdate()
    if committee:
        initial = {"established_on": committee.established_on.isoformat(),
                   "term_start": committee.term_start.isoformat(), "term_end": committee.term_end.isoformat()}
        rows = [{"name": m.name, "member_no": m.member.member_no if m.member else "", "post": m.post,
                 "is_chair": m.is_chair} for m in committee.members.select_related("member")]
    else:
        initial = {"established_on": today.isoformat(), "term_start": today.isoformat(),
                   "term_end": (today.replace(year=today.year + 5) - datetime.timedelta(days=1)).isoformat()
                   if not (today.month == 2 and today.day == 29) else ""}
        rows = []
    form = CommitteeForm(request.POST or None, initial=initial)
    formset = MemberFormSet(request.POST or None, initial=rows, prefix="m")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            members = [{**f.cleaned_data, "member": _member_by_no(request.user, union, f.cleaned_data.get("member_no"))}
                       for f in formset.forms if f.cleaned_data and (f.cleaned_data.get("name")
                                                                     or f.cleaned_data.get("member_no"))]
            committee = actions.save_committee(request.user, union, members=members, **form.cleaned_data)
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("已保存女职工委员会"))
            return redirect("women:committee", pk=committee.pk)
    return render(request, "women/committee_form.html", {"union": union, "unions": unions, "form": form,
                                                         "formset": formset}, status=400 if form.errors else 200)


@login_required
def committee_detail(request, pk):
    committee = Committee.objects.visible_to(request.user, VIEW).select_related("union").filter(pk=pk).first()
    if committee is None:
        raise Http404(_("找不到该女职工委员会"))
    return render(request, "women/committee.html", {
        "committee": committee, "members": committee.members.select_related("member"),
        "may_edit": scope.can(request.user, WOMEN, committee.union), "today": timezone.localdate()})


# ---- maternity ----

def _member(user, member_id):
    member = Member.objects.visible_to(user, WOMEN).select_related("union", "org").filter(pk=member_id).first()
    if member is None:
        raise Http404(_("找不到该会员"))
    return member


def _provinces():
    return list(ProvincialExtra.objects.order_by("province").values_list("province", flat=True).distinct())


def _default_province(union):
    """The province a union lies in, when a federation above it is named after one (安徽省总工会 → 安徽)."""
    names = [o.name for o in union.ancestors()]
    return next((p for p in _provinces() for name in names if name.startswith(p)), "")


def _records(member):
    rows = list(Maternity.objects.filter(member=member).order_by("-id"))
    for row in rows:
        row.info = json.loads(row.details) if row.details else {}
        row.event_day = row.birth_date or row.info.get("day") or ""
    return rows


def _member_page(request, member, status=200, **forms):
    records = _records(member)
    open_record = next((r for r in records if r.stage == Stage.PREGNANT), None)
    today = timezone.localdate()
    birth_initial = {"province": _default_province(member.union), "leave_start": today.isoformat()}
    return render(request, "women/member.html", {
        "member": member, "records": records, "open_record": open_record, "today": today,
        "is_woman": member.sex == Sex.FEMALE,
        "pregnancy_form": forms.get("pregnancy") or PregnancyForm(),
        "birth_form": forms.get("birth") or BirthForm(initial=birth_initial, provinces=_provinces()),
        "miscarriage_form": forms.get("miscarriage") or MiscarriageForm(),
        "delete_form": DeleteForm()}, status=status)


@login_required
def member_page(request, member_id):
    return _member_page(request, _member(request.user, member_id))


def _member_post(request, member_id, form, key, call, success):
    member = _member(request.user, member_id)
    open_record = Maternity.objects.filter(member=member, stage=Stage.PREGNANT).first()
    return form_post(request, form, lambda d: call(member, open_record, d), success=success,
                     done=lambda _r: redirect("women:member", member_id=member.pk),
                     page=lambda f: _member_page(request, member, status=400, **{key: f}))


@login_required
@require_POST
def member_pregnancy(request, member_id):
    return _member_post(request, member_id, PregnancyForm(request.POST), "pregnancy",
                        lambda m, _r, d: actions.register_pregnancy(request.user, m, **d), _("已登记孕期"))


@login_required
@require_POST
def member_birth(request, member_id):
    form = BirthForm(request.POST, provinces=_provinces())
    return _member_post(request, member_id, form, "birth",
                        lambda m, r, d: actions.record_birth(request.user, None if r else m, record=r, **d),
                        _("已登记分娩，产假已计算"))


@login_required
@require_POST
def member_miscarriage(request, member_id):
    return _member_post(request, member_id, MiscarriageForm(request.POST), "miscarriage",
                        lambda m, r, d: actions.record_miscarriage(request.user, None if r else m, record=r, **d),
                        _("已登记流产假"))


@login_required
@require_POST
def record_delete(request, pk):
    record = Maternity.objects.visible_to(request.user, WOMEN).filter(pk=pk).first()
    if record is None:
        raise Http404(_("找不到该生育保护记录"))
    form = DeleteForm(request.POST)
    actions.delete_record(request.user, record, note=form.cleaned_data["note"] if form.is_valid() else "")
    messages.success(request, _("已删除该记录（可在审计记录中恢复）"))
    return redirect("women:member", member_id=record.member_id)


@login_required
def leaves(request):
    """The union's maternity records, newest first (keyset pages)."""
    unions, union = _union(request)
    qs = Maternity.objects.visible_to(request.user, WOMEN).filter(union=union).select_related("member")
    stage = request.GET.get("stage") or ""
    if stage in Stage.values:
        qs = qs.filter(stage=stage)
    rows, token = keyset_page(qs, "-id", request.GET.get("after"), PAGE)
    return render(request, "women/leaves.html", {"union": union, "unions": unions, "rows": rows, "next": token,
                                                 "stage": stage, "stages": Stage.choices,
                                                 "today": timezone.localdate()})


# ---- nursing rooms ----

def _room(user, pk, cap=VIEW):
    room = NursingRoom.objects.visible_to(user, cap).select_related("union").filter(pk=pk).first()
    if room is None:
        raise Http404(_("找不到该小屋"))
    return room


@login_required
def rooms(request):
    org = scoped_org(request, VIEW)
    qs = NursingRoom.objects.visible_to(request.user, VIEW).filter(queries.in_subtree(org)).select_related("union")
    rows, token = keyset_page(qs, "id", request.GET.get("after"), PAGE)
    year = timezone.localdate().year
    return render(request, "women/rooms.html", {
        "org": org, "picker": scope_picker(request.user, VIEW, org), "rows": rows, "next": token,
        "may_add": scope.prefixes(request.user, WOMEN) != [],
        "by_month": charts.bars(_("小屋使用人次（按月）"), queries.room_uses_by_month(org, year))})


@login_required
def room_new(request):
    unions, union = _union(request)
    form = RoomForm(request.POST or None)
    return form_post(request, form, lambda d: actions.save_room(request.user, union, **d), success=_("已登记小屋"),
                     done=lambda room: redirect("women:room", pk=room.pk),
                     page=lambda f: render(request, "women/room_form.html",
                                           {"union": union, "unions": unions, "form": f},
                                           status=400 if f.errors else 200))


def _room_page(request, room, status=200, **forms):
    may_edit = scope.can(request.user, WOMEN, room.union)
    initial = {"name": room.name, "location": room.location, "opened_on": room.opened_on.isoformat(),
               "hours": room.hours, "area": room.area or "", "facilities": room.facilities}
    return render(request, "women/room.html", {
        "room": room, "may_edit": may_edit, "uses": list(room.uses.all()[:24]), "facilities": FACILITIES,
        "use_form": forms.get("use") or UseForm(initial={"month": timezone.localdate().strftime("%Y-%m")}),
        "edit_form": forms.get("edit") or RoomForm(initial=initial)}, status=status)


@login_required
def room_detail(request, pk):
    return _room_page(request, _room(request.user, pk))


@login_required
@require_POST
def room_edit(request, pk):
    room = _room(request.user, pk, WOMEN)
    return form_post(request, RoomForm(request.POST), lambda d: actions.save_room(request.user, None, room=room, **d),
                     success=_("已保存"), done=lambda r: redirect("women:room", pk=r.pk),
                     page=lambda f: _room_page(request, room, status=400, edit=f))


@login_required
@require_POST
def room_use(request, pk):
    room = _room(request.user, pk, WOMEN)
    return form_post(request, UseForm(request.POST), lambda d: actions.record_use(request.user, room, **d),
                     success=_("已登记使用人次"), done=lambda _u: redirect("women:room", pk=room.pk),
                     page=lambda f: _room_page(request, room, status=400, use=f))


@login_required
@require_POST
def room_delete(request, pk):
    room = _room(request.user, pk, WOMEN)
    actions.delete_room(request.user, room)
    messages.success(request, _("已删除该小屋（可在审计记录中恢复）"))
    return redirect("women:rooms")


# ---- reference data and figures ----

@login_required
def rates(request):
    if scope.prefixes(request.user, VIEW) == []:
        raise PermissionDenied(_("您没有这项权限"))
    return render(request, "women/rates.html", {"rows": ProvincialExtra.objects.all(), "base": rules.BASE_DAYS,
                                                "difficult": rules.DIFFICULT_DAYS, "per_baby": rules.PER_EXTRA_BABY})


@login_required
def figures(request):
    org = scoped_org(request, VIEW)
    today = timezone.localdate()
    stats = queries.statistics(org, today)
    metric = metrics.get("women.share_of_members")
    shares = [(_("会员"), stats.members), (_("职代会/教代会代表"), stats.delegates), (_("工会主席、副主席"), stats.leaders),
              (_("本年个人荣誉获得者"), stats.honours)]
    donuts = [charts.donut(_("%(what)s性别构成") % {"what": label}, [(_("女"), s.women), (_("男"), s.total - s.women)])
              for label, s in shares]
    return render(request, "women/figures.html", {
        "org": org, "picker": scope_picker(request.user, VIEW, org), "stats": stats, "today": today,
        "shares": shares, "donuts": donuts, "metric": metric, "year_start": datetime.date(today.year, 1, 1),
        "is_union": not org.is_federation})
