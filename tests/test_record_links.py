"""``core.record_links``: an upper app links its records from a lower app's page (a member's honours on the
member's record) without the lower app importing it; the link shows only to users who may follow it."""
import pytest
from django.urls import reverse

from gonghui.core import record_links

from .conftest import login

pytestmark = pytest.mark.django_db


def test_the_members_record_links_to_their_honours_for_an_officer_in_scope(client, users, members):
    login(client, users.chair)
    page = client.get(reverse("members:detail", args=[members.wang.pk])).content.decode()
    assert reverse("honours:member", args=[members.wang.pk]) in page and "荣誉记录" in page


def test_a_link_is_offered_only_where_the_user_holds_its_capability(users, members, member_user):
    assert record_links.for_object(users.chair, members.wang) == [
        ("荣誉记录", reverse("honours:member", args=[members.wang.pk]))]
    assert record_links.for_object(users.outsider, members.wang) == []
    assert record_links.for_object(member_user, members.wang) == []


def test_registering_the_same_link_twice_keeps_one():
    before = len(record_links._LINKS["members.member"])
    record_links.register("members.member", "荣誉记录", "honours:member")
    assert len(record_links._LINKS["members.member"]) == before


def test_a_link_with_a_condition_shows_only_where_it_holds(users, members):
    from gonghui.core import record_links
    from gonghui.members.models import Sex

    link = record_links.register("members.member", "只对女会员", "members:detail", when=lambda m: m.sex == Sex.FEMALE)
    try:
        shown = {m.name: [label for label, _url in record_links.for_object(users.chair, m)]
                 for m in (members.wang, members.zhang)}
        women = [m for m in (members.wang, members.zhang) if m.sex == Sex.FEMALE]
        for m in (members.wang, members.zhang):
            assert ("只对女会员" in shown[m.name]) == (m in women)
    finally:
        record_links._LINKS["members.member"].remove(link)
