"""The Content-Security-Policy and the other security headers, and pages that keep to the policy: every page
in every role's menu is served with the header and has no inline <script>, no <style> block, no style="…"
attribute and no on…= handler (the policy would block them in the browser)."""
import re

import pytest

from .conftest import login

INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "style block": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "event handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
}
NAV_LINK = re.compile(r'<li(?: class="navitem[^"]*")?><a href="(/[^"]*)"')


def policy(response):
    header = response.headers.get("Content-Security-Policy", "")
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def inline_content(page):
    return {name: pattern.findall(page)[:3] for name, pattern in INLINE.items() if pattern.search(page)}


def test_every_response_carries_the_policy_and_the_security_headers(client, db):
    response = client.get("/login/")
    directives = policy(response)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["frame-ancestors"] == "'none'" and directives["form-action"] == "'self'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "microphone=()" in response.headers["Permissions-Policy"]
    assert "camera=(self)" in response.headers["Permissions-Policy"]  # the check-in page's QR scanner


def test_the_api_docs_load_their_start_up_script_as_a_file_and_allow_only_inline_styles(client, users):
    login(client, users.officer)
    page = client.get("/api/docs/")
    assert not INLINE["inline script"].search(page.content.decode())
    assert policy(page)["script-src"] == "'self'" and "'unsafe-inline'" in policy(page)["style-src"]
    script = client.get("/api/docs/?script")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


@pytest.mark.parametrize("role", ["federation", "chair", "officer", "finance", "auditor", "leader", "member"])
def test_every_page_of_a_roles_menu_has_no_inline_script_or_style(client, members, users, member_user, role):
    user = member_user if role == "member" else getattr(users, role)
    login(client, user)
    start = client.get("/inbox/")
    assert start.status_code == 200
    links = ["/inbox/", "/me/", *dict.fromkeys(NAV_LINK.findall(start.content.decode()))]
    assert len(links) > 2
    found = {}
    for url in links:
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.headers.get("Content-Type", ""):
            continue
        assert policy(response)["script-src"] == "'self'", url
        problems = inline_content(response.content.decode())
        if problems:
            found[url] = problems
    assert found == {}
