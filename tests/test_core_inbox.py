"""The inbox registry: sources are discovered from the apps and shown to the users they are for."""
import pytest

from gonghui.core import inbox
from gonghui.core.capabilities import KEEP_BOOKS


def _source(key, capability):
    return inbox.Source(key=key, label=key, capability=capability, rows=lambda user, today: [],
                        item=lambda row: inbox.Item(title=str(row), url="/"))


def test_a_key_registered_twice_is_refused():
    source = _source("test.once", KEEP_BOOKS)
    inbox.register(source)
    try:
        assert inbox.register(source) is source  # the same source again is harmless
        with pytest.raises(ValueError):
            inbox.register(_source("test.once", KEEP_BOOKS))
        assert inbox.get("test.once") is source
    finally:
        inbox._REGISTRY.pop("test.once")


@pytest.mark.django_db
def test_sources_go_to_holders_of_their_capability_and_member_sources_to_members(users, member_user):
    officer = _source("test.books", KEEP_BOOKS)
    mine = _source("test.mine", inbox.MEMBER)
    inbox.register(officer)
    inbox.register(mine)
    try:
        finance = {s.key for s in inbox.sources_for(users.finance)}
        assert "test.books" in finance and "test.mine" not in finance
        assert "test.books" not in {s.key for s in inbox.sources_for(users.chair)}
        assert [s.key for s in inbox.sources_for(member_user) if s.key.startswith("test.")] == ["test.mine"]
    finally:
        inbox._REGISTRY.pop("test.books")
        inbox._REGISTRY.pop("test.mine")
