"""The audit trail reads in words: every action code written anywhere has a label, every object type and
audited field a name (``core.audit_labels`` and each app's ``audit_labels`` module)."""
import ast
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import translation

import gonghui
from gonghui.core import audit, audit_labels
from gonghui.core.models import AuditEntry

SRC = Path(gonghui.__file__).parent
WRITERS = {"record", "entry"}  # core.audit.record / core.audit.entry
SOFT = {"soft_delete": "delete", "restore": "restore"}  # core.softdelete: ``code=`` or these defaults

# Call sites whose action code is built at run time, keyed by file and the code expression, with every code
# they can write. A new such site fails ``test_every_computed_action_code_is_listed_here`` until listed.
COMPUTED = {
    ("plans/actions.py", "verb"): {"adopt", "archive", "reopen"},
    ("funds/actions.py", "action"): {"funds_receipt", "funds_remittance", "funds_refund"},
    ("ledger/actions.py", "action"): {"voucher_review", "voucher_approve", "voucher_post", "voucher_return"},
    ("members/actions.py", "action"): {"retain", "terminate", "reinstate", "transfer_declined",
                                       "transfer_cancelled"},
    ("mutualaid/actions.py", "kind"): {"enrol", "renew"},
    ("mutualaid/actions.py", 'f"claim_{move}"'): {"claim_review", "claim_approve", "claim_reject", "claim_pay"},
    ("activities/actions/events.py", "verb"): {"publish", "close_signup", "cancel", "finish"},
}


def _code_arg(call):
    """The expression giving the action code of an audit write, or None if the call is not one."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in WRITERS and isinstance(func.value, ast.Name) \
            and func.value.id == "audit" and len(call.args) >= 2:
        return call.args[1]
    if isinstance(func, ast.Name) and func.id == "AuditEntry":
        return next((k.value for k in call.keywords if k.arg == "action"), None)
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name in SOFT and any(k.arg == "actor" for k in call.keywords):
        return next((k.value for k in call.keywords if k.arg == "code"), ast.Constant(SOFT[name]))
    return None


def _constants(node):
    """The literal codes an expression can give (both arms of ``"a" if … else "b"``), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        body, orelse = _constants(node.body), _constants(node.orelse)
        return body | orelse if body is not None and orelse is not None else None
    return None


def scan_source():
    """(literal codes with where they are written, computed call sites) over every module of the project."""
    literal, computed = {}, set()
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts or path in (SRC / "core" / "audit.py", SRC / "core" / "softdelete.py"):  # writers
            continue
        text = path.read_text(encoding="utf-8")
        if "audit" not in text and "AuditEntry" not in text:
            continue
        rel = path.relative_to(SRC).as_posix()
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Call):
                arg = _code_arg(node)
                if arg is None:
                    continue
                codes = _constants(arg)
                if codes is None:
                    computed.add((rel, ast.get_source_segment(text, arg)))
                else:
                    for code in codes:
                        literal.setdefault(code, set()).add(f"{rel}:{node.lineno}")
            elif isinstance(node, ast.Dict):  # rows for a bulk insert of audit entries: {"action": "create", …}
                for key, value in zip(node.keys, node.values):
                    if isinstance(key, ast.Constant) and key.value == "action" and _constants(value):
                        for code in _constants(value):
                            literal.setdefault(code, set()).add(f"{rel}:{node.lineno}")
    return literal, computed


LITERAL, COMPUTED_SITES = scan_source()


def test_the_source_scan_finds_the_audit_writes_of_every_app():
    assert len(LITERAL) > 120
    assert {"care_visit", "claim_submit", "sign_in", "voucher_create", "expire", "dues_remind"} <= set(LITERAL)
    assert any(where.startswith("members/actions.py") for where in LITERAL["create"])  # the bulk rows


def test_every_computed_action_code_is_listed_here():
    assert COMPUTED_SITES == set(COMPUTED), "a call site builds its action code at run time: list its codes"


def test_every_action_code_written_anywhere_has_a_label():
    written = set(LITERAL) | set().union(*COMPUTED.values())
    missing = {code: sorted(LITERAL.get(code, ["(computed)"])) for code in written - audit_labels.declared_codes()}
    assert missing == {}


def test_every_label_is_chinese_and_has_an_english_translation():
    reg = audit_labels.registry()
    labels = list(reg.actions.values()) + [label for d in reg.by_model.values() for label in d.values()]
    labels += [label for d in reg.fields.values() for label in d.values()]
    untranslated = []
    for label in labels:
        chinese = str(label)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese), chinese
        with translation.override("en"):
            if str(label) == chinese:
                untranslated.append(chinese)
    assert untranslated == []


def test_each_app_declares_its_labels_in_its_own_module():
    apps_with_labels = {m.__name__.split(".")[1] for m in audit_labels.registry().modules}
    assert {"core", "orgs", "members", "accounts", "ledger", "dues", "funds", "finaudit", "spending", "activities",
            "contests", "care", "mutualaid", "congress", "elections", "notices", "plans"} <= apps_with_labels


def test_the_same_code_reads_differently_for_different_object_types():
    assert str(audit_labels.action_label("members.member", "create")) == "登记入会"
    assert str(audit_labels.action_label("plans.target", "create")) == "新建工作目标"
    assert str(audit_labels.action_label("orgs.organisation", "create")) == "新建组织"
    assert str(audit_labels.action_label("congress.constituencyelection", "void")) == "选举无效"
    assert str(audit_labels.action_label("congress.resolution", "void")) == "表决无效"
    assert str(audit_labels.action_label("notices.notice", "publish")) == "公开"
    assert str(audit_labels.action_label("elections.election", "publish")) == "公布选举结果"
    assert dict(audit_labels.action_choices())["publish"] == "发布"  # the filter's word covers them all


def test_a_code_of_one_app_written_on_another_apps_object_falls_back_to_its_own_label():
    # accounts writes link_account on a member; core's generic words serve where an app has none.
    assert str(audit_labels.action_label("members.member", "link_account")) == "开通登录账号"
    assert str(audit_labels.action_label("notices.category", "create")) == "新建公开类别"
    assert str(audit_labels.action_label("congress.congresssettings", "update")) == "修改职代会设置"


def test_object_types_read_as_their_model_verbose_name():
    assert str(audit_labels.type_label("plans.target")) == "工作目标"
    assert str(audit_labels.type_label("care.visit")) == "走访慰问"
    assert audit_labels.type_label("gone.model") == "gone.model"


def test_field_names_and_choice_values_read_as_people_know_them():
    from gonghui.plans.models import Comparator, Target

    gte = Comparator.values[0]
    assert audit_labels.field_value("plans.target", "comparator", gte) == str(dict(Comparator.choices)[gte])
    assert audit_labels.field_value("plans.target", "comparator", gte) != gte
    assert audit_labels.field_label("plans.target", "comparator") == str(Target._meta.get_field("comparator")
                                                                         .verbose_name)
    assert audit_labels.field_label("members.member", "political_status") == "政治面貌"
    assert audit_labels.field_label("care.distribution", "signed_as") == "签收方式"
    assert audit_labels.field_value("x.y", "flag", True) == "是"
    assert audit_labels.field_value("x.y", "lines", [{"code": "1"}]) == "code: 1"


def test_every_object_type_with_a_history_page_is_a_model_with_a_way_to_scope_it():
    for object_type in audit_labels.registry().history:
        model = audit_labels.model_of(object_type)
        assert model is not None, object_type
        if object_type == "accounts.user":
            continue
        manager = getattr(model, "all_objects", None) or model._base_manager
        assert hasattr(manager.all(), "visible_to") or getattr(model, "scope_org", None) is not None \
            or object_type in audit_labels.registry().scope, object_type


def test_the_audit_page_filter_offers_labels_not_codes(client, users, members):
    from .conftest import login

    page = login(client, users.chair).get("/audit/")
    codes = dict(page.context["actions"])
    assert str(codes["care_visit"]) == "走访慰问" and str(codes["claim_approve"]) == "批准给付申请"
    assert page.context["object_types"]["care.visit"] == "走访慰问"


def test_an_entry_of_any_app_shows_its_label_and_field_names_on_the_audit_page(client, users, members):
    from .conftest import login

    with transaction.atomic():
        audit.record(users.chair, "care_visit", members.zhang, org=members.zhang.org, after={"post": "教师"})
    response = login(client, users.chair).get("/audit/", {"action": "care_visit"})
    [entry] = response.context["entries"]
    assert (str(entry.action_label), str(entry.type_label)) == ("走访慰问", "会员")
    page = response.content.decode()
    assert "<strong>走访慰问</strong>" in page and ">care_visit<" not in page and "岗位" in page
