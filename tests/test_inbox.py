"""The to-do inbox (待办): each role's waiting items, scoped, counted set-based, handled singly or in a batch
through the apps' own actions (the same audit rows), with a Chinese reason for an item already handled."""
import datetime

import pytest
from django.urls import reverse

from gonghui.core import inbox
from gonghui.core.models import AuditEntry
from gonghui.elections.models import Status
from gonghui.ledger import actions as ledger
from gonghui.ledger.models import Voucher
from gonghui.members import actions as member_actions
from gonghui.members.models import Transfer

from .conftest import PASSWORD, login
from .elections_fixtures import add_members, committee_election
from .walk_ext.ledger import line

MARCH = datetime.date(2026, 3, 5)


def reviewed(users, union, n=1, summary="收3月会费"):
    """``n`` vouchers prepared by finance and reviewed by the auditor: waiting for the chair."""
    out = []
    for i in range(n):
        v = ledger.create_voucher(users.finance, union=union, date=MARCH, summary=f"{summary}{i + 1}",
                                  lines=[line("102", "100.00"), line("401", credit="100.00")])
        out.append(ledger.review_voucher(users.auditor, v))
    return out


def counts(user):
    return inbox.counts(user)


# ---- who sees what ----

def test_the_chair_sees_reviewed_vouchers_to_approve_and_the_outsider_does_not(tree, users):
    vouchers = reviewed(users, tree.school, 2)
    assert counts(users.chair)["ledger.vouchers_to_approve"] == 2
    section = {s.source.key: s for s in inbox.summary(users.chair)}["ledger.vouchers_to_approve"]
    assert [i.title for i in section.items] == [f"{v.label} 收3月会费{n}" for n, v in enumerate(vouchers, 1)]
    assert section.items[0].url == reverse("ledger:voucher", args=[vouchers[0].pk])
    assert section.items[0].org == "第一中学工会"
    assert counts(users.outsider)["ledger.vouchers_to_approve"] == 0  # another union's chair
    assert "ledger.vouchers_to_approve" not in counts(users.finance)  # finance does not approve
    assert counts(users.finance)["ledger.vouchers_to_post"] == 0


def test_each_step_of_the_voucher_goes_to_the_next_persons_inbox(tree, users):
    v = ledger.create_voucher(users.finance, union=tree.school, date=MARCH, summary="慰问",
                              lines=[line("102", "50"), line("401", credit="50")])
    assert counts(users.auditor)["ledger.vouchers_to_review"] == 1
    ledger.review_voucher(users.auditor, v)
    assert counts(users.auditor)["ledger.vouchers_to_review"] == 0
    assert counts(users.chair)["ledger.vouchers_to_approve"] == 1
    ledger.approve_voucher(users.chair, v)
    after = (counts(users.chair)["ledger.vouchers_to_approve"], counts(users.finance)["ledger.vouchers_to_post"])
    assert after == (0, 1)


def test_the_transfer_waits_in_the_receiving_unions_inbox_only(tree, users, members):
    member_actions.transfer_out(users.outsider, members.liu, to_org=tree.school, reason="调动")
    assert counts(users.chair)["members.transfers_to_accept"] == 1
    assert counts(users.outsider)["members.transfers_to_accept"] == 0  # the sending side waits, it does not act
    item = {s.source.key: s for s in inbox.summary(users.chair)}["members.transfers_to_accept"].items[0]
    assert item.title == f"{members.liu.name} 由装配车间小组转入"


def test_candidate_lists_wait_for_the_upper_union_not_for_the_union_itself(tree, users, members):
    people = add_members(users.chair, tree.school, 4)
    election = committee_election(users, tree, people, seats=3)
    assert counts(users.federation)["elections.candidates_to_approve"] == 1
    assert counts(users.chair)["elections.candidates_to_approve"] == 0  # a union cannot approve itself
    assert counts(users.outsider)["elections.candidates_to_approve"] == 0
    section = {s.source.key: s for s in inbox.summary(users.federation)}["elections.candidates_to_approve"]
    assert section.items[0].url == reverse("elections:detail", args=[election.pk])


def test_a_member_without_a_role_gets_only_member_sources(members, member_user):
    keys = {s.key for s in inbox.sources_for(member_user)}
    assert keys and all(inbox.get(k).capability == inbox.MEMBER for k in keys)
    assert {"notices.unread", "congress.votes_open", "activities.open_signups", "mutualaid.my_claims"} <= keys


# ---- acting from the inbox ----

def test_batch_approval_writes_the_same_audit_as_the_voucher_page(client, tree, users):
    single, *batch = reviewed(users, tree.school, 3)
    login(client, users.chair)
    client.post(reverse("ledger:voucher_approve", args=[single.pk]))
    response = client.post(reverse("inbox:batch", args=["ledger.vouchers_to_approve"]),
                           {"pk": [v.pk for v in batch]}, follow=True)
    assert "待批准的凭证：已办理2项" in response.content.decode()
    assert set(Voucher.objects.values_list("status", flat=True)) == {"approved"}
    entries = AuditEntry.objects.filter(action="voucher_approve").order_by("id")
    assert [e.object_id for e in entries] == [v.pk for v in (single, *batch)]
    page, inboxed = entries[0], entries[1]
    assert (page.actor_id, page.object_type, sorted(page.changes)) == (
        inboxed.actor_id, inboxed.object_type, sorted(inboxed.changes))
    assert inboxed.changes["status"] == page.changes["status"]


def test_an_item_someone_else_already_handled_says_who_and_when(client, tree, users):
    first, second = reviewed(users, tree.school, 2)
    other = type(users.chair).objects.create_user("chair2", password=PASSWORD, name="李主席")
    from gonghui.accounts.models import Role
    Role.objects.create(user=other, org=tree.school, kind="chair")
    ledger.approve_voucher(other, first)  # meanwhile, on another screen
    outcomes = inbox.run_batch(users.chair, inbox.get("ledger.vouchers_to_approve"), [first.pk, second.pk])
    assert [o.ok for o in outcomes] == [False, True]  # per item: the other one still goes through
    first.refresh_from_db()
    stamp = first.approved_at.astimezone(datetime.timezone(datetime.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")
    assert outcomes[0].message == f"该凭证{first.label}已由李主席于{stamp}审批"
    assert AuditEntry.objects.filter(action="voucher_approve", actor=users.chair).count() == 1


def test_the_web_batch_reports_the_chinese_reason(client, tree, users):
    (v,) = reviewed(users, tree.school, 1)
    ledger.approve_voucher(users.chair, v)
    login(client, users.chair)
    body = client.post(reverse("inbox:batch", args=["ledger.vouchers_to_approve"]), {"pk": [v.pk]},
                       follow=True).content.decode()
    assert f"该凭证{v.label}已由chair于" in body and "审批" in body


def test_an_outsider_cannot_approve_another_unions_voucher_through_the_batch(tree, users):
    (v,) = reviewed(users, tree.school, 1)
    outcomes = inbox.run_batch(users.outsider, inbox.get("ledger.vouchers_to_approve"), [v.pk])
    assert (outcomes[0].ok, outcomes[0].message) == (False, "找不到该待办事项，或您无权办理")
    v.refresh_from_db()
    assert v.status == "reviewed"


def test_transfers_are_accepted_from_the_inbox_with_the_transfer_audit(tree, users, members):
    member_actions.transfer_out(users.outsider, members.liu, to_org=tree.school, reason="调动")
    t = Transfer.objects.get()
    outcomes = inbox.run_batch(users.chair, inbox.get("members.transfers_to_accept"), [t.pk])
    assert outcomes[0].ok
    t.refresh_from_db()
    assert t.state == "accepted" and AuditEntry.objects.filter(action="transfer_in").count() == 1
    again = inbox.run_batch(users.chair, inbox.get("members.transfers_to_accept"), [t.pk])
    assert again[0].message.startswith("该转接已由chair于") and again[0].message.endswith("接收")


def test_candidate_lists_are_approved_from_the_federations_inbox(tree, users):
    people = add_members(users.chair, tree.school, 4)
    election = committee_election(users, tree, people, seats=3)
    short = committee_election(users, tree, people[:2], seats=3, title="经费审查委员会选举")
    outcomes = inbox.run_batch(users.federation, inbox.get("elections.candidates_to_approve"),
                               [election.pk, short.pk])
    assert outcomes[0].ok and not outcomes[1].ok
    assert "少于" in outcomes[1].message  # the action's own reason, in Chinese
    election.refresh_from_db()
    assert election.status == Status.CANDIDATES_APPROVED
    assert AuditEntry.objects.filter(action="approve_candidates").count() == 1
    again = inbox.run_batch(users.federation, inbox.get("elections.candidates_to_approve"), [election.pk])
    assert again[0].message == "该候选人名单已由fed批复"


# ---- pages, API, badge ----

def test_after_login_every_role_lands_on_the_inbox(client, users, member_user):
    for user in (users.chair, users.finance, member_user):
        client.logout()
        response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
        assert response.status_code == 302 and response["Location"] == reverse("inbox:home")


def test_the_inbox_page_lists_the_items_with_checkboxes_and_links_the_dashboard(client, tree, users):
    vouchers = reviewed(users, tree.school, 2)
    body = login(client, users.chair).get(reverse("inbox:home")).content.decode()
    assert "待批准的凭证" in body and 'name="pk" value="%d"' % vouchers[0].pk in body
    assert "批准所选凭证" in body and reverse("core:home") in body
    assert 'data-inbox-badge="/inbox/badge/"' in body and '<span class="ib-total">2</span>' in body


def test_the_menu_badge_counts_without_costing_other_pages_a_query(client, tree, users):
    reviewed(users, tree.school, 3)
    login(client, users.chair)
    assert client.get(reverse("inbox:badge")).json() == {"total": 3}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as page:
        body = client.get(reverse("accounts:me")).content.decode()
    assert not [q for q in page.captured_queries if "ledger_voucher" in q["sql"]]  # no inbox count in the menu
    assert 'data-inbox-badge="/inbox/badge/"' in body and "待办" in body  # the menu script fills it
    from django.contrib.staticfiles import finders

    assert "data-inbox-badge" in open(finders.find("gonghui/nav.js"), encoding="utf-8").read()


def test_a_member_lands_on_the_hub_with_big_buttons(client, members, member_user):
    body = login(client, member_user).get(reverse("inbox:home")).content.decode()
    assert "hub-grid" in body and 'data-hub="votes"' in body and reverse("accounts:me") in body
    assert "您好" in body


def test_the_api_lists_sources_and_batches(client, tree, users):
    first, second = reviewed(users, tree.school, 2)
    login(client, users.chair)
    data = client.get("/api/inbox/").json()
    approve = {s["key"]: s for s in data["sources"]}["ledger.vouchers_to_approve"]
    assert (approve["count"], [i["pk"] for i in approve["items"]]) == (2, [first.pk, second.pk])
    ledger.approve_voucher(users.chair, first)
    result = client.post("/api/inbox/ledger.vouchers_to_approve/batch/", {"pks": [first.pk, second.pk]},
                         content_type="application/json").json()
    assert result["done"] == 1 and result["results"][0]["message"].startswith(f"该凭证{first.label}已由chair于")
    missing = client.post("/api/inbox/nothing.here/batch/", {"pks": [1]}, content_type="application/json")
    assert missing.status_code == 404


def test_the_api_is_in_the_schema(client, users):
    login(client, users.chair)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/inbox/" in schema and "/api/inbox/{source}/batch/" in schema


# ---- set-based ----

def test_the_inbox_costs_the_same_queries_for_one_voucher_or_many(tree, users, django_assert_num_queries):
    reviewed(users, tree.school, 1)
    chair = type(users.chair).objects.get(pk=users.chair.pk)
    inbox.summary(chair)  # warm the scope and the member lookup
    with django_assert_num_queries(_queries(chair)) as few:
        inbox.summary(chair)
    reviewed(users, tree.school, 6)
    with django_assert_num_queries(len(few)):
        sections = inbox.summary(chair)
    assert {s.source.key: s.count for s in sections}["ledger.vouchers_to_approve"] == 7


def _queries(user):
    """Two per source with rows waiting (count, first items), one per empty source."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        sections = inbox.summary(user)
    assert len(ctx.captured_queries) == sum(2 if s.count else 1 for s in sections)
    return len(ctx.captured_queries)
