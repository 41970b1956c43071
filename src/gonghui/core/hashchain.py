"""A hash chain for ballots: each ballot's digest covers its content and the previous digest, so a
published list of ballots can be recounted by anyone and no ballot can be dropped, added or changed
without breaking the chain.

The primitive only: secret ballots are written, sealed and verified by ``core.ballots``, which also
states the secrecy policy.
"""
import hashlib
import json

GENESIS = "0" * 64


def canonical(payload) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def link(previous: str, payload) -> str:
    """The digest of ``payload`` chained after ``previous`` (hex SHA-256)."""
    return hashlib.sha256((previous + canonical(payload)).encode("utf-8")).hexdigest()


def verify(rows, start=GENESIS):
    """``rows``: (payload, digest) in chain order. Returns the index of the first broken link, or None."""
    previous = start
    for i, (payload, digest) in enumerate(rows):
        if link(previous, payload) != digest:
            return i
        previous = digest
    return None
