"""English through Django i18n: the switcher, the pages in English, and a complete catalogue."""
import re
from pathlib import Path

import pytest

import gonghui
from gonghui.members import actions as member_actions

from .conftest import login

# Runs in the SQLite run only (scripts/test): translations and the language switch, not the database.
pytestmark = pytest.mark.sqlite_only

ROOT = Path(gonghui.__file__).parent
# The project catalogue, and one per domain app that keeps its own (``<app>/locale``).
CATALOGUES = sorted(ROOT.glob("**/locale/en/LC_MESSAGES/django.po"))


def _choose_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_pages_are_in_simplified_chinese_by_default(client, users, members):
    page = login(client, users.chair).get("/").content.decode()
    assert '<html lang="zh-hans">' in page and "按会籍状态" in page


def test_a_user_who_chooses_english_gets_the_dashboard_in_english(client, users, members):
    login(client, users.chair)
    _choose_english(client)
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "By membership status" in page and "Active" in page and "Sign out" in page
    assert "按会籍状态" not in page


def test_the_login_page_and_the_lockout_message_follow_the_chosen_language(client, users):
    _choose_english(client)
    assert "Username" in client.get("/login/").content.decode()
    for _ in range(5):
        response = client.post("/login/", {"username": "chair", "password": "nope"})
    assert "Please try again in 30 minutes." in response.content.decode()


def test_organisation_and_audit_pages_render_in_english(client, users, members):
    member_actions.update_member(users.chair, members.zhang, {"post": "教师"})
    login(client, users.chair)
    _choose_english(client)
    tree = client.get("/orgs/").content.decode()
    assert "Grassroots union (School)" in tree and "Branch union" in tree
    audit = client.get("/audit/").content.decode()
    assert "Post" in audit and "changed" in audit and "Older entries" not in audit


def test_the_language_form_is_on_every_page_and_labelled(client, users):
    page = login(client, users.chair).get("/me/").content.decode()
    assert 'action="/i18n/setlang/"' in page and '<label for="lang-select">' in page


def test_every_message_in_the_english_catalogues_is_translated():
    assert ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po" in CATALOGUES
    for po in CATALOGUES:
        text = po.read_text(encoding="utf-8")
        entries = text.split("\n\n")[1:]
        untranslated = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""$', e, re.M) and "#~" not in e]
        assert untranslated == [], po
        assert "#, fuzzy" not in text, po
        assert po.with_suffix(".mo").exists(), po


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_compiled_catalogue_holds_every_translation_of_the_source(po):
    import gettext

    with po.with_suffix(".mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    text = po.read_text(encoding="utf-8")
    entries = re.findall(r'^(?:msgctxt "(.+)"\n)?msgid "(.+)"\nmsgstr "(.*)"$', text, re.M)
    assert len(entries) > (300 if po.parent.parent.parent.parent == ROOT else 10)

    def unquote(s):
        return s.replace('\\"', '"')

    stale = [(zh, en) for ctx, zh, en in entries
             if (compiled.pgettext(ctx, unquote(zh)) if ctx else compiled.gettext(unquote(zh))) != unquote(en)]
    assert stale == []


def test_the_ui_is_chinese_even_for_an_english_browser_until_english_is_chosen(client, users):
    client.force_login(users.chair)
    page = client.get("/members/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "会员" in page.content.decode() and "Members" not in page.content.decode()
    client.cookies["django_language"] = "en"
    page = client.get("/members/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert "Members" in page.content.decode()
