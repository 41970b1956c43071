"""Shared fixtures: a small county tree with two grassroots unions and users in each role.

    县总工会 (COUNTY)
    └── 城关镇总工会 (TOWN)
        ├── 第一中学工会 (SCH, 学校)
        │   ├── 语文组分工会 (SCH-B1)
        │   │   └── 语文一组 (SCH-G1)
        │   └── 数学组分工会 (SCH-B2)
        └── 机械厂工会 (FAC, 企业)
            └── 装配车间小组 (FAC-G1)
"""
import contextlib
import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Property tests judge results, never speed: on a busy 2-core CI machine input generation and a single example
# can be slow, which is not a failure of the product.
hypothesis_settings.register_profile("gonghui", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("gonghui")

import os  # noqa: E402

from django.core.servers.basehttp import WSGIServer  # noqa: E402
from django.test.testcases import LiveServerThread  # noqa: E402


class OneRequestAtATime(WSGIServer):
    """The live server for SQLite: its in-memory test database is one connection that the server's request threads
    share, and two requests at once (a page and its inbox-badge fetch) were seen to hang on it for good. Requests
    are served one after another in the server's own thread (Django answers ``Connection: close`` then, so a browser
    never holds the server with a kept-alive connection)."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    LiveServerThread.server_class = OneRequestAtATime

from gonghui.accounts.models import Role, RoleKind, User  # noqa: E402
from gonghui.members import actions as member_actions
from gonghui.orgs import actions as org_actions
from gonghui.orgs.models import Kind

PASSWORD = "Gonghui#2026"
# The suite's own personal-data key (never a key from var/): tests are hermetic and a developer's data.key is
# neither read nor made. GONGHUI_DATA_KEY in the environment still wins.
TEST_DATA_KEY = "dGVzdC1rZXktZm9yLWdvbmdodWktdGVzdHMtb25seSE="


def pytest_configure(config):
    import os

    from django.conf import settings

    settings.GONGHUI_DATA_KEY = os.environ.get("GONGHUI_DATA_KEY") or TEST_DATA_KEY
    # Two-factor sign-in is off in the suite (tests sign chairs in with force_login); the two-factor tests turn
    # it on for themselves (tests/test_two_factor.py).
    settings.GONGHUI_2FA_ROLES = []

# Valid ID numbers (check characters computed), born 1970–2000, both sexes.
IDS = {
    "zhang": "11010519491231002X",   # female, 1949-12-31
    "li": "440305196611066365",      # female, 1966-11-06 (code 440305 from 1983)
    "wang": "110101198001010010",    # male, 1980-01-01
    "zhao": "110101199002020020",    # female, 1990-02-02
    "liu": "320102198505050038",     # male, 1985-05-05
}


def make_user(username, name="", superuser=False):
    user = User.objects.create_user(username=username, password=PASSWORD, name=name or username,
                                    is_superuser=superuser, is_staff=superuser)
    return user


def _build_tree(a):
    county = org_actions.create_org(a, parent=None, kind=Kind.COUNTY, code="COUNTY", name="某县总工会")
    town = org_actions.create_org(a, parent=county, kind=Kind.TOWN, code="TOWN", name="城关镇总工会")
    school = org_actions.create_org(a, parent=town, kind=Kind.GRASSROOTS, union_type="school", code="SCH",
                                    name="第一中学工会", uscc="91110000802100433B")
    b1 = org_actions.create_org(a, parent=school, kind=Kind.BRANCH, code="SCH-B1", name="语文组分工会")
    g1 = org_actions.create_org(a, parent=b1, kind=Kind.GROUP, code="SCH-G1", name="语文一组")
    b2 = org_actions.create_org(a, parent=school, kind=Kind.BRANCH, code="SCH-B2", name="数学组分工会")
    factory = org_actions.create_org(a, parent=town, kind=Kind.GRASSROOTS, union_type="enterprise", code="FAC",
                                     name="机械厂工会")
    fg1 = org_actions.create_org(a, parent=factory, kind=Kind.GROUP, code="FAC-G1", name="装配车间小组")
    return type("Tree", (), dict(county=county, town=town, school=school, b1=b1, g1=g1, b2=b2,
                                 factory=factory, fg1=fg1))


def _role(username, org, kind):
    user = make_user(username)
    Role.objects.create(user=user, org=org, kind=kind)
    return user


def _build_users(tree):
    return type("Users", (), dict(
        federation=_role("fed", tree.county, RoleKind.FEDERATION_OFFICER),
        chair=_role("chair", tree.school, RoleKind.CHAIR),
        officer=_role("officer", tree.school, RoleKind.OFFICER),
        finance=_role("finance", tree.school, RoleKind.FINANCE),
        auditor=_role("auditor", tree.school, RoleKind.AUDITOR),
        leader=_role("leader", tree.g1, RoleKind.GROUP_LEADER),
        outsider=_role("outsider", tree.factory, RoleKind.CHAIR),
    ))


def _build_members(tree, users):
    chair = users.chair
    wang = member_actions.create_member(chair, org=tree.g1, data=member_data("wang"))
    zhao = member_actions.create_member(chair, org=tree.b2, data=member_data("zhao", phone="13900001111"))
    zhang = member_actions.create_member(chair, org=tree.school, data=member_data("zhang", wage_base="3009.99"))
    liu = member_actions.create_member(users.outsider, org=tree.fg1, data=member_data("liu", phone="13700002222"))
    return type("Members", (), dict(wang=wang, zhao=zhao, zhang=zhang, liu=liu))


def _build(level, admin=None):
    objects = {"admin": type("Admin", (), {"user": admin or make_user("admin", "系统管理员", superuser=True)})}
    objects["tree"] = _build_tree(objects["admin"].user)
    return _extend(objects, level)


def _extend(objects, level):
    """Build the levels ``objects`` lacks up to ``level`` through the actions."""
    if level in ("users", "members") and "users" not in objects:
        objects["users"] = _build_users(objects["tree"])
    if level == "members" and "members" not in objects:
        objects["members"] = _build_members(objects["tree"], objects["users"])
    return objects


def _baseline(request, level):
    """The baseline objects up to ``level`` for this test (tests/fixtures/baseline.py), made once per test:
    the deepest level the test's fixtures name is inserted as recorded; a level asked for later (a fixture
    requested by name at run time) is built on top through the actions, and so is everything when the test
    made its admin on its own first."""
    from .fixtures import baseline

    node = request.node
    objects = getattr(node, "_gonghui_baseline", None)
    if objects is None:
        want = max(baseline.deepest(request.fixturenames) or level, level, key=baseline.LEVELS.index)
        admin = getattr(node, "_gonghui_admin", None)
        objects = _build(want, admin) if admin is not None else baseline.load(want, lambda: _build(want))
        node._gonghui_baseline = objects
    return _extend(objects, level)


@pytest.fixture
def admin_user(db, request):
    if "tree" in request.fixturenames:
        return _baseline(request, "tree")["admin"].user
    request.node._gonghui_admin = make_user("admin", "系统管理员", superuser=True)
    return request.node._gonghui_admin


@pytest.fixture
def tree(admin_user, request):
    return _baseline(request, "tree")["tree"]


@pytest.fixture
def users(tree, request):
    """One user per role; school roles at the school union, the outsider at the factory."""
    return _baseline(request, "users")["users"]


def member_data(key="wang", **extra):
    data = {"name": {"zhang": "张敏", "li": "李芳", "wang": "王强", "zhao": "赵丽", "liu": "刘洋"}[key],
            "id_number": IDS[key], "phone": "13812345678", "wage_base": "4567.00",
            "join_date": datetime.date(2015, 9, 1), "employment_form": "合同制"}
    data.update(extra)
    return data


@pytest.fixture
def members(tree, users, request):
    """Three school members (one in 语文一组) and one factory member."""
    return _baseline(request, "members")["members"]


@pytest.fixture
def member_user(members):
    """A plain member (王强) with a self-service login."""
    user = make_user("wangqiang", "王强")
    members.wang.user = user
    members.wang.save(update_fields=["user"])
    return user


def login(client, user):
    client.force_login(user)
    return client


WAGE = Decimal("4567.00")


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to a per-test folder, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


# The day the suite's worked examples are written for (fixtures such as congress_fixtures.DAY or
# notices_fixtures.TODAY name it). Every test runs on that day, the clock ticking from 10:00 in Shanghai,
# whatever the date of the machine, so a date-relative example never goes stale. Browser tests and
# live-server tests get the real clock back: the browser and the HTTP clients keep their own.
SUITE_NOW = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture(autouse=True, scope="session")
def _suite_clock():
    import time

    import time_machine

    real_start, started = datetime.datetime.now(datetime.timezone.utc), time.perf_counter()
    with time_machine.travel(SUITE_NOW, tick=True):
        yield lambda: real_start + datetime.timedelta(seconds=time.perf_counter() - started)


@pytest.fixture(autouse=True)
def _real_clock_for_browsers(request, _suite_clock):
    if request.node.get_closest_marker("browser") is None and "live_server" not in request.fixturenames:
        yield
        return
    import time_machine

    with time_machine.travel(_suite_clock(), tick=True):
        yield


@pytest.fixture(autouse=True)
def _chinese_by_default():
    """Every test starts in the default language (Chinese): a request in English (test_i18n) leaves the
    thread's language switched, which would leak into the next test's messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# Argon2 is the production hasher (tested in test_accounts); tests hash fast, and run jobs at once.
TEST_SETTINGS = {"PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"], "GONGHUI_JOBS_EAGER": True}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    for name, value in TEST_SETTINGS.items():
        setattr(settings, name, value)


# Reference rows seeded by data migrations. The suite's database is built from the models, not by
# running the migrations (``--no-migrations`` in pyproject.toml: replaying 60 migrations cost ~20 s of
# CPU per run; tests/test_migrations.py runs the real ones once and checks they build the same schema
# and rows), so the session seeds them once. A transactional test (live_server, browser tests) ends
# with a flush that removes them, so every transactional test seeds them again (each loader is
# idempotent) before it runs.
SEEDING_MIGRATIONS = [
    ("gonghui.ledger.migrations.0002_chart_2021_grassroots", "seed"),
    ("gonghui.funds.migrations.0002_national_defaults", "seed"),
    ("gonghui.spending.migrations.0002_presets", "load"),
    ("gonghui.notices.migrations.0002_defaults", "load"),
    ("gonghui.women.migrations.0002_provincial_presets", "load"),
    ("gonghui.honours.migrations.0002_presets", "load"),
]


def seed_reference_rows():
    import importlib

    from django.apps import apps

    for module, function in SEEDING_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the reference rows the data migrations would have loaded."""
    with django_db_blocker.unblock():
        seed_reference_rows()


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,))
    if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames \
            and not transactional:
        return
    request.getfixturevalue("transactional_db")
    seed_reference_rows()


@contextlib.contextmanager
def loaded_for_module(django_db_blocker, load):
    """Data loaded once for a module's read-mostly tests (the demo dataset takes seconds to load), and
    rolled back after the last of them. Each test still runs in its own savepoint inside this
    transaction (pytest-django's ``db``), so what one test writes is gone before the next. A module
    using it must not also load data of its own that would collide (move such tests elsewhere).

        @pytest.fixture(scope="module")
        def demo(django_db_setup, django_db_blocker):
            with loaded_for_module(django_db_blocker, lambda: generate.load(members=300, seed=7)) as d:
                yield d
    """
    import tempfile

    from django.db import transaction
    from django.test import override_settings

    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media, **TEST_SETTINGS):
        with django_db_blocker.unblock(), transaction.atomic():
            try:
                yield load()
            finally:
                transaction.set_rollback(True)


from .fixtures.browsers import browser  # noqa: E402,F401 — the one browser fixture of the suite
