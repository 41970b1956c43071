"""Every message the product raises to a user is wrapped for translation.

The source of every module under ``src/gonghui`` (migrations and the demo generator aside: what they
write is stored data) is read, and every error the product raises or hands to a form — ``ActionError``,
Django's ``ValidationError``, ``PermissionDenied`` and ``Http404``, DRF's errors, ``errors[field] = …`` — is
checked: a message
holding Chinese must come from ``gettext``/``gettext_lazy``/``ngettext`` (``_``, ``_lazy``, …), never a
bare literal or an f-string, so the English catalogue can translate it.
"""
import ast
import re
from pathlib import Path

import pytest

import gonghui

# Runs in the SQLite run only (scripts/test): reads the source with ast; no database.
pytestmark = pytest.mark.sqlite_only

ROOT = Path(gonghui.__file__).parent
CHINESE = re.compile(r"[\u3400-\u9fff]")
RAISED = {"ActionError", "ValidationError", "PermissionDenied", "Http404", "NotFound", "ParseError",
          "APIValidationError", "serializers.ValidationError", "exceptions.ValidationError",
          "forms.ValidationError", "add_error", "KeyProblem", "SpreadsheetError", "ImportProblem"}
SKIP = ("migrations", "demo")


def _name(func):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        base = _name(func.value)
        return f"{base}.{func.attr}" if base and func.attr in {"ValidationError"} else func.attr
    return None


def _bare_chinese(node):
    """The Chinese literals in an argument that are not inside a call (gettext, format, join…)."""
    found = []

    def visit(n):
        if isinstance(n, ast.Call):
            return  # _("…"), "…".format(…) on a wrapped string, and helpers that return messages
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and CHINESE.search(n.value):
            found.append(n)
            return
        for child in ast.iter_child_nodes(n):
            visit(child)

    visit(node)
    return found


def _unwrapped():
    problems = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if any(part in SKIP for part in relative.parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id == "errors"
                    for t in node.targets):
                arguments = [node.value]  # errors["field"] = "…": a message collected for the form
            elif isinstance(node, ast.Call) and _name(node.func) in RAISED:
                arguments = list(node.args) + [k.value for k in node.keywords]
            else:
                continue
            for arg in arguments:
                for literal in _bare_chinese(arg):
                    problems.append(f"{relative}:{literal.lineno}: {literal.value[:40]!r}")
    return problems


def test_every_raised_message_is_wrapped_for_translation():
    problems = _unwrapped()
    assert not problems, f"{len(problems)} messages not wrapped for translation:\n" + "\n".join(problems)


def test_the_check_finds_a_bare_message():
    tree = ast.parse('raise ActionError(f"会员{name}不存在", field="member")')
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call))
    assert _name(call.func) == "ActionError" and _bare_chinese(call.args[0])
    wrapped = ast.parse('raise ActionError(_("会员%(name)s不存在") % {"name": name})')
    call = next(n for n in ast.walk(wrapped) if isinstance(n, ast.Call) and _name(n.func) == "ActionError")
    assert not _bare_chinese(call.args[0])
