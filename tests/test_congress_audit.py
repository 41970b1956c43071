"""Congress changes appear in the audit trail of the union, and the audit page shows them."""
from gonghui.congress import actions
from gonghui.core.models import AuditEntry

from .conftest import login
from .congress_fixtures import make_term, open_session


def test_the_audit_page_lists_congress_changes(client, users, tree):
    term = make_term(users.outsider, tree.factory, delegates=3)
    session = open_session(users.outsider, term, present=3)
    r = actions.create_resolution(users.outsider, session, title="厂务公开实施办法")
    actions.open_vote(users.outsider, r)
    actions.close_vote(users.outsider, r)
    assert set(AuditEntry.objects.filter(org=tree.factory, object_type__startswith="congress.")
               .values_list("action", flat=True)) >= {"create", "confirm", "status", "sign_in", "open_vote",
                                                       "close_vote"}
    client.raise_request_exception = True
    page = login(client, users.outsider).get("/audit/").content.decode()
    assert "厂务公开实施办法" in page
