"""``orgs.rollup.roll_up``: per-organisation counts summed to the units directly below a federation."""
from gonghui.core.tree import STEP
from gonghui.orgs.rollup import roll_up


def test_counts_roll_up_to_the_units_below_the_county_and_a_union_sums_its_own(tree, django_assert_num_queries):
    counts = {tree.school.pk: (3, 1), tree.g1.pk: (2, 2), tree.factory.pk: (1, 0)}
    with django_assert_num_queries(1):
        rows = roll_up(tree.county, counts)
    by_unit = {unit.code: values for unit, *values in rows}
    town_units = {tree.school.path[:len(tree.county.path) + STEP], tree.factory.path[:len(tree.county.path) + STEP]}
    assert sum(v[0] for v in by_unit.values()) == 6 and sum(v[1] for v in by_unit.values()) == 3
    assert all(unit.depth == tree.county.depth + 1 for unit, *_v in rows) and len(rows) == len(town_units)
    assert rows == sorted(rows, key=lambda t: (-t[1], t[0].path))
    (school,) = roll_up(tree.school, {tree.school.pk: (3, 1), tree.g1.pk: (2, 2)})
    assert school == (tree.school, 5, 3)
    assert roll_up(tree.county, {}) == []
