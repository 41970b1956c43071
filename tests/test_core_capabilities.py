"""The capability table (``core.capabilities``) names the roles by the stored values of
``accounts.models.RoleKind`` without importing it (the base imports nothing above it): the two agree."""
from gonghui.accounts.models import RoleKind
from gonghui.core import capabilities


def test_every_role_kind_has_its_capabilities_and_no_other_kind_is_named():
    assert set(capabilities.CAPABILITIES) == set(RoleKind.values)
    assert {getattr(capabilities.R, name) for name in RoleKind.names} == set(RoleKind.values)


def test_every_capability_a_role_carries_is_a_known_one():
    assert set().union(*capabilities.CAPABILITIES.values()) <= capabilities.ALL
    assert capabilities.kinds_with(capabilities.KEEP_BOOKS) == [RoleKind.FINANCE]
