"""The scope walk over the mutual-aid routes only (web and API): quick to run while working on the app.

The full walk (tests/test_scope_walk.py) covers these routes too; this module runs the same walker,
world and checks on ``/mutual-aid/`` and ``/api/mutual-aid/`` alone.
"""
import pytest

from . import test_scope_walk
from .test_scope_walk import Walker, discover, scope_of, snapshot, world  # noqa: F401
from .walk_ext import mutualaid as extension


@pytest.fixture
def aid_world(db, request, monkeypatch):
    """The walk's world with only this app's extension (other apps' data play no part here)."""
    monkeypatch.setattr(test_scope_walk, "EXTENSIONS", [extension])
    return request.getfixturevalue("world")


def mutualaid_routes():
    routes = [r for r in discover() if "mutualaid" in r.name or r.template.startswith(("mutual-aid/",
                                                                                       "api/mutual-aid/"))]
    assert len(routes) > 30
    return routes


@pytest.mark.parametrize("who", ["outsider", "member"])
def test_no_mutualaid_url_shows_or_changes_anything_out_of_scope(aid_world, client, who):
    world = aid_world
    user = world.users.outsider if who == "outsider" else world.member_user
    scope = scope_of(user)
    assert "张敏病情机密丙" in scope.secrets and "机关互助计划戊" in scope.secrets
    if who == "outsider":
        assert {"一中教职工互助甲", "王强本人病情乙", "一中体检安排丁"} <= scope.secrets
    else:
        assert "王强本人病情乙" not in scope.secrets and "一中教职工互助甲" not in scope.secrets
    before = snapshot()
    walker = Walker(client, user, scope)
    walker.walk(mutualaid_routes())
    changed = [key for key in before if before[key] != snapshot()[key]]
    report = "\n".join(walker.problems + [f"rows changed: {key}" for key in changed])
    assert not report, f"{len(walker.problems)} problems in {walker.requests} requests as {who}:\n{report}"
    assert walker.requests > 100
