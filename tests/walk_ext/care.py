"""Scope-walk extension for care: visits, hardship files (evidence, help), greeting lists and their
rows, satisfaction answers — in the school (the member's own union), the factory and the agency."""
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max, Q

from gonghui.core.capabilities import SEE_HARDSHIP, VIEW
from gonghui.care import actions
from gonghui.care.models import (Distribution, DistributionRow, HardshipEvidence, HardshipFile, HardshipHelp,
                                 Occasion, PovertyLine, SurveyAnswer, Visit)
from gonghui.members.models import Member
from gonghui.spending import actions as spending_actions
from gonghui.spending.models import RuleSet

SEGMENT_KINDS = {"visits": "care_visit", "hardship": "care_file", "hardship-files": "care_file",
                 "hardship-evidence": "care_evidence", "hardship-help": "care_help", "greetings": "care_distribution",
                 "greeting-rows": "care_row"}

DAY = datetime.date(2026, 3, 10)
FIGURES = {"household_size": "3", "household_income": "30000", "essential_spending": "6000", "household": "三口之家"}


def _union_data(actor, union, member, tag, *, birthday_member=None, money=True):
    actions.set_poverty_line(actor, union, amount="900", effective_from=datetime.date(2026, 1, 1))
    visit = actions.record_visit(actor, member, occasion="hospital", date=DAY, visitors=f"{tag}走访人",
                                 gift=f"{tag}慰问水果篮", amount="300" if money else "", note=f"{tag}住院情况记录")
    actions.answer_survey(actor, visit=visit, answer="basic", comment=f"{tag}回访意见")
    f = actions.create_file(actor, member, data={**FIGURES, "cause": f"{tag}致困原因（保密）",
                                                 "plan": f"{tag}帮扶计划（保密）"},
                            evidence=[SimpleUploadedFile(f"{tag}收入证明.pdf", b"%PDF-1.4 x")], submit=True,
                            today=DAY)
    actions.record_help(actor, f, date=DAY, kind="goods", description=f"{tag}帮扶物资")
    if money:
        actions.distribute(actor, union, kind="festival", festival="端午节", members=[member], date=DAY,
                           description=f"{tag}端午粽子", amount_per_person="100")
    if birthday_member is not None:
        actions.distribute(actor, union, kind="birthday", month=birthday_member.birth_date.month,
                           members=[birthday_member], date=DAY, description=f"{tag}生日蛋糕", amount_per_person="100")
    actions.save_occasion(actor, union, name=f"{tag}高温慰问", expense_kind="other")


def populate(world):
    t, u, m = world.tree, world.users, world.members
    # Gifts are checked against a provincial standard, as in tests/care_fixtures.py: the national baseline
    # states no amounts, so there every gift would wait for the chair's sign-off.
    spending_actions.choose_rule_set(u.federation, t.county, RuleSet.objects.get(owner=None, name="安徽（修订）"))
    _union_data(u.officer, t.school, m.zhang, "一中关怀", birthday_member=m.wang)
    # No money in the factory: its audit page (the outsider's own) cannot show an expense's audit entry yet
    # (core.views.field_value fails on list values such as an expense's member list; reported to the lead).
    _union_data(u.outsider, t.factory, m.liu, "机械厂关怀", money=False)
    agency_member = Member.objects.filter(union=world.agency).order_by("-pk").first()
    _union_data(world.agency_chair, world.agency, agency_member, "机关关怀")


def _ids(manager, visible):
    hidden = manager.exclude(pk__in=visible.values("pk"))
    guessed = (manager.aggregate(m=Max("pk"))["m"] or 0) + 1000
    return (list(hidden.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed],
            list(visible.order_by("pk").values_list("pk", flat=True)[:1]))


def extend(user, scope):
    visits = Visit.all_objects.visible_to(user, VIEW)
    scope.strict["care_visit"], scope.lax["care_visit"] = _ids(Visit.all_objects, visits)
    for v in Visit.all_objects.exclude(pk__in=visits.values("pk")):
        scope.secrets |= {v.gift, v.note}

    files = HardshipFile.all_objects.visible_to(user, VIEW)
    scope.strict["care_file"], scope.lax["care_file"] = _ids(HardshipFile.all_objects, files)
    clear = HardshipFile.all_objects.visible_to(user, SEE_HARDSHIP)
    for f in HardshipFile.all_objects.exclude(pk__in=clear.values("pk")):
        scope.secrets |= {f.cause, f.plan}  # masked even where the file itself is in view

    evidence = HardshipEvidence.objects.visible_to(user, SEE_HARDSHIP)
    scope.strict["care_evidence"], scope.lax["care_evidence"] = _ids(HardshipEvidence.objects, evidence)
    scope.secrets |= set(HardshipEvidence.objects.exclude(pk__in=evidence.values("pk")).values_list("name", flat=True))

    help_rows = HardshipHelp.objects.visible_to(user, VIEW)
    scope.strict["care_help"], scope.lax["care_help"] = _ids(HardshipHelp.objects, help_rows)
    scope.secrets |= set(HardshipHelp.objects.exclude(pk__in=help_rows.values("pk"))
                         .values_list("description", flat=True))

    rows = DistributionRow.objects.visible_to(user, VIEW)
    scope.strict["care_row"], scope.lax["care_row"] = _ids(DistributionRow.objects, rows)
    dists = Distribution.objects.filter(Q(pk__in=Distribution.objects.visible_to(user, VIEW).values("pk"))
                                        | Q(pk__in=rows.values("distribution_id")))
    scope.strict["care_distribution"], scope.lax["care_distribution"] = _ids(Distribution.objects, dists)
    scope.secrets |= set(Distribution.objects.exclude(pk__in=dists.values("pk")).values_list("description", flat=True))

    answers = SurveyAnswer.objects.visible_to(user, VIEW)
    scope.secrets |= set(SurveyAnswer.objects.exclude(pk__in=answers.values("pk")).values_list("comment", flat=True))
    occasions = Occasion.objects.visible_to(user, "care")
    scope.secrets |= set(Occasion.objects.exclude(pk__in=occasions.values("pk")).values_list("name", flat=True))
    scope.secrets.discard("")


def snapshot():
    return {
        "care_visits": list(Visit.all_objects.order_by("pk").values_list("pk", "deleted_at", "amount", "expense_id")),
        "care_files": list(HardshipFile.all_objects.order_by("pk").values_list(
            "pk", "status", "category", "next_verification", "exit_reason", "deleted_at")),
        "care_evidence": list(HardshipEvidence.objects.order_by("pk").values_list("pk", "file_record_id")),
        "care_help": list(HardshipHelp.objects.order_by("pk").values_list("pk", "amount")),
        "care_dists": list(Distribution.objects.order_by("pk").values_list("pk", "head_count")),
        "care_rows": list(DistributionRow.objects.order_by("pk").values_list("pk", "signed_by_id", "signed_at")),
        "care_answers": list(SurveyAnswer.objects.order_by("pk").values_list("pk", "answer")),
        "care_occasions": list(Occasion.objects.order_by("pk").values_list("pk", "name", "active")),
        "care_lines": list(PovertyLine.objects.order_by("pk").values_list("pk", "amount", "effective_to")),
    }
