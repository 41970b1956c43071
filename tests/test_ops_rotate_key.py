"""gonghui rotate-key (``ops.rotation``): every encrypted value re-encrypted under a new key in batches,
resumable after an interruption, the key check value changed only at the end, a wrong old key refused."""
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from gonghui.care import actions as care_actions
from gonghui.care.models import HardshipEvidence, HardshipFile
from gonghui.core import crypto
from gonghui.core.errors import ActionError
from gonghui.core.keys import KeyProblem, ensure_ready, new_key
from gonghui.core.models import KeyCheck
from gonghui.members import actions as member_actions
from gonghui.members.models import Member
from gonghui.ops import rotation
from gonghui.ops.models import KeyRotation

from .care_fixtures import care, open_file  # noqa: F401
from .conftest import member_data

HARDSHIP = ("household", "household_income", "essential_spending", "crisis_costs", "per_capita", "cause", "plan")


@pytest.fixture
def data(care, settings, tmp_path):  # noqa: F811
    """Four members and a hardship file with a sealed evidence file; the data key file in tmp."""
    settings.GONGHUI_DATA_KEY_FILE = tmp_path / "var" / "data.key"
    KeyCheck.objects.update_or_create(name="data", defaults={"value": crypto.check_value(settings.GONGHUI_DATA_KEY)})
    open_file(care.users.officer, care.members.zhang)
    return care


def plain_values():
    members = sorted(Member.all_objects.values_list("pk", "id_number", "phone", "wage_base"))
    files = sorted(HardshipFile.objects.values_list("pk", *HARDSHIP))
    evidence = [care_actions.unseal(e.file.read()) for e in HardshipEvidence.objects.order_by("pk")]
    return members, files, evidence


def stored_values():
    """Every stored ciphertext (members, hardship files) and every sealed evidence file's text."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, wage_base FROM members_member")
        values = [v for row in cursor.fetchall() for v in row if v]
        cursor.execute(f"SELECT {', '.join(HARDSHIP)} FROM care_hardshipfile")
        values += [v for row in cursor.fetchall() for v in row if v]
    values += [Path(e.file.path).read_bytes().decode() for e in HardshipEvidence.objects.all()]
    return values


def decrypts(raw, value):
    try:
        crypto.decrypt_with(raw, value)
    except crypto.NotCiphertext:
        return False
    return True


def rotate(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("rotate_key", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_every_encrypted_value_reads_back_the_same_under_the_new_key_and_no_longer_under_the_old(data, settings,
                                                                                               tmp_path):
    old, before = settings.GONGHUI_DATA_KEY, plain_values()
    assert len(stored_values()) >= 4 * 3 + 6  # members' three fields, the file's texts and amounts, the evidence
    out, _err = rotate("--new-key-file", str(tmp_path / "new.key"), "--batch", "2")
    new = (tmp_path / "new.key").read_text().strip()
    assert oct((tmp_path / "new.key").stat().st_mode & 0o777) == "0o600"
    assert settings.GONGHUI_DATA_KEY == new != old
    assert plain_values() == before
    assert all(decrypts(new, v) and not decrypts(old, v) for v in stored_values())
    assert KeyCheck.objects.get(name="data").value == crypto.check_value(new)
    # the blind index follows the key: the same ID number is still found (and refused as a duplicate)
    assert {m.id_hash for m in Member.all_objects.all()} == {crypto.blind_index_with(new, m.id_number)
                                                              for m in Member.all_objects.all()}
    with pytest.raises(ActionError, match="身份证号"):
        member_actions.create_member(data.users.chair, org=data.tree.school, data=member_data("wang"))
    [done] = KeyRotation.objects.all()
    assert done.finished_at is not None and done.rows == Member.all_objects.count() + 1 + 1
    assert "已用新密钥重新加密" in out
    ensure_ready(create=False)  # the new key passes the startup check


def test_an_interrupted_rotation_blocks_startup_and_resumes_where_it_stopped(data, settings, tmp_path):
    old, before, new = settings.GONGHUI_DATA_KEY, plain_values(), new_key()
    (tmp_path / "new.key").write_text(new + "\n")
    with pytest.raises(rotation.Interrupted):
        rotation.run(old, new, batch=1, stop_after=2)  # a crash after two batches: the hardship file, one member
    stored = stored_values()
    under_new = [v for v in stored if decrypts(new, v)]
    assert 0 < len(under_new) < len(stored)  # part done, the rest still under the old key
    assert all(decrypts(old, v) != decrypts(new, v) for v in stored)  # each value under exactly one key
    position = KeyRotation.objects.get().position  # the last primary key done, per table
    assert position["care_hardshipfile"] == "done"
    assert position["members_member"] == min(Member.all_objects.values_list("pk", flat=True))
    assert KeyCheck.objects.get(name="data").value == crypto.check_value(old)  # changed only at the end
    with pytest.raises(KeyProblem, match="正在轮换"):
        ensure_ready(create=False)
    rotate("--new-key-file", str(tmp_path / "new.key"), "--batch", "1")
    assert KeyRotation.objects.count() == 1  # resumed, not begun again
    assert KeyRotation.objects.get().rows == Member.all_objects.count() + 2  # each row once
    assert all(decrypts(new, v) and not decrypts(old, v) for v in stored_values())
    assert plain_values() == before


def test_resuming_with_another_new_key_is_refused(data, settings, tmp_path):
    with pytest.raises(rotation.Interrupted):
        rotation.run(settings.GONGHUI_DATA_KEY, new_key(), batch=1, stop_after=1)
    with pytest.raises(SystemExit) as stopped:
        rotate("--new-key-file", str(tmp_path / "another.key"))
    assert stopped.value.code == 2


def test_a_wrong_old_key_is_refused_in_chinese_and_nothing_changes(data, tmp_path):
    before = stored_values()
    wrong = tmp_path / "wrong.key"
    wrong.write_text(new_key())
    err = io.StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("rotate_key", "--old-key-file", str(wrong), "--new-key-file", str(tmp_path / "new.key"),
                     stderr=err)
    assert stopped.value.code == 2
    assert "旧密钥与数据库里的数据不符" in err.getvalue()
    assert stored_values() == before and not KeyRotation.objects.exists()


def test_the_data_key_file_is_swapped_and_the_old_key_kept(data, settings, tmp_path, monkeypatch):
    monkeypatch.delenv("GONGHUI_DATA_KEY", raising=False)
    old = settings.GONGHUI_DATA_KEY
    path = Path(settings.GONGHUI_DATA_KEY_FILE)
    path.parent.mkdir(parents=True)
    path.write_text(old + "\n")
    out, _err = rotate("--new-key-file", str(tmp_path / "new.key"))
    assert path.read_text().strip() == (tmp_path / "new.key").read_text().strip()
    [retired] = path.parent.glob("data.key.old-*")
    assert retired.read_text().strip() == old
    assert "旧密钥保存在" in out
