"""The demo county's roll-ups are not empty: every area has figures, some of them overdue, so a county officer
trying the demo sees what the pages are for."""
import pytest

from gonghui.demo import generate
from gonghui.federation import rollups
from gonghui.orgs.models import Kind, Organisation

from .conftest import loaded_for_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with loaded_for_module(django_db_blocker, lambda: generate.load(members=300, seed=7)) as d:
        yield d


@pytest.mark.sqlite_only  # the demo's content, not the database (the demo loads once per module: ~1 min)
def test_every_area_of_the_demo_county_has_figures_and_some_are_overdue(demo):
    county = Organisation.objects.filter(kind=Kind.COUNTY).order_by("path").first()
    overdue, empty = {}, []
    for key, area in rollups.AREAS.items():
        result = rollups.build(area, county)
        figures = {c.key: result.totals[c.key] for c in area.columns}
        if not (result.totals["unions"] > 0 and any(figures.values())):
            empty.append(key)
        overdue[key] = sum(result.totals[k] for k in ("overdue", "overdue_requests", "owed", "late")
                           if k in result.totals)
        print(key, figures)
    assert empty == []
    assert sum(1 for n in overdue.values() if n) >= 3, overdue
