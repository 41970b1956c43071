"""Spending-rule pages: rule sets, a union's effective rules, adjusting and choosing sets, the expense
check and record page, expenses awaiting the chair, and a member's benefits this year.

Views parse input and call ``spending.actions`` (or the read-only ``spending.rules.check_expense``).
Every object comes through ``visible_to`` (an out-of-scope id or code is a 404).
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core.capabilities import APPROVE_SPENDING, KEEP_BOOKS, MANAGE_ORGS, VIEW_FINANCE
from gonghui.core import parsing, scope
from gonghui.core.errors import ActionError
from gonghui.core.views import show_action_error
from gonghui.ledger.pickers import code_of as account_code
from gonghui.orgs.unions import current_union, union_options, unions_for
from gonghui.members.forms import indent
from gonghui.members.models import Member
from gonghui.orgs.models import Kind, Organisation

from . import actions, queries
from .catalogue import EXPENSE_KINDS, ITEMS, YEAR_TOTAL
from .forms import ChooseForm, ExpenseForm, ReasonForm, RejectForm, RuleSetForm
from .models import Expense, FederationRuleChoice, RuleSet
from .rules import (StoredCheck, allowed_sets_for, base_rule_set, basis_of, check_expense, describe,
                    effective_rule_set, effective_rules, effective_rules_many, own_rule_set, stated)

# The columns of DOMAIN.md's table of caps: (heading, item codes shown in the cell, joined by " / ").
TABLE_COLUMNS = [
    (gettext_lazy("节日慰问品/年"), ["festival_total", "spring_festival", "other_festival"]),
    (gettext_lazy("生日"), ["birthday"]),
    (gettext_lazy("结婚 / 生育"), ["marriage", "childbirth"]),
    (gettext_lazy("住院（手术）"), ["hospital", "hospital_surgery"]),
    (gettext_lazy("会员去世 / 直系亲属去世"), ["death_member", "death_relative"]),
    (gettext_lazy("退休"), ["retirement"]),
]


def _require_finance_somewhere(user):
    if scope.prefixes(user, VIEW_FINANCE) == []:
        raise PermissionDenied(_("您没有查看经费的权限"))


def _org(user, code, cap=VIEW_FINANCE):
    org = Organisation.objects.visible_to(user, cap).filter(code=code).select_related("union").first()
    if org is None:
        raise Http404(_("找不到该组织"))
    return org


def _row(rules):
    """One line of the caps table: each column's values joined, "—" where the set says nothing."""
    cells = []
    for _heading, codes in TABLE_COLUMNS:
        values = [describe(rules.get(c)) for c in codes if rules.get(c)]
        if "spring_festival" in codes and rules.get("spring_festival"):
            values = [_("春节%(a)s，其他节日各%(b)s") % {"a": describe(rules.get("spring_festival")),
                                                    "b": describe(rules.get("other_festival"))}]
        cells.append(" / ".join(values) if values else "—")
    count = rules.get("festival_count")
    if count and cells[0] != "—":
        cells[0] += _("，最多%(n)s个节日") % {"n": count.count}
    return cells


@login_required
def rule_sets(request):
    user = request.user
    _require_finance_somewhere(user)
    sets = list(RuleSet.objects.visible_to(user, VIEW_FINANCE).select_related("owner"))
    effective = effective_rules_many(sets)
    headings = [c[0] for c in TABLE_COLUMNS]
    rows = [{"rs": rs, "cells": list(zip(headings, _row(effective[rs.pk])))} for rs in sets]
    return render(request, "spending/rule_sets.html", {
        "rows": rows, "columns": headings,
        "unions": list(unions_for(user, VIEW_FINANCE)[:20]),
        "federations": _federations(user)[:20],
    })


def _federations(user):
    return list(Organisation.objects.visible_to(user, MANAGE_ORGS).filter(kind__in=[
        Kind.NATIONAL, Kind.PROVINCE, Kind.CITY, Kind.COUNTY, Kind.TOWN]).order_by("path")[:300])


@login_required
def rule_set_detail(request, pk):
    user = request.user
    _require_finance_somewhere(user)
    rule_set = get_object_or_404(RuleSet.objects.visible_to(user, VIEW_FINANCE).select_related("owner", "parent"),
                                 pk=pk)
    rules = effective_rules(rule_set)
    may_delete = rule_set.owner_id is not None and _may_adjust(user, rule_set.owner)
    return render(request, "spending/rule_set_detail.html", {
        "rule_set": rule_set, "table": _table(rules), "may_delete": may_delete,
    })


def _table(rules):
    """Every catalogue item with its value and the set that states it."""
    return [{"code": code, "item": item, "rule": rule, "value": describe(rule),
             "from": rule.rule_set if rule else None} for code, item, rule in rules.table()]


def _may_adjust(user, org):
    if org.is_federation:
        return scope.can(user, MANAGE_ORGS, org)
    return org.kind == Kind.GRASSROOTS and scope.can(user, APPROVE_SPENDING, org)


def _source(org, rule_set):
    """Why this set applies: the org's own, a federation's choice, or the baseline."""
    if rule_set.owner_id == org.pk:
        return _("本单位调整的规则集")
    chooser = (FederationRuleChoice.objects.filter(org__path__in=org.ancestor_paths())
               .select_related("org").order_by("-org__path").first())
    if chooser:
        return _("%(org)s选用") % {"org": chooser.org.name}
    return _("全国基线（上级总工会未选用规则集）")


@login_required
def effective(request, code):
    user = request.user
    org = _org(user, code)
    if not (org.is_federation or org.kind == Kind.GRASSROOTS):
        org = org.union
    today = timezone.localdate()
    rule_set = effective_rule_set(org, today)
    return render(request, "spending/effective.html", {
        "org": org, "rule_set": rule_set, "why": _source(org, rule_set), "table": _table(effective_rules(rule_set)),
        "may_adjust": _may_adjust(user, org), "may_choose": org.is_federation and scope.can(user, MANAGE_ORGS, org),
        "may_record": org.kind == Kind.GRASSROOTS and scope.can(user, VIEW_FINANCE, org),
    })


@login_required
def adjust(request, code):
    """Create or change the organisation's own set, no looser than the set above it."""
    user = request.user
    org = _org(user, code)
    if not _may_adjust(user, org):
        raise PermissionDenied(_("无权调整该组织的开支规则"))
    today = timezone.localdate()
    own = own_rule_set(org, today)
    base = effective_rules(base_rule_set(org, own.effective_from if own else today))
    if request.method == "POST":
        form = RuleSetForm(request.POST, base=base, editing=own is not None,
                           initial=_initial(own) if own else None)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if own:
                    actions.update_rule_set(user, own, name=data["name"], effective_to=data["effective_to"],
                                            source=data["source"], note=data["note"], rules=form.rule_values())
                else:
                    actions.adjust_rule_set(user, org, name=data["name"], effective_from=data["effective_from"],
                                            effective_to=data["effective_to"], source=data["source"],
                                            note=data["note"], rules=form.rule_values())
            except ActionError as exc:
                show_action_error(form, exc)
            else:
                messages.success(request, _("已保存本单位的开支规则"))
                return redirect("spending:effective", code=org.code)
    else:
        form = RuleSetForm(base=base, editing=own is not None,
                           initial=_initial(own) if own else {"name": _("%(org)s开支细则") % {"org": org.name},
                                                              "effective_from": today})
    return render(request, "spending/adjust.html", {"org": org, "form": form, "own": own, "base": base.rule_set},
                  status=400 if form.errors else 200)


def _initial(rule_set):
    data = {"name": rule_set.name, "effective_from": rule_set.effective_from, "effective_to": rule_set.effective_to,
            "source": rule_set.source, "note": rule_set.note}
    for rule in rule_set.rules.all():
        value = describe(rule).replace(",", "").replace("≤ ", "")
        data[rule.item] = " ".join(rule.values) if rule.values else value
    return data


@login_required
def choose(request, code):
    user = request.user
    org = _org(user, code, MANAGE_ORGS)
    if not org.is_federation:
        raise Http404(_("只有总工会可以选用规则集"))
    options = list(allowed_sets_for(org))
    current = FederationRuleChoice.objects.filter(org=org).first()
    if request.method == "POST":
        form = ChooseForm(request.POST, options=options)
        if form.is_valid():
            chosen = next((rs for rs in options if str(rs.pk) == form.cleaned_data["rule_set"]), None)
            try:
                actions.choose_rule_set(user, org, chosen)
            except ActionError as exc:
                show_action_error(form, exc)
            else:
                messages.success(request, _("已保存选用的规则集"))
                return redirect("spending:effective", code=org.code)
    else:
        form = ChooseForm(options=options, initial={"rule_set": str(current.rule_set_id) if current else ""})
    return render(request, "spending/choose.html", {"org": org, "form": form, "current": current},
                  status=400 if form.errors else 200)


@require_POST
@login_required
def rule_set_delete(request, pk):
    user = request.user
    rule_set = get_object_or_404(RuleSet.objects.visible_to(user, VIEW_FINANCE).filter(owner__isnull=False), pk=pk)
    try:
        actions.delete_rule_set(user, rule_set)
    except ActionError as exc:
        messages.error(request, exc.as_text(actions.LABELS))
        return redirect("spending:rule_set", pk=rule_set.pk)
    messages.success(request, _("已撤销该规则集，改为沿用上级规则"))
    return redirect("spending:effective", code=rule_set.owner.code)


# ---- expenses ----

@login_required
def expenses(request):
    user = request.user
    _require_finance_somewhere(user)
    rows = list(Expense.objects.visible_to(user, VIEW_FINANCE).select_related("union", "recorded_by", "voucher")[:200])
    return render(request, "spending/expenses.html", {
        "rows": rows, "unions": list(unions_for(user, VIEW_FINANCE)[:50]), "Status": Expense.Status,
    })


def _expense_union(request):
    return current_union(request, VIEW_FINANCE, post=False)


def _groups(user, union):
    return indent(list(Organisation.objects.visible_to(user, VIEW_FINANCE).subtree(union).order_by("path")[:300]))


@login_required
def expense_new(request):
    """Check an expense against the rules (anyone with finance view) and record it (bookkeepers).

    "检查" shows who would exceed their allowance before anything is bought; "登记" records it when
    within the rules, with the chair's written reason when not, or sends it to the chair.
    """
    user = request.user
    union = _expense_union(request)
    may_record = scope.can(user, KEEP_BOOKS, union)
    may_override = scope.can(user, APPROVE_SPENDING, union)
    context = {"union": union, "unions": union_options(user, VIEW_FINANCE), "may_record": may_record,
               "may_override": may_override, "verdict": None, "budget": None}
    groups = _groups(user, union)
    if request.method != "POST":
        form = ExpenseForm(groups=groups, may_override=may_override, initial={"date": timezone.localdate()})
        return render(request, "spending/expense_form.html", {**context, "form": form})
    form = ExpenseForm(request.POST, groups=groups, may_override=may_override)
    intent = request.POST.get("intent", "check")
    if form.is_valid():
        try:
            result = _check_or_record(request, union, form.cleaned_data, intent, may_record)
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            if isinstance(result, Expense):
                if result.status == Expense.Status.PENDING:
                    messages.warning(request, _("超出开支规则，已提交工会主席批准"))
                else:
                    messages.success(request, _("已登记开支，并生成记账凭证草稿"))
                return redirect("spending:expense", pk=result.pk)
            context.update(verdict=result, budget=_budget(union, form.cleaned_data, result))
    return render(request, "spending/expense_form.html", {**context, "form": form},
                  status=400 if form.errors else 200)


def _parsed(data):
    from gonghui.core.parsing import parse_money

    try:
        amount = parse_money(data["amount_per_person"])
    except ValueError as exc:
        raise ActionError(str(exc), field="amount_per_person") from None
    return amount


def _check_or_record(request, union, data, intent, may_record):
    user = request.user
    members = queries.select_members(user, union, group=data["group"], member_nos=data["member_nos"])
    amount = _parsed(data)
    common = dict(kind=data["kind"], amount_per_person=amount, date=data["date"], form=data["form"],
                  festival=data["festival"], participants=data["participants"], winners=data["winners"])
    if intent == "check" or not may_record:
        if intent != "check":
            raise PermissionDenied(_("登记开支需要经费会计的权限"))
        return check_expense(union, members=members, **common)
    return actions.record_expense(user, union, members=members, description=data["description"],
                                  account=data["account"], override_reason=data.get("override_reason", ""),
                                  submit_if_breached=intent == "submit", **common)


def _budget(union, data, verdict):
    try:
        category = account_code(data.get("account"), prefix="5") or EXPENSE_KINDS[data["kind"]].account
    except ActionError:
        category = EXPENSE_KINDS[data["kind"]].account
    return queries.budget_warning(union, data["date"].year, category,
                                  _parsed(data) * verdict.head_count)


def _expense(user, pk):
    return get_object_or_404(Expense.objects.visible_to(user, VIEW_FINANCE)
                             .select_related("union", "rule_set", "recorded_by", "override_by", "voucher"), pk=pk)


@login_required
def expense_detail(request, pk):
    user = request.user
    expense = _expense(user, pk)
    return render(request, "spending/expense_detail.html", _expense_context(user, expense))


def _expense_context(user, expense, **forms):
    if expense.status == Expense.Status.PENDING:
        recipients = list(Member.objects.filter(pk__in=expense.member_ids).only("id", "name", "member_no", "org")
                          .select_related("org").order_by("member_no"))
    else:
        recipients = [b.member for b in expense.benefits.select_related("member__org").order_by("member__member_no")]
    may_decide = expense.status == Expense.Status.PENDING and scope.can(user, APPROVE_SPENDING, expense.union)
    return {"expense": expense, "recipients": recipients, "kind_label": EXPENSE_KINDS[expense.kind].label,
            "may_decide": may_decide, "reason_form": forms.get("reason_form") or ReasonForm(),
            "reject_form": forms.get("reject_form") or RejectForm(), "Status": Expense.Status,
            "check": StoredCheck(expense.check_result)}


def _decide(request, pk, form_class, form_name, call, success):
    user = request.user
    expense = _expense(user, pk)
    if not scope.can(user, APPROVE_SPENDING, expense.union):
        raise PermissionDenied(_("需要工会主席批准"))
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(expense, form.cleaned_data)
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, success)
            return redirect("spending:expense", pk=expense.pk)
    return render(request, "spending/expense_detail.html", _expense_context(user, expense, **{form_name: form}),
                  status=400)


@require_POST
@login_required
def expense_override(request, pk):
    return _decide(request, pk, ReasonForm, "reason_form",
                   lambda e, d: actions.override_expense(request.user, e, reason=d["override_reason"]),
                   _("已批准突破规则并登记开支"))


@require_POST
@login_required
def expense_reject(request, pk):
    return _decide(request, pk, RejectForm, "reject_form",
                   lambda e, d: actions.reject_expense(request.user, e, note=d["decision_note"]), _("已退回"))


@login_required
def member_benefits(request, member_id):
    user = request.user
    _require_finance_somewhere(user)
    member = get_object_or_404(Member.objects.visible_to(user, VIEW_FINANCE).select_related("union", "org"),
                               pk=member_id)
    year = parsing.year_or(request.GET.get("year"), timezone.localdate().year)
    rows, totals = queries.year_benefits(member, year)
    rules = effective_rules(effective_rule_set(member.union, timezone.localdate()))
    caps = []
    for basis in basis_of(rules, [code for code, item in ITEMS.items() if item.measure == YEAR_TOTAL]):
        rule = rules.get(basis.item)
        given = totals.get(ITEMS[basis.item].expense, 0)
        caps.append({"label": basis.article, "basis": basis, "given": given,
                     "cap": rule.amount if stated(rule) else None,
                     "left": max(rule.amount - given, 0) if stated(rule) else None})
    return render(request, "spending/member_benefits.html", {
        "member": member, "year": year, "rows": rows, "caps": caps, "rule_set": rules.rule_set,
        "total": sum((r.amount for r in rows), 0), "kind_labels": {k: v.label for k, v in EXPENSE_KINDS.items()},
    })
