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


# ---- subtree totals of the organisations a page shows (the tree page, level by level) ----
# A layer above may install a counter that reads maintained counts (``federation`` installs one over its
# per-organisation counts); without one, the totals are summed from ``per_org`` (a walk over member rows).
_subtrees = None


def provide_subtrees(counter):
    """Install ``counter(nodes) -> {org id: current members in its subtree}`` (a few queries per page)."""
    global _subtrees
    _subtrees = counter


def subtree_totals(user, nodes):
    """``{org id: current members in the subtree}`` for each of ``nodes`` (organisations ``user`` sees)."""
    nodes = list(nodes)
    if not nodes:
        return {}
    if _subtrees is not None:
        return _subtrees(nodes)
    own = per_org(user)
    from .models import Organisation

    paths = {o.pk: o.path for o in Organisation.objects.filter(pk__in=list(own)).only("id", "path")}
    return {n.pk: sum(c for pk, c in own.items() if paths.get(pk, "").startswith(n.path)) for n in nodes}
