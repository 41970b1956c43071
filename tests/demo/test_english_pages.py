"""Every page in English: the product's own words are all translated.

The demo dataset is loaded once for this module. Signed in as each kind of user (the federation officer,
the school's chair, finance officer and auditor, a group leader and a member with a self-service login),
with English chosen, the walk starts from the home page and from every web URL that takes no parameter,
follows every link it finds (a few pages per URL name), and collects every run of Chinese characters
in each HTML page.

A run is user data when it occurs in a value stored in the database (names, titles, notes, reference
rows such as the chart of accounts; encrypted values decrypted). Anything else is a word the product
itself wrote and did not translate: the test names the page and the words.

The walk must also reach every web URL name that takes no parameter, so a page cannot escape it.
"""
import html
import re
from collections import defaultdict
from urllib.parse import urldefrag, urlsplit

import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, Resolver404

from gonghui.accounts.models import User

# The walk checks the English catalogues, not the database: it runs in the SQLite run only (scripts/test).
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_only]


ROLES = ["county", "school_chair", "school_finance", "school_auditor", "group_leader", "teacher"]
PAGES_PER_NAME = 2
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]*"
                 r"[\u3400-\u9fff\uf900-\ufaff]+"
                 r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]*")
# The language picker names each language in its own language, by design.
ALLOWED = {"简体中文", "中文"}
# URLs the walk does not follow: they sign out, switch the language or send a file rather than a page.
SKIP_NAMES = {"accounts:logout", "core:set_language"}
SKIP_PARTS = ("/export", "/download", ".xlsx", ".pdf", ".docx", ".csv", "/static/", "/media/", "/api/")
HREF = re.compile(r"""href=["']([^"'#][^"']*)["']""")
# Internal identifiers a person should never read: a voucher's source reference ("dues:QL-YZ:1", "expense:33"),
# a model label ("plans.target"), an action or field code ("sign_in", "comparator gte").
APP_LABELS = sorted({m._meta.app_label for m in apps.get_models()} - {"auth", "contenttypes", "sessions", "admin"})
RAW_IDENTIFIER = re.compile(
    r"\b(?:[a-z]+:[A-Za-z0-9_-]+:\d+|[a-z]+:\d+|(?:%s)\.[a-z_]+|[a-z]+_[a-z_]+|comparator \w+)\b"
    % "|".join(APP_LABELS))
TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)


def _text_values():
    """Every stored string (decrypted where encrypted) that holds Chinese, as a set of runs and a blob."""
    values = set()
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields
                  if isinstance(f, (models.CharField, models.TextField, models.JSONField))]
        if not fields:
            continue
        manager = getattr(model, "all_objects", model._default_manager)
        for row in manager.all().only(*fields).iterator(chunk_size=2000):
            for name in fields:
                value = getattr(row, name)
                if value:
                    value = str(value)
                    if CJK.search(value):
                        values.add(value)
    runs = {run for value in values for run in CJK.findall(value)}
    return runs, "\x00".join(values)


def _untranslated(page, runs, blob):
    text = html.unescape(TAGS.sub(" ", page))
    found = set()
    for run in CJK.findall(text):
        run = run.strip("\u3000")  # ideographic spaces indent names in pickers
        if not run or run in ALLOWED or run in runs or run in blob:
            continue
        found.add(run)
    return found


CODE = re.compile(r"<code\b.*?</code>", re.S)


def _raw_identifiers(page, blob):
    """Identifier-like tokens in the page's visible text that no stored value holds (a ``<code>`` element is a
    deliberate reference, e.g. a plan metric's code in the catalogue)."""
    text = html.unescape(TAGS.sub(" ", CODE.sub(" ", page)))
    return {token for token in RAW_IDENTIFIER.findall(text) if token not in blob}


def _plain_pages():
    """Paths of every web URL that takes no parameter, by URL name."""
    plain = {}

    def walk(resolver, prefix, namespace):
        for p in resolver.url_patterns:
            route = str(p.pattern)
            if isinstance(p, URLResolver):
                ns = p.namespace or namespace
                walk(p, prefix + route, f"{namespace}:{p.namespace}" if namespace and p.namespace else ns)
            elif isinstance(p, URLPattern) and p.name and "<" not in route and "(" not in route:
                path = "/" + (prefix + route).lstrip("^").rstrip("$")
                name = f"{namespace}:{p.name}" if namespace else p.name
                plain.setdefault(name, path)

    walk(get_resolver(), "", None)
    return {n: p for n, p in plain.items() if n not in SKIP_NAMES and not any(s in p for s in SKIP_PARTS)}


def _walk(client, plain):
    """GET the pages reachable from the start pages: yields (url name, path, HTML or None)."""
    queue = ["/"] + sorted(plain.values())
    seen_paths, per_name = set(), defaultdict(int)
    while queue:
        path = urldefrag(queue.pop(0))[0]
        if path in seen_paths or any(s in path for s in SKIP_PARTS):
            continue
        seen_paths.add(path)
        try:
            match = resolve(urlsplit(path).path)
        except Resolver404:
            continue
        name = match.view_name
        if name in SKIP_NAMES or per_name[name] >= PAGES_PER_NAME:
            continue
        per_name[name] += 1
        response = client.get(path)
        assert response.status_code < 500, f"{path} answered {response.status_code}"
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            yield name, path, None
            continue
        page = response.content.decode()
        yield name, path, page
        for href in HREF.findall(page):
            href = html.unescape(href)
            if href.startswith("/") and not href.startswith("//"):
                queue.append(href)


@pytest.fixture(scope="module")
def walked(demo, django_db_blocker):
    """The walk's findings for every role: ({url name: {run: path}}, {role: names reached}, plain pages,
    {url name: {identifier: path}})."""
    problems, reached, raw = defaultdict(dict), {}, defaultdict(dict)
    plain = _plain_pages()
    # the demo this folder loads once (conftest); whatever the walk writes (reads marked, sessions) is undone
    with django_db_blocker.unblock(), transaction.atomic():
        runs, blob = _text_values()
        for username in ROLES:
            client = Client()
            client.force_login(User.objects.get(username=username))
            assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
            names = set()
            for name, path, page in _walk(client, plain):
                names.add(name)
                for run in _untranslated(page, runs, blob) if page else ():
                    problems[name].setdefault(run, f"{path} ({username})")
                for token in _raw_identifiers(page, blob) if page else ():
                    raw[name].setdefault(token, f"{path} ({username})")
            reached[username] = names
        transaction.set_rollback(True)
    return problems, reached, plain, raw


def _app_of(name):
    return name.split(":")[0]


def _report(problems):
    lines = []
    for name in sorted(problems):
        for run, where in sorted(problems[name].items()):
            lines.append(f"{name}: {run!r} on {where}")
    return "\n".join(lines)


APPS = ["accounts", "activities", "care", "congress", "contests", "core", "dues", "elections", "finaudit", "funds",
        "ledger", "members", "mutualaid", "notices", "orgs", "plans", "spending"]


@pytest.mark.parametrize("app", APPS)
def test_every_page_of_the_app_is_in_english(walked, app):
    problems, _reached, _plain, _raw = walked
    mine = {name: runs for name, runs in problems.items() if _app_of(name) == app}
    assert not mine, "Chinese left on English pages:\n" + _report(mine)


def test_pages_outside_the_apps_are_in_english(walked):
    problems, _reached, _plain, _raw = walked
    rest = {name: runs for name, runs in problems.items() if _app_of(name) not in APPS}
    assert not rest, "Chinese left on English pages:\n" + _report(rest)


def test_the_walk_reaches_every_page_that_takes_no_parameter(walked):
    _problems, reached, plain, _raw = walked
    everyone = set().union(*reached.values())
    assert not set(plain) - everyone, sorted(set(plain) - everyone)


def test_no_page_shows_an_internal_identifier_instead_of_words(walked):
    _problems, _reached, _plain, raw = walked
    assert not raw, "Internal identifiers on pages:\n" + _report(raw)
