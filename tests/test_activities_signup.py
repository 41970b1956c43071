"""Sign-up: the window, eligibility, duplicates, capacity and the waiting list, cancellation by member
or officer, promotion of the first waiting registration — and 500 sign-ups at once for 100 places."""
import sqlite3
import threading
from contextlib import contextmanager

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection, connections
from django.utils import timezone

from gonghui.activities import actions
from gonghui.activities.models import Message, Registration
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry

from .activities_fixtures import at, fun_day, many_members, open_event, zhao_user  # noqa: F401

pytestmark = pytest.mark.django_db

BEFORE_DEADLINE = at(2027, 1, 20)


def statuses(event):
    return list(event.registrations.order_by("position").values_list("member__name", "status", "position"))


def test_a_member_signs_themselves_up_and_it_is_audited(fun_day, members, member_user):
    reg = actions.sign_up(member_user, fun_day, members.wang, now=BEFORE_DEADLINE)
    assert (reg.status, reg.position) == ("confirmed", 1)
    entry = AuditEntry.objects.get(action="sign_up", object_id=reg.pk)
    assert entry.actor == member_user and entry.org == fun_day.union


def test_signing_up_after_the_deadline_is_refused_with_a_clear_message(fun_day, members, member_user):
    with pytest.raises(ActionError) as exc:
        actions.sign_up(member_user, fun_day, members.wang, now=at(2027, 1, 25, 17, 1))
    assert exc.value.message_dict == {"event": ["报名已截止"]}
    assert not Registration.objects.exists()


def test_signing_up_before_the_window_opens_or_for_a_draft_is_refused(users, tree, members, member_user):
    early = open_event(users.officer, tree.school, signup_opens="2027-01-10 08:00")
    with pytest.raises(ActionError) as exc:
        actions.sign_up(member_user, early, members.wang, now=at(2027, 1, 9))
    assert exc.value.message_dict == {"event": ["报名尚未开始"]}
    draft = actions.create_event(users.officer, organiser=tree.school,
                                 data={"title": "草稿", "starts_at": "2027-02-01 09:00", "ends_at": "2027-02-01 10:00",
                                       "place": "礼堂"})
    with pytest.raises(ActionError) as exc:
        actions.sign_up(member_user, draft, members.wang, now=BEFORE_DEADLINE)
    assert exc.value.message_dict == {"event": ["活动不在报名阶段"]}


def test_an_ineligible_member_is_told_why(users, tree, members, member_user):
    event = open_event(users.officer, tree.school, rules=[{"kind": "sex", "sex": "F"}])
    with pytest.raises(ActionError) as exc:
        actions.sign_up(member_user, event, members.wang, now=BEFORE_DEADLINE)
    assert exc.value.message_dict == {"member": ["不符合参加条件：本活动限女职工"]}
    assert not Registration.objects.exists()


def test_a_duplicate_sign_up_is_refused(fun_day, members, member_user):
    actions.sign_up(member_user, fun_day, members.wang, now=BEFORE_DEADLINE)
    with pytest.raises(ActionError) as exc:
        actions.sign_up(member_user, fun_day, members.wang, now=BEFORE_DEADLINE)
    assert exc.value.message_dict == {"member": ["王强已报名本活动，不能重复报名"]}
    assert Registration.objects.count() == 1


def test_a_member_cannot_sign_up_someone_else(fun_day, members, member_user):
    with pytest.raises(PermissionDenied):
        actions.sign_up(member_user, fun_day, members.zhao, now=BEFORE_DEADLINE)


def test_an_officer_of_another_union_cannot_sign_anyone_up(fun_day, members, users):
    with pytest.raises(PermissionDenied):
        actions.sign_up(users.outsider, fun_day, members.zhao, now=BEFORE_DEADLINE)


def test_when_full_the_next_ones_wait_in_order(users, tree, members):
    event = open_event(users.officer, tree.school, capacity="1")
    for m in (members.wang, members.zhao, members.zhang):
        actions.sign_up(users.officer, event, m, now=BEFORE_DEADLINE)
    assert statuses(event) == [("王强", "confirmed", 1), ("赵丽", "waiting", 2), ("张敏", "waiting", 3)]


def test_a_cancellation_promotes_the_first_waiting_and_tells_them(users, tree, members, member_user):
    event = open_event(users.officer, tree.school, capacity="1")
    mine = actions.sign_up(member_user, event, members.wang, now=BEFORE_DEADLINE)
    actions.sign_up(users.officer, event, members.zhao, now=BEFORE_DEADLINE)
    actions.sign_up(users.officer, event, members.zhang, now=BEFORE_DEADLINE)
    actions.cancel_registration(member_user, mine, reason="临时出差")
    assert statuses(event) == [("王强", "cancelled", 1), ("赵丽", "confirmed", 2), ("张敏", "waiting", 3)]
    assert list(Message.objects.values_list("member__name", "notice__title")) == [("赵丽", "候补递补：教职工健身趣味活动")]
    assert AuditEntry.objects.filter(action="promote").count() == 1
    # The place is free again for 王强 only through the waiting list.
    again = actions.sign_up(member_user, event, members.wang, now=BEFORE_DEADLINE)
    assert (again.status, again.position) == ("waiting", 4)


def test_an_officer_cancels_with_a_reason_and_without_one_is_refused(fun_day, members, users):
    reg = actions.sign_up(users.officer, fun_day, members.zhao, now=BEFORE_DEADLINE)
    with pytest.raises(ActionError) as exc:
        actions.cancel_registration(users.officer, reg, reason="")
    assert exc.value.message_dict == {"reason": ["由工会取消报名须说明原因"]}
    actions.cancel_registration(users.officer, reg, reason="本人电话告知不参加")
    reg.refresh_from_db()
    assert (reg.status, reg.cancelled_by, reg.cancel_reason) == ("cancelled", users.officer, "本人电话告知不参加")


def test_raising_the_capacity_promotes_waiting_members(users, tree, members):
    event = open_event(users.officer, tree.school, capacity="1")
    for m in (members.wang, members.zhao, members.zhang):
        actions.sign_up(users.officer, event, m, now=BEFORE_DEADLINE)
    from .activities_fixtures import event_data

    actions.update_event(users.officer, event, data=event_data(capacity="2"))
    assert [s for _n, s, _p in statuses(event)] == ["confirmed", "confirmed", "waiting"]
    with pytest.raises(ActionError) as exc:
        actions.update_event(users.officer, event, data=event_data(capacity="1"))
    assert exc.value.message_dict == {"capacity": ["已有2人确认报名，名额不能少于此数"]}


def test_cancelling_the_event_notifies_everyone_signed_up(fun_day, members, users):
    actions.sign_up(users.officer, fun_day, members.zhao, now=BEFORE_DEADLINE)
    actions.sign_up(users.officer, fun_day, members.wang, now=BEFORE_DEADLINE)
    actions.cancel_event(users.chair, fun_day, reason="因雨雪天气取消")
    assert sorted(Message.objects.values_list("member__name", flat=True)) == ["王强", "赵丽"]
    assert Message.objects.first().notice.body == "因雨雪天气取消"


def _sign_up_all_at_once(officer, event, members, threads=20):
    chunks = [members[i::threads] for i in range(threads)]
    barrier = threading.Barrier(threads)
    errors = []

    def work(chunk):
        try:
            barrier.wait()
            for m in chunk:
                for attempt in range(3):  # SQLite's busy handler is not fair under load: a rolled-back try again
                    try:
                        actions.sign_up(officer, event, m, now=BEFORE_DEADLINE)
                        break
                    except OperationalError as exc:
                        if "locked" not in str(exc) or attempt == 2:
                            raise
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=(c,)) for c in chunks]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return errors


@contextmanager
def _file_database_when_sqlite_in_memory(tmp_path):
    """SQLite's shared-cache in-memory test database locks per table and fails at once instead of waiting,
    which is not how the product runs. On SQLite, copy the test database into a file (WAL, IMMEDIATE
    transactions, as in production) for the duration; on PostgreSQL do nothing."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    db = connections.settings["default"]
    memory_name = db["NAME"]
    keeper = sqlite3.connect(memory_name, uri=True)  # keeps the in-memory database alive meanwhile
    path = str(tmp_path / "concurrency.sqlite3")
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    db["NAME"] = path
    # SQLite's busy handler is not fair: on a loaded machine (CI runs the PostgreSQL suite on the other core)
    # one of the 20 threads can wait longer than the production timeout of 30 s for its turn.
    options = db.setdefault("OPTIONS", {})
    timeout = options.get("timeout")
    options["timeout"] = 300
    connection.close()  # the main thread reconnects to the file too
    try:
        yield
    finally:
        connection.close()
        if timeout is None:
            options.pop("timeout", None)
        else:
            options["timeout"] = timeout
        db["NAME"] = memory_name
        connection.ensure_connection()  # back on the in-memory database before its keeper lets go of it
        keeper.close()


@pytest.mark.django_db(transaction=True)
def test_500_members_signing_up_at_once_for_100_places_get_exactly_100_and_the_rest_wait(users, tree, tmp_path):
    event = open_event(users.officer, tree.school, capacity="100")
    crowd = many_members(tree.school, tree.b1, 500)
    with _file_database_when_sqlite_in_memory(tmp_path):
        _check_500_at_once(users.officer, event, crowd)


def _check_500_at_once(officer, event, crowd):
    errors = _sign_up_all_at_once(officer, event, crowd)
    assert errors == []
    regs = list(event.registrations.values_list("status", "position"))
    assert len(regs) == 500
    assert sum(1 for s, _p in regs if s == "confirmed") == 100
    assert sum(1 for s, _p in regs if s == "waiting") == 400
    assert sorted(p for _s, p in regs) == list(range(1, 501))
    # First come, first served: the confirmed places are the first 100 positions.
    assert {p for s, p in regs if s == "confirmed"} == set(range(1, 101))
    assert AuditEntry.objects.filter(action="sign_up").count() == 500
