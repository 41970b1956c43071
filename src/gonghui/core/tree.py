"""The organisation tree's materialised paths, as plain strings (``orgs.models`` builds on them).

Every node's ``path`` is its parent's path plus a ``STEP``-character code, so a subtree at any depth is one
range scan (``path >= p AND path < p || PATH_END``) and tree order is ``ORDER BY path``. These functions
need no model, so the scope layer below ``orgs`` can use them too.
"""
STEP = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PATH_END = "~"  # sorts after every character of ALPHABET


def step_code(n: int) -> str:
    out = ""
    for _ in range(STEP):
        n, r = divmod(n, len(ALPHABET))
        out = ALPHABET[r] + out
    return out


def ancestor_paths(path: str, include_self: bool = True) -> list[str]:
    """The paths from the root down to ``path`` (itself last unless ``include_self`` is false)."""
    end = len(path) + 1 if include_self else len(path)
    return [path[:i] for i in range(STEP, end, STEP)]
