"""Member search, filters and keyset pagination (members.queries)."""
import datetime

from gonghui.members import actions
from gonghui.core.paging import keyset_page
from gonghui.members.queries import Filters, member_queryset

from .conftest import member_data


def find(user, **params):
    return sorted(m.name for m in member_queryset(user, Filters(params, user)))


def test_search_by_name_prefix_initials_and_tails(members, users):
    assert find(users.chair, q="王") == ["王强"]
    assert find(users.chair, q="wq") == ["王强"]
    assert find(users.chair, q="5678") == ["张敏", "王强"]  # phone tail
    assert find(users.chair, q="0010") == ["王强"]  # ID tail
    assert find(users.chair, q="002x") == ["张敏"]


def test_filters_combine(members, users):
    assert find(users.chair, sex="F") == ["张敏", "赵丽"]
    assert find(users.chair, sex="F", age_band="56-") == ["张敏"]
    assert find(users.chair, org="SCH-B1") == ["王强"]


def test_a_forged_org_filter_out_of_scope_finds_nothing(members, users):
    assert find(users.chair, org="FAC") == []
    assert find(users.chair, org="NOPE") == []


def test_unknown_filter_values_are_ignored(members, users):
    assert find(users.chair, sex="X", status="hacked", sort="password") == ["张敏", "王强", "赵丽"]


def test_keyset_pages_cover_every_row_once_in_any_sort(tree, users):
    for i, seq in enumerate(range(1, 8)):
        body = f"1101011990010{seq}{seq:03d}"
        from stdnum.cn import ric

        actions.create_member(users.chair, org=tree.school,
                              data=member_data("wang", id_number=body + ric.calc_check_digit(body + "0"),
                                               name="王" + "一二三四五六七"[i], join_date=datetime.date(2020, 1, 1 + i % 2)))
    for sort in ("id", "-id", "name", "-join_date", "birth_date"):
        seen, token = [], None
        while True:
            rows, token = keyset_page(member_queryset(users.chair, Filters({}, users.chair)), sort, token, size=3)
            seen += [r.pk for r in rows]
            if not token:
                break
        assert len(seen) == len(set(seen)) == 7, sort


def test_a_page_is_one_query(members, users, django_assert_num_queries):
    chair = type(users.chair).objects.get(pk=users.chair.pk)
    with django_assert_num_queries(3):  # roles, own rows, then the page
        rows, _ = keyset_page(member_queryset(chair, Filters({"q": "王"}, chair)), "name", None, size=50)
    assert [r.name for r in rows] == ["王强"]
