"""The base reads bottom-up: core → orgs → members → accounts, and every other app above them.

Each base app may import only the apps below it (and itself): read from the source with ``ast``, so an
import inside a function or an ``import_module("gonghui.x")`` with a literal name counts too. The layers
above reach down through hooks the upper app installs (``orgs.headcount``, ``orgs.signals``,
``members.logins``, ``core.scope.member_of``), never through an import that runs back up.
"""
import ast
from pathlib import Path

import pytest

# Runs in the SQLite run only (scripts/test): reads the source with ast; no database.
pytestmark = pytest.mark.sqlite_only

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "gonghui"

# Bottom first: each base app may import the ones before it.
BASE = ["core", "orgs", "members", "accounts"]
# Top-level modules of the project that are not apps (settings, URLconfs, the command line).
NOT_APPS = {"settings", "urls", "web_urls", "api_urls", "cli", "wsgi"}


def _module_name(path):
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return parts


def gonghui_imports(path):
    """``(line, dotted name)`` of every ``gonghui`` module the file imports, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = _module_name(path)
    package = here if path.name == "__init__.py" else here[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if node.module or node.level == 0:
                found.append((node.lineno, module))
            # ``from . import x`` / ``from gonghui import orgs``: each name may be a module
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
        elif (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None))
              in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)):
            found.append((node.lineno, node.args[0].value))
    return [(line, name) for line, name in found if name == "gonghui" or name.startswith("gonghui.")]


def app_of(dotted):
    """The app a dotted ``gonghui`` name belongs to (``None`` for the package itself)."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else None


def upward_imports(app):
    """Imports from ``app`` of any gonghui app that is not below it (or itself)."""
    allowed = set(BASE[: BASE.index(app) + 1])
    wrong = []
    for path in sorted((PACKAGE / app).rglob("*.py")):
        for line, name in gonghui_imports(path):
            target = app_of(name)
            if target is not None and target not in allowed and target not in NOT_APPS:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}")
    return wrong


@pytest.mark.parametrize("app", BASE)
def test_a_base_app_imports_only_the_apps_below_it(app):
    assert upward_imports(app) == []


def test_the_check_sees_imports_inside_functions_relative_ones_and_import_module(tmp_path, monkeypatch):
    """The reader catches each way a module can be imported (a fake app under a fake package)."""
    package = tmp_path / "gonghui"
    (package / "core").mkdir(parents=True)
    (package / "core" / "bad.py").write_text(
        "from importlib import import_module\n"
        "from ..members import models\n"
        "def f():\n"
        "    from gonghui.orgs.models import Organisation\n"
        "    import gonghui.accounts.actions\n"
        "    return import_module('gonghui.care.views')\n"
        "from . import audit\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__, fromlist=["PACKAGE"]), "PACKAGE", package)
    wrong = upward_imports("core")
    lines_and_apps = sorted({(int(w.split(":")[1].split()[0]), app_of(w.split(" imports ")[1])) for w in wrong})
    assert lines_and_apps == [(2, "members"), (4, "orgs"), (5, "accounts"), (6, "care")]
    assert all(w.startswith("gonghui/core/bad.py:") for w in wrong)


def test_the_base_apps_order_matches_what_they_import():
    """Each base app does lean on the one below it: the order above is the code's, not a wish."""
    uses = {app: {app_of(name) for path in (PACKAGE / app).rglob("*.py") for _l, name in gonghui_imports(path)}
            for app in BASE}
    assert "orgs" in uses["members"] and "members" in uses["accounts"] and "core" in uses["orgs"]
