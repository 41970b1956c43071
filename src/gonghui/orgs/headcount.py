"""Members counted per organisation, for the tree and an organisation's page.

The roster sits above the tree (members import orgs, never the reverse), so the members app supplies
the counting when it loads (``provide``, from ``MembersConfig.ready``), as it supplies
``core.scope.member_of``. Only current members count (a terminated membership does not).
"""
_counter = None


def provide(counter):
    """Install the counting: an object with ``per_org(user)`` and ``per_branch(user, org)``."""
    global _counter
    _counter = counter


def _supplier():
    if _counter is None:
        raise RuntimeError("members app not loaded: nothing counts members per organisation")
    return _counter


def per_org(user):
    """``{org id: current members registered there}`` among the members ``user`` sees."""
    return _supplier().per_org(user)


def per_branch(user, org):
    """``{path: (current members, women)}`` per direct child of ``org`` (``org.path`` for those registered
    at ``org`` itself), among the members ``user`` sees."""
    return _supplier().per_branch(user, org)
