"""Stored references ("reversal:5", "dues:SCH:1", "expense:33") read as what they name, linked; never as keys
(core.references and each app's ``references`` module)."""
import re

from django.urls import reverse

from gonghui.core import references
from gonghui.ledger import actions as ledger

from .conftest import login
from .walk_ext.finaudit import day, payment

KEY = re.compile(r"\b[a-z_]+:[^\s<\"]*\d\b")


def test_an_unknown_or_vanished_reference_reads_as_another_source_never_as_its_key(db):
    assert references.describe("nosuchapp:QL:1").text == "其他来源"
    assert references.describe("expense:999999").text == "其他来源"
    assert references.describe("") is None


def test_a_key_is_split_into_prefix_object_and_the_rest():
    assert references.split("dues:QL-YZ:1") == ("dues", "1", "QL-YZ")
    assert references.split("expense:33") == ("expense", "33", "")


def test_many_references_cost_one_query_per_kind(tree, users, django_assert_num_queries):
    first = ledger.create_voucher(users.finance, union=tree.school, date=day(3), summary="甲", lines=payment("1.00"))
    second = ledger.create_voucher(users.finance, union=tree.school, date=day(4), summary="乙", lines=payment("2.00"))
    with django_assert_num_queries(1):
        found = references.describe_many([f"reversal:{first.pk}", f"reversal:{second.pk}"])
    assert found[f"reversal:{first.pk}"].text == f"冲销凭证 {first.label}"
    assert found[f"reversal:{second.pk}"].url == reverse("ledger:voucher", args=[second.pk])


def test_the_voucher_page_links_its_source_instead_of_printing_the_key(client, tree, users):
    original = ledger.create_voucher(users.finance, union=tree.school, date=day(3), summary="原凭证",
                                     lines=payment("5.00"))
    linked = ledger.create_voucher(users.finance, union=tree.school, date=day(3), summary="冲销演示",
                                   lines=payment("5.00"), source_ref=f"reversal:{original.pk}")
    login(client, users.finance)
    page = client.get(reverse("ledger:voucher", args=[linked.pk])).content.decode()
    assert f'<a href="{reverse("ledger:voucher", args=[original.pk])}">冲销凭证 {original.label}</a>' in page
    assert f"reversal:{original.pk}" not in page
    assert not KEY.findall(page.split("<main", 1)[-1])
