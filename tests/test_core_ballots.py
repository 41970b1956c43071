"""The secret-ballot component (core.ballots): append, one vote per voter, the chain verified, sealing and
the recount — and a re-identification attempt over every table and the log that finds no voter's choice
in any of the four kinds of secret vote."""
import collections
import datetime
import importlib
import logging
import uuid

import pytest
from django.apps import apps
from django.db import models, transaction

from gonghui.accounts.models import User
from gonghui.congress import actions as congress
from gonghui.congress.models import EVALUATION_BALLOTS, RESOLUTION_BALLOTS, Delegate
from gonghui.core import ballots as secret
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.elections import actions as elections
from gonghui.elections.models import (REMOVAL_BALLOTS, ROUND_BALLOTS, Removal, RemovalBallot, RemovalMark,
                                      RemovalVoter, Voter)
from gonghui.members.models import Member

from . import congress_fixtures
from .elections_fixtures import add_members, chair_office, committee_election, removal_motion, to_first_round


@pytest.fixture
def box(tree, users, members):
    """An open removal vote of the school union: 12 entitled, all present."""
    add_members(users.chair, tree.school, 9)
    removal = removal_motion(users, chair_office(users, tree, members.wang))
    return elections.open_removal(users.chair, removal, present=removal.entitled)


def _voters(box):
    return list(RemovalVoter.objects.filter(removal=box).order_by("pk"))


def _cast(box, voter, choice, kind=REMOVAL_BALLOTS):
    with transaction.atomic():
        return secret.cast(kind, secret.lock(kind, box), voter, {"choice": choice})


def _append(box, *choices):
    with transaction.atomic():
        return secret.append(REMOVAL_BALLOTS, secret.lock(REMOVAL_BALLOTS, box), [{"choice": c} for c in choices])


def _seal(box):
    with transaction.atomic():
        return secret.seal(REMOVAL_BALLOTS, secret.lock(REMOVAL_BALLOTS, box))


INTERLEAVED = ["against", "for", "abstain", "for", "against", "for"]


# ---- the component ----

def test_a_ballot_is_chained_after_the_last_one_and_its_voter_is_marked_apart_from_it(box):
    first, second = _voters(box)[:2]
    a = _cast(box, first, "for")
    b = _cast(box, second, "against")
    assert (a.seq, a.prev) == (1, "0" * 64) and (b.seq, b.prev) == (2, a.digest)
    assert secret.verify(REMOVAL_BALLOTS, box).ok
    assert set(RemovalMark.objects.filter(removal=box).values_list("voter_id", flat=True)) == {first.pk, second.pk}
    assert {f.name for f in RemovalBallot._meta.get_fields()} == {"id", "removal", "seq", "choice", "prev", "digest"}
    assert {f.name for f in RemovalMark._meta.get_fields()} == {"id", "removal", "voter"}


def test_a_second_ballot_from_the_same_voter_is_refused_in_chinese_and_nothing_is_written(box):
    voter = _voters(box)[0]
    _cast(box, voter, "for")
    with pytest.raises(ActionError) as exc:
        _cast(box, voter, "against")
    assert exc.value.message_dict == {"removal": ["您已经表决过（或已领取纸质表决票），每人只能表决一次"]}
    plain = secret.BallotBox(box=Removal, ballot=RemovalBallot, mark=RemovalMark, box_field="removal",
                             voter_field="voter", content=("choice",))
    with pytest.raises(ActionError) as exc:
        _cast(box, voter, "against", kind=plain)
    assert exc.value.message_dict == {"__all__": ["您已投过票，不能重复投票"]}
    assert RemovalBallot.objects.filter(removal=box).count() == 1 == RemovalMark.objects.filter(removal=box).count()


def test_a_voter_handed_a_paper_ballot_is_marked_and_cannot_vote_on_the_phone_too(box):
    voter = _voters(box)[0]
    with transaction.atomic():
        assert secret.mark(REMOVAL_BALLOTS, secret.lock(REMOVAL_BALLOTS, box), [voter]) == 1
    assert secret.voted(REMOVAL_BALLOTS, box, [voter.pk]) == {voter.pk}
    with pytest.raises(ActionError):
        _cast(box, voter, "for")
    _append(box, "for")  # the paper ballot itself: no mark
    assert RemovalMark.objects.filter(removal=box).count() == 1 == RemovalBallot.objects.filter(removal=box).count()


def test_a_changed_ballot_breaks_the_chain_at_its_place(box):
    _append(box, "for", "against", "for")
    RemovalBallot.objects.filter(removal=box, seq=2).update(choice="for")
    assert secret.verify(REMOVAL_BALLOTS, box).broken_at == 1


def test_a_dropped_ballot_breaks_the_chain_and_a_dropped_last_one_misses_the_published_head(box):
    _append(box, "for", "against", "abstain", "for")
    head = secret.verify(REMOVAL_BALLOTS, box).head
    RemovalBallot.objects.filter(removal=box, seq=2).delete()
    assert secret.verify(REMOVAL_BALLOTS, box).broken_at == 1
    RemovalBallot.objects.filter(removal=box, seq=4).delete()
    RemovalBallot.objects.filter(removal=box, seq=3).delete()
    dropped_last = secret.verify(REMOVAL_BALLOTS, box, published=head)
    assert dropped_last.broken_at is None and not dropped_last.head_ok and not dropped_last.ok


def test_a_ballot_added_after_sealing_misses_the_published_head(box):
    _append(box, "for", "against")
    head = _seal(box).head
    _append(box, "for")
    assert secret.verify(REMOVAL_BALLOTS, box).broken_at is None
    assert not secret.verify(REMOVAL_BALLOTS, box, published=head).ok


def test_sealing_rewrites_the_ballots_in_canonical_order_with_a_chain_that_verifies_against_its_head(box):
    voters = _voters(box)
    for voter, choice in zip(voters, INTERLEAVED):
        _cast(box, voter, choice)
    before = secret.verify(REMOVAL_BALLOTS, box)
    assert not before.canonical  # the order of voting
    marks_before = set(RemovalMark.objects.filter(removal=box).values_list("pk", flat=True))
    sealed = _seal(box)
    again = secret.verify(REMOVAL_BALLOTS, box, published=sealed.head)
    assert again.ok and again.canonical and again.head == sealed.head
    assert [b.seq for b in again.ballots] == list(range(1, 7))
    assert sorted(b.pk for b in again.ballots) == [b.pk for b in again.ballots]  # ids follow the sealed order
    assert collections.Counter(b.choice for b in again.ballots) == collections.Counter(INTERLEAVED)
    assert not {b.pk for b in again.ballots} & {b.pk for b in before.ballots}
    marks = list(RemovalMark.objects.filter(removal=box).order_by())
    assert [m.voter_id for m in marks] == sorted(v.pk for v in voters[:6])
    assert not {m.pk for m in marks} & marks_before


def test_a_broken_chain_is_not_sealed_and_stays_as_it_was(box):
    _append(box, "for", "against", "for")
    RemovalBallot.objects.filter(removal=box, seq=2).update(choice="abstain")
    ids = sorted(RemovalBallot.objects.filter(removal=box).values_list("pk", flat=True))
    with pytest.raises(ActionError) as exc:
        _seal(box)
    assert exc.value.message_dict == {"removal": ["表决票链在第2张处校验失败，请核查后再计票"]}
    assert sorted(RemovalBallot.objects.filter(removal=box).values_list("pk", flat=True)) == ids


def test_anyone_can_recount_a_closed_vote_from_its_ballots_and_its_published_head(box, users):
    for voter, choice in zip(_voters(box), INTERLEAVED):
        _cast(box, voter, choice)
    closed = elections.close_removal(users.chair, box)
    check = secret.verify(REMOVAL_BALLOTS, Removal.objects.get(pk=closed.pk), published=closed.head)
    assert check.ok and check.canonical
    counts = collections.Counter(b.choice for b in check.ballots)
    assert (counts["for"], counts["against"], counts["abstain"]) == (
        closed.votes_for, closed.votes_against, closed.votes_abstain) == (3, 2, 1)
    count_entry = AuditEntry.objects.get(action="count_removal")
    assert count_entry.changes["head"] == [None, closed.head]


def test_the_data_migration_deletes_the_audit_rows_of_phone_ballots_and_keeps_the_paper_ones(box, users):
    def entry(actor, note):
        AuditEntry(actor=actor, action="ballot", object_type="elections.removal", object_id=box.pk,
                   object_repr=str(box), note=note).save()

    entry(None, "第1张表决票（手机）")
    entry(None, "第2张选票（手机）")
    entry(users.chair, "第3张选票（纸质）")
    with transaction.atomic():
        elections.issue_removal_ballots(users.chair, box, [v.member for v in _voters(box)[:3]])
    pairs = set(RemovalMark.objects.values_list("removal_id", "voter_id"))
    keys = set(RemovalMark.objects.values_list("pk", flat=True))
    importlib.import_module("gonghui.elections.migrations.0003_unlink_phone_ballots").unlink(apps, None)
    importlib.import_module("gonghui.congress.migrations.0003_unlink_voter_marks").unlink(apps, None)
    assert list(AuditEntry.objects.filter(action="ballot").values_list("note", flat=True)) == ["第3张选票（纸质）"]
    assert set(RemovalMark.objects.values_list("removal_id", "voter_id")) == pairs
    assert not set(RemovalMark.objects.values_list("pk", flat=True)) & keys


# ---- re-identification: four kinds, voters in a known order, then every table and the log ----

ORDER = [3, 0, 6, 1, 7, 2, 5, 4]  # the delegates (by id) in the order they vote
RESOLUTION_CHOICES = ["for", "against", "for", "abstain", "against", "for", "abstain", "for"]
GRADES = ["excellent", "unfit", "competent", "excellent", "basic", "unfit", "competent", "excellent"]
REMOVAL_CHOICES = ["against", "for", "against", "abstain", "for", "against", "abstain", "for"]


def _dump():
    """Every row of every table the product writes, in the database's own (physical) order."""
    out = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        out[model] = list(model._base_manager.order_by().values())
    return out


def _changed(before, after):
    changed = set()
    for model, rows in after.items():
        if sorted(map(repr, rows)) != sorted(map(repr, before.get(model, []))):
            changed.add(model)
    return changed


class Scenario:
    """Eight delegates vote in ORDER in a secret resolution vote, a democratic evaluation, an election round
    and a removal vote; each box is then closed."""

    def __init__(self, tree, users, members, caplog):
        term = congress_fixtures.make_term(users.chair, tree.school, delegates=8, employees=150, women_employees=60)
        session = congress_fixtures.open_session(users.chair, term, present=8)
        delegates = list(Delegate.objects.filter(term=term).select_related("member").order_by("id"))
        self.users = [congress_fixtures.give_login(d, f"toupiao{d.pk}ren") for d in delegates]
        self.delegates, self.members = delegates, [d.member for d in delegates]
        resolution = congress.create_resolution(users.chair, session, title="学校工作报告", mode="secret")
        congress.open_vote(users.chair, resolution)
        evaluation = congress.create_evaluation(users.chair, session, title="校级领导民主评议",
                                                leaders=[(None, "李建国", "副校长")])
        congress.open_evaluation(users.chair, evaluation)
        leader = str(evaluation.leaders.get().pk)
        election = committee_election(users, tree, self.members, seats=2, candidates=self.members[:3])
        rnd = to_first_round(users, election)
        a, b, c = [x.pk for x in election.candidates.order_by("pk")]
        marks = [[a], [b], [a], [c], [a, b], [b], [c], [a, c]]
        removal = removal_motion(users, chair_office(users, tree, members.wang))
        removal = elections.open_removal(users.chair, removal, present=removal.entitled)
        self.boxes = {RESOLUTION_BALLOTS: resolution, EVALUATION_BALLOTS: evaluation, ROUND_BALLOTS: rnd,
                      REMOVAL_BALLOTS: removal}
        self.order = [self.users[i] for i in ORDER]
        self.voter_ids = {  # the id each kind's mark records, in the order of voting
            RESOLUTION_BALLOTS: [delegates[i].pk for i in ORDER],
            EVALUATION_BALLOTS: [delegates[i].pk for i in ORDER],
            ROUND_BALLOTS: [Voter.objects.get(election=election, member=self.members[i]).pk for i in ORDER],
            REMOVAL_BALLOTS: [RemovalVoter.objects.get(removal=removal, member=self.members[i]).pk for i in ORDER],
        }
        self.contents = {  # what each voter chose, in the order of voting
            RESOLUTION_BALLOTS: [{"choice": c} for c in RESOLUTION_CHOICES],
            EVALUATION_BALLOTS: [{"grades": {leader: g}, "paper": False} for g in GRADES],
            ROUND_BALLOTS: [{"marks": sorted(m), "write_ins": [], "valid": True} for m in marks],
            REMOVAL_BALLOTS: [{"choice": c} for c in REMOVAL_CHOICES],
        }
        for contents in self.contents.values():  # the order of voting is not the sealed order
            keys = [secret.order_key(c) for c in contents]
            assert keys != sorted(keys)

        self.before_votes = _dump()
        with caplog.at_level(logging.DEBUG):
            for i, user in enumerate(self.order):
                congress.cast_vote(user, resolution, RESOLUTION_CHOICES[i])
                congress.cast_evaluation(user, evaluation, {leader: GRADES[i]})
                elections.cast_ballot(user, rnd, marks=marks[i])
                elections.cast_removal_ballot(user, removal, choice=REMOVAL_CHOICES[i])
        self.after_votes = _dump()
        with caplog.at_level(logging.DEBUG):
            congress.close_vote(users.chair, resolution)
            congress.close_evaluation(users.chair, evaluation)
            elections.close_round(users.chair, rnd)
            elections.close_removal(users.chair, removal)
        self.after_close = _dump()
        self.log = "\n".join(caplog.messages)


@pytest.fixture
def scenario(tree, users, members, caplog):
    return Scenario(tree, users, members, caplog)


def test_casting_a_secret_ballot_writes_a_mark_and_a_ballot_and_nothing_else(scenario):
    written = {kind.ballot for kind in scenario.boxes} | {kind.mark for kind in scenario.boxes}
    assert _changed(scenario.before_votes, scenario.after_votes) == written
    assert AuditEntry not in _changed(scenario.before_votes, scenario.after_votes)  # no audit row per ballot
    for kind, box in scenario.boxes.items():
        assert len(scenario.contents[kind]) == kind.ballots(box).count() == kind.marks(box).count() == 8


def test_no_ballot_or_mark_carries_a_time_or_a_reference_to_anything_but_its_box_and_its_voter(scenario):
    for kind in scenario.boxes:
        for model, allowed in ((kind.ballot, {kind.box_field}), (kind.mark, {kind.box_field, kind.voter_field})):
            fields = model._meta.concrete_fields
            assert not [f.name for f in fields if isinstance(f, (models.DateField, models.TimeField))]
            assert {f.name for f in fields if f.is_relation} == allowed
            for row in scenario.after_close[model]:
                assert not [v for v in row.values() if isinstance(v, (datetime.date, datetime.time))]


def test_nothing_stored_or_logged_pairs_a_voter_with_the_choice_they_made(scenario):
    dump = scenario.after_close
    voter_users = scenario.order
    names = {u.username for u in voter_users} | {m.name for m in scenario.members} | {
        m.member_no for m in scenario.members}
    voter_models = {User, Member, Delegate, Voter, RemovalVoter}
    voter_pks = {User: {u.pk for u in voter_users}, Member: {m.pk for m in scenario.members},
                 Delegate: {d.pk for d in scenario.delegates}, Voter: set(scenario.voter_ids[ROUND_BALLOTS]),
                 RemovalVoter: set(scenario.voter_ids[REMOVAL_BALLOTS])}
    ballot_models = {kind.ballot for kind in scenario.boxes}
    ballot_pks = {m: {r["id"] for r in dump[m]} for m in ballot_models}
    digests = {r["digest"] for m in ballot_models for r in dump[m]}

    def text(row):
        return " ".join(str(v) for v in row.values())

    # 1. No row anywhere holds both a voter and a ballot (by reference, by digest, or by name).
    for model, rows in dump.items():
        fks = [f for f in model._meta.concrete_fields if f.is_relation]
        for row in rows:
            has_voter = any(f.related_model in voter_models and row[f.attname] in voter_pks[f.related_model]
                            for f in fks) or any(n in text(row) for n in names)
            has_ballot = model in ballot_models or any(
                f.related_model in ballot_models and row[f.attname] in ballot_pks[f.related_model] for f in fks) \
                or any(d in text(row) for d in digests)
            assert not (has_voter and has_ballot), (model, row)

    # 2. Nothing the closing wrote names a voter, and no log line names a voter or a ballot.
    new_audit = [r for r in dump[AuditEntry] if r not in scenario.after_votes[AuditEntry]]
    assert new_audit and not [r for r in new_audit if any(n in text(r) for n in names)]
    assert not [n for n in names | digests if n in scenario.log]

    # 3. The order of the marks and of the ballots does not follow the order of voting, by row id, by
    #    sequence number or in the database's own order: the ballots are in the sealed order (by content),
    #    the marks in voter order.
    for kind, box in scenario.boxes.items():
        voted = scenario.contents[kind]
        sealed = sorted(voted, key=secret.order_key)
        rows = [r for r in dump[kind.ballot] if r[f"{kind.box_field}_id"] == box.pk]
        for order in (rows, sorted(rows, key=lambda r: r["id"]), sorted(rows, key=lambda r: r["seq"])):
            contents = [{f: r[f] for f in kind.content} for r in order]
            assert contents == sealed != voted, kind.ballot
        marks = [r[f"{kind.voter_field}_id"] for r in dump[kind.mark] if r[f"{kind.box_field}_id"] == box.pk]
        assert marks == sorted(scenario.voter_ids[kind]) != scenario.voter_ids[kind], kind.mark
        assert all(isinstance(r["id"], uuid.UUID) for r in dump[kind.mark])  # random keys, no order

    # 4. Every closed box still recounts: its chain verifies against the head it published.
    heads = {RESOLUTION_BALLOTS: "chain_head", EVALUATION_BALLOTS: "chain_head", ROUND_BALLOTS: "head",
             REMOVAL_BALLOTS: "head"}
    for kind, box in scenario.boxes.items():
        box.refresh_from_db()
        published = getattr(box, heads[kind])
        assert published and secret.verify(kind, box, published=published).ok
