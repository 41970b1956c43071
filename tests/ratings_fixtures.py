"""Shared set-up for the star-rating tests: a two-indicator-area scheme of the county, published, with the
suite's school and factory taking part."""
import datetime
from decimal import Decimal

import pytest

from gonghui.ratings import actions

DAY = datetime.date(2026, 12, 3)        # conftest.SUITE_NOW
DEADLINE = datetime.date(2026, 12, 20)

INDICATORS = [
    {"area": "组织建设", "name": "按期换届", "max_points": "20", "weight": "1"},
    {"area": "组织建设", "name": "会员管理规范", "max_points": "20", "weight": "1"},
    {"area": "工作开展", "name": "开展文体活动", "max_points": "20", "weight": "1"},
    {"area": "制度建设", "name": "厂务公开", "max_points": "20", "weight": "1"},
    {"area": "工作成效", "name": "职工满意", "max_points": "20", "weight": "1"},
]
BANDS = [{"stars": 5, "min_score": "90", "max_score": "100"}, {"stars": 4, "min_score": "80", "max_score": "90"},
         {"stars": 3, "min_score": "70", "max_score": "80"}, {"stars": 2, "min_score": "60", "max_score": "70"}]


def make_scheme(users, tree, *, indicators=INDICATORS, bands=BANDS, deadline=DEADLINE):
    return actions.save_scheme(users.federation, tree.county, name="星级职工之家", year=2026, deadline=deadline,
                               indicators=indicators, bands=bands)


@pytest.fixture
def scheme(users, tree):
    return actions.publish(users.federation, make_scheme(users, tree))


def scores_of(scheme, values, key="score"):
    return [{"indicator": ind.pk, key: Decimal(v)} for ind, v in zip(scheme.indicators.order_by("position"), values)]
