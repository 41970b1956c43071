"""A resolution carries its full text (the motion delegates read before voting): entered on the session
page or through the API, kept by a repeat vote, shown on the delegate's vote page before the ballot."""
from django.test import Client
from rest_framework.test import APIClient

from gonghui.congress import actions
from gonghui.congress.models import Resolution

from .congress_fixtures import add_members, give_login, make_term, open_session, term  # noqa: F401

TEXT = "第一条 教职工每学年参加培训不少于72学时。\n第二条 本办法自通过之日起施行。"


def test_the_api_and_the_session_page_take_the_motions_full_text(users, term):
    session = open_session(users.chair, term, present=7)
    client = APIClient()
    client.force_authenticate(users.chair)
    r = client.post("/api/congress/resolutions/", {"session": session.pk, "title": "培训管理办法", "text": TEXT},
                    format="json")
    assert r.status_code == 201 and r.json()["text"] == TEXT
    web = Client()
    web.force_login(users.chair)
    web.post(f"/congress/sessions/{session.pk}/resolutions/", {"title": "考勤办法", "text": "全文如下", "kind": "regulation",
                                                                 "mode": "secret"})
    assert Resolution.objects.get(title="考勤办法").text == "全文如下"


def test_a_repeat_vote_keeps_the_text(users, term):
    session = open_session(users.chair, term, present=7)
    r = actions.create_resolution(users.chair, session, title="培训管理办法", text=TEXT)
    Resolution.objects.filter(pk=r.pk).update(status=Resolution.Status.VOID)
    r.refresh_from_db()
    assert actions.reopen_void(users.chair, r).text == TEXT
