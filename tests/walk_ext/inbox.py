"""Scope-walk extension for the inbox: ``<source>`` names an inbox source (``core.inbox``).

Strict: the sources the user may not act on (not theirs, or without a batch action) and a made-up one,
each a 404; lax: the user's own batchable sources, whose batch with forged out-of-scope pks must change
nothing (each item answers "找不到该待办事项，或您无权办理")."""
from gonghui.core import inbox

NAME_KINDS = {"source": "inbox_source"}


def extend(user, scope):
    mine = [s.key for s in inbox.sources_for(user) if s.batch is not None]
    others = [s.key for s in inbox.all_sources() if s.key not in mine]
    scope.strict["inbox_source"] = others[:3] + ["no.such.source"]
    scope.lax["inbox_source"] = mine[:2]
