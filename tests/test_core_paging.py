"""Keyset paging for web lists (``core.paging.keyset_page``): every row once, in the order asked, a page
costing one query whatever its position, a bad token starting again from the first page."""
import datetime

import pytest

from gonghui.core.models import AuditEntry
from gonghui.core.paging import _encode, keyset_page
from gonghui.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def walk(qs, sort, size):
    """All pages of ``qs`` in ``sort``: the rows' ids page by page."""
    pages, token = [], None
    while True:
        rows, token = keyset_page(qs, sort, token, size=size)
        pages.append([r.pk for r in rows])
        if token is None:
            return pages


@pytest.mark.parametrize("sort", ["id", "-id", "name", "-name", "path", "-code"])
def test_pages_hold_every_row_once_in_the_order_of_the_sort(tree, sort):
    qs = Organisation.objects.all()
    expected = list(qs.order_by(sort, "-id" if sort.startswith("-") else "id").values_list("pk", flat=True))
    assert len(expected) > 3
    pages = walk(qs, sort, size=2)
    assert [pk for page in pages for pk in page] == expected
    assert all(len(page) == 2 for page in pages[:-1]) and 1 <= len(pages[-1]) <= 2


def test_ties_on_the_sort_value_are_broken_by_id(tree):
    """Several rows share a sort value (the same kind): none is lost or repeated at a page boundary."""
    qs = Organisation.objects.all()
    expected = list(qs.order_by("kind", "id").values_list("pk", flat=True))
    assert len(set(qs.values_list("kind", flat=True))) < len(expected)  # there are ties
    assert [pk for page in walk(qs, "kind", size=1) for pk in page] == expected


def test_the_last_page_has_no_token_and_an_exact_fit_needs_no_empty_page(tree):
    qs = Organisation.objects.all()
    n = qs.count()
    rows, token = keyset_page(qs, "id", None, size=n)
    assert len(rows) == n and token is None
    rows, token = keyset_page(qs, "id", None, size=n - 1)
    assert len(rows) == n - 1 and token is not None
    rows, token = keyset_page(qs, "id", token, size=n - 1)
    assert len(rows) == 1 and token is None


def test_a_token_that_does_not_decode_starts_from_the_first_page(tree):
    qs = Organisation.objects.all()
    first, _ = keyset_page(qs, "name", None, size=2)
    for bad in ("garbage", "", "!!!", _encode("x", "not-a-number")):
        rows, _ = keyset_page(qs, "name", bad, size=2)
        assert [r.pk for r in rows] == [r.pk for r in first]


def test_a_date_or_time_sort_value_round_trips_through_the_token(tree, admin_user):
    """The token carries the value as text; it comes back as the field's own type (here a datetime)."""
    base = datetime.datetime(2024, 3, 1, 9, 0, tzinfo=datetime.timezone.utc)
    for i in range(5):
        AuditEntry.objects.create(actor=admin_user, action="update", object_type="orgs.organisation",
                                  object_id=i, at=base + datetime.timedelta(days=i % 3))
    qs = AuditEntry.objects.filter(at__gte=base)
    expected = list(qs.order_by("-at", "-id").values_list("pk", flat=True))
    assert [pk for page in walk(qs, "-at", size=2) for pk in page] == expected


def test_any_page_is_one_query(tree, django_assert_num_queries):
    qs = Organisation.objects.all()
    _rows, token = keyset_page(qs, "name", None, size=2)
    with django_assert_num_queries(1):
        rows, _ = keyset_page(qs, "name", token, size=2)
    assert len(rows) == 2
