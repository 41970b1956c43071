"""Secret ballots: the one component every secret vote uses — congress resolutions and democratic
evaluations (``congress``), election rounds and removal votes (``elections``).

A kind of secret vote is described once by a ``BallotBox``: the *box* row (a resolution, an evaluation
round, an election round, a removal motion), the *ballot* model (box, ``seq``, the chosen content,
``prev``, ``digest``) and the *mark* model (box, voter; unique per voter and box). The functions here
do every write and check: ``lock`` the box row, ``cast`` a voter's ballot (mark + ballot, a second vote
refused with a Chinese ``ActionError``), ``append`` ballots without a voter (paper ballots typed in by
the tellers), ``mark`` voters handed a paper ballot, ``seal`` the box when it closes, ``verify`` /
``check`` the chain for the recount.

Secrecy policy — nothing anywhere links a voter to a ballot: not an audit row, a log line, a timestamp,
nor the insertion order of marks and ballots (row ids, sequence numbers, the database's physical order).

1. A mark records only *that* a voter has voted in a box: a random key (UUID), the box and the voter;
   no time, no sequence, no reference to a ballot.
2. A ballot records only the box, its place in the chain and what was chosen: no voter, user, session
   or time (the box carries the date, which is as fine as time gets).
3. No audit row, log line or message is written per secret ballot, and the voter gets no receipt (no
   sequence number or digest back). Opening, issuing paper ballots, entering paper ballots and counting
   are audited; the count records the sealed chain's head. No head of an unsealed chain is recorded:
   the head after k ballots would let anyone try the few possible choices of the first k voters.
4. While the box is open the ballots are chained in the order they arrive, so none can be dropped or
   changed unseen — and that order, like the rows' ids and the marks' physical order, follows the
   order of voting. ``seal`` (called in the transaction that closes the box) removes it: the chain is
   verified, the ballots are rewritten in canonical order — sorted by the SHA-256 of their content,
   a function of the set of votes alone, so anyone can check that the order says nothing (``Check.canonical``)
   — renumbered from 1 and chained again, and the marks are rewritten in voter order. The new rows get
   new ids in that order and all belong to the closing transaction (PostgreSQL's ``xmin`` included).
   Only the sealed chain's head is published; the recount verifies the chain against it.

What is outside the tables is outside this component: the database's own history (PostgreSQL dead rows
until VACUUM and its WAL, SQLite free pages unless ``secure_delete``, backups taken while a box is open)
and SQL debug logging (``DEBUG=True``), which must stay off in production.
"""
import hashlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from . import hashchain
from .errors import ActionError


@dataclass(frozen=True)
class BallotBox:
    """One kind of secret vote: which models hold the box, its ballots and its marks."""

    box: type           # the row locked while ballots are written (Resolution, Round, …)
    ballot: type        # fields: <box_field>, seq, prev, digest and the ``content`` fields
    mark: type          # fields: <box_field>, <voter_field>; unique per (box, voter); random pk
    box_field: str      # the name of the ballot's and the mark's FK to the box
    voter_field: str    # the name of the mark's FK to the voter
    content: tuple      # the ballot fields that are the vote
    field: str = "__all__"  # the error key of this kind's messages
    voted_twice: str = _("您已投过票，不能重复投票")
    broken: str = _("票链在第%(n)s张处校验失败，请核查后再计票")

    def ballots(self, box):
        return self.ballot._default_manager.filter(**{f"{self.box_field}_id": _pk(box)})

    def marks(self, box):
        return self.mark._default_manager.filter(**{f"{self.box_field}_id": _pk(box)})

    def refused(self):
        return ActionError(str(self.voted_twice), field=self.field)


def _pk(obj):
    return getattr(obj, "pk", obj)


def _in_transaction():
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("选票只能在事务中写入")


def content_of(kind, ballot) -> dict:
    return {name: getattr(ballot, name) for name in kind.content}


def payload(kind, ballot) -> dict:
    """What the chain covers: the box, the place in the chain and the content."""
    return {kind.box_field: getattr(ballot, f"{kind.box_field}_id"), "seq": ballot.seq, **content_of(kind, ballot)}


def order_key(content) -> str:
    """The canonical place of a ballot in a sealed box: the SHA-256 of its content alone."""
    return hashlib.sha256(hashchain.canonical(content).encode("utf-8")).hexdigest()


# ---- writing ----

def lock(kind, box):
    """Lock the box row (``select_for_update``) and bring ``box`` up to date with it."""
    _in_transaction()
    list(kind.box._base_manager.select_for_update().filter(pk=box.pk).values_list("pk"))
    box.refresh_from_db()
    return box


def voted(kind, box, voters) -> set:
    """The ids of those of ``voters`` (objects or ids) who already have a mark in ``box``."""
    ids = [_pk(v) for v in voters]
    return set(kind.marks(box).filter(**{f"{kind.voter_field}_id__in": ids})
               .values_list(f"{kind.voter_field}_id", flat=True))


def mark(kind, box, voters):
    """Mark ``voters`` as having voted (handed a paper ballot), refusing anyone marked already.
    The caller holds the box's lock."""
    _in_transaction()
    ids = sorted({_pk(v) for v in voters})
    if voted(kind, box, ids):
        raise kind.refused()
    try:
        with transaction.atomic():
            kind.mark._default_manager.bulk_create(
                [kind.mark(**{f"{kind.box_field}_id": box.pk, f"{kind.voter_field}_id": pk}) for pk in ids])
    except IntegrityError:
        raise kind.refused() from None
    return len(ids)


def append(kind, box, contents):
    """Chain ballots (dicts of the kind's content fields) after the box's last one; no mark. The caller
    holds the box's lock."""
    _in_transaction()
    last = kind.ballots(box).order_by("-seq").values_list("seq", "digest").first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, hashchain.GENESIS)
    rows = []
    for content in contents:
        if set(content) != set(kind.content):
            raise ValueError(f"ballot content must be exactly {kind.content}")
        ballot = kind.ballot(**{f"{kind.box_field}_id": box.pk}, seq=seq, prev=prev, **content)
        ballot.digest = hashchain.link(prev, payload(kind, ballot))
        rows.append(ballot)
        seq, prev = seq + 1, ballot.digest
    return kind.ballot._default_manager.bulk_create(rows)


def cast(kind, box, voter, content):
    """A voter's own ballot: their mark and the ballot, in the caller's transaction under the box's lock.
    A second ballot by the same voter in the same box is refused."""
    mark(kind, box, [voter])
    return append(kind, box, [content])[0]


def seal(kind, box):
    """Close the box's chain (the caller holds the lock, in the transaction that closes the box): verify
    it, rewrite the ballots in canonical order with a new chain, rewrite the marks in voter order.
    Returns the sealed ``Check``; a broken chain is refused with the kind's message."""
    _in_transaction()
    found = verify(kind, box)
    if not found.ok:
        raise ActionError(str(kind.broken) % {"n": found.broken_at + 1}, field=kind.field)
    contents = sorted((content_of(kind, b) for b in found.ballots), key=order_key)
    kind.ballots(box).delete()
    ballots = append(kind, box, contents)
    voter_ids = sorted(kind.marks(box).values_list(f"{kind.voter_field}_id", flat=True))
    kind.marks(box).delete()
    kind.mark._default_manager.bulk_create(
        [kind.mark(**{f"{kind.box_field}_id": box.pk, f"{kind.voter_field}_id": pk}) for pk in voter_ids])
    return check(kind, ballots)


def rewrite_marks(mark_model, box_field, voter_field, batch_size=2000):
    """Rewrite every mark of ``mark_model`` in (box, voter) order with new keys — for data migrations of
    marks written before sealing existed (their row order followed the order of voting)."""
    rows = list(mark_model.objects.order_by(f"{box_field}_id", f"{voter_field}_id")
                .values_list(f"{box_field}_id", f"{voter_field}_id"))
    mark_model.objects.all().delete()
    mark_model.objects.bulk_create([mark_model(**{f"{box_field}_id": b, f"{voter_field}_id": v}) for b, v in rows],
                                   batch_size=batch_size)


# ---- reading ----

@dataclass
class Check:
    """A verified chain: its ballots in chain order, the first broken link (index) or None, the head."""

    kind: BallotBox
    ballots: list
    broken_at: int | None
    head: str
    head_ok: bool = True

    @property
    def ok(self):
        return self.broken_at is None and self.head_ok

    @property
    def canonical(self):
        """True when the order is the sealed one: a function of the set of votes alone."""
        keys = [order_key(content_of(self.kind, b)) for b in self.ballots]
        return keys == sorted(keys)


def check(kind, ballots, published=None):
    """Verify ``ballots`` (in chain order). With ``published`` (the head recorded at closing) a dropped
    last ballot — or one added after — is caught too."""
    ballots = list(ballots)
    broken = hashchain.verify([(payload(kind, b), b.digest) for b in ballots])
    head = ballots[-1].digest if ballots else ""
    return Check(kind=kind, ballots=ballots, broken_at=broken, head=head,
                 head_ok=published is None or head == published)


def verify(kind, box, published=None):
    """Load the box's ballots in chain order and ``check`` them."""
    return check(kind, kind.ballots(box).order_by("seq"), published)
