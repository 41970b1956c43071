"""gonghui backup / restore / move-db (``ops.archive``): one portable archive, restored only into an empty
instance, proven row by row (per table: count and content hash) and file by file."""
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.db import connection, connections

from gonghui.core import crypto
from gonghui.core.keys import new_key
from gonghui.members.models import Member
from gonghui.ops import archive
from gonghui.ops.errors import OpsProblem

from .care_fixtures import care, open_file  # noqa: F401
from .ops_fixtures import other_database, postgres_reachable, target  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def backed_up(care, tmp_path, settings):  # noqa: F811
    """The care-ready school with a hardship file (encrypted texts and amounts, a sealed evidence file), backed up."""
    open_file(care.users.officer, care.members.zhang)
    path = tmp_path / "backup.zip"
    manifest = archive.write_archive(path, media_root=settings.MEDIA_ROOT)
    return type("Backup", (), dict(path=path, manifest=manifest, care=care))


def members_in(alias):
    return sorted(Member.all_objects.using(alias).values_list("id", "name", "id_number", "phone", "wage_base",
                                                              "id_hash"))


def test_the_archive_holds_every_table_and_file_with_counts_and_checksums_but_never_the_key(backed_up, settings):
    manifest, source = backed_up.manifest, archive.digests(connection)
    assert {t: {"rows": m["rows"], "sha256": m["sha256"]} for t, m in manifest["tables"].items()} == source
    assert manifest["tables"]["members_member"]["rows"] == 4
    assert manifest["tables"]["care_hardshipfile"]["rows"] == 1
    assert manifest["key_check"] == crypto.check_value(settings.GONGHUI_DATA_KEY)
    [evidence] = [name for name in manifest["files"] if name.endswith(".enc")]
    assert manifest["files"][evidence]["sha256"] == archive.files_digest(settings.MEDIA_ROOT)[evidence]
    with zipfile.ZipFile(backed_up.path) as zf:
        everything = b"".join(zf.read(name) for name in zf.namelist())
    assert settings.GONGHUI_DATA_KEY.encode() not in everything
    assert crypto.master_key(settings.GONGHUI_DATA_KEY) not in everything
    assert "11010519491231002X".encode() not in everything  # ID numbers only as ciphertext
    assert oct(backed_up.path.stat().st_mode & 0o777) == "0o600"


def test_restore_into_an_empty_database_gives_every_row_and_file_identical(backed_up, target, tmp_path, settings):
    media = tmp_path / "restored-media"
    written = archive.restore(archive.Archive(backed_up.path), using=target, media_root=media)
    assert written == archive.digests(connection) == archive.digests(connections[target])
    assert archive.files_digest(media) == archive.files_digest(settings.MEDIA_ROOT) != {}
    assert members_in(target) == members_in("default")  # decrypted with the same key: the same people
    assert Member.objects.using(target).get(name="张敏").wage_base == backed_up.care.members.zhang.wage_base


def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(backed_up):
    before = archive.digests(connection)
    with pytest.raises(OpsProblem, match="不是空的"):
        archive.restore(archive.Archive(backed_up.path), using="default")
    assert archive.digests(connection) == before


def test_restore_refuses_a_truncated_archive(backed_up, target, tmp_path):
    cut = tmp_path / "cut.zip"
    cut.write_bytes(backed_up.path.read_bytes()[: backed_up.path.stat().st_size // 2])
    with pytest.raises(OpsProblem, match="已损坏或不完整"):
        archive.Archive(cut)


def test_restore_refuses_an_archive_whose_rows_do_not_match_its_checksums(backed_up, target, tmp_path):
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(backed_up.path) as src, zipfile.ZipFile(forged, "w") as out:
        for name in src.namelist():
            data = src.read(name)
            if name == "tables/members_member.jsonl":
                data = data.replace("张敏".encode(), "张三".encode())
            out.writestr(name, data)
    with pytest.raises(OpsProblem, match="members_member 的校验和不符"):
        archive.restore(archive.Archive(forged), using=target)
    assert archive.table_models(connections[target]) == {}  # nothing written, not even the schema


def test_restore_refuses_a_key_that_is_not_the_archives(backed_up, target):
    with pytest.raises(OpsProblem, match="不是这份备份所用的密钥"):
        archive.restore(archive.Archive(backed_up.path), using=target, key=new_key())
    assert archive.table_models(connections[target]) == {}


def test_restore_command_exits_2_with_a_chinese_message(backed_up):
    err = io.StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("restore", str(backed_up.path), stderr=err)
    assert stopped.value.code == 2
    assert "错误：目标数据库不是空的" in err.getvalue()


def test_scheduled_backups_keep_the_newest_n(db, tmp_path, settings):
    folder = tmp_path / "backups"
    folder.mkdir()
    for stamp in ("20260101-020000", "20260102-020000", "20260103-020000"):
        (folder / f"gonghui-{stamp}.zip").write_bytes(b"old")
    out = io.StringIO()
    call_command("backup", "--dir", str(folder), "--keep", "2", stdout=out)
    kept = sorted(p.name for p in folder.iterdir())
    assert len(kept) == 2 and kept[0] == "gonghui-20260103-020000.zip"
    assert archive.Archive(folder / kept[1]).manifest["format"] == archive.FORMAT
    assert "已删除旧备份" in out.getvalue()


def test_move_db_carries_the_database_to_the_other_kind_with_the_same_proof(backed_up, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    if other == "postgresql" and not postgres_reachable():
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    config = other_database(tmp_path, "gh_ops_move", "postgresql" if other == "postgresql" else "sqlite")
    url = (f"postgres://postgres@127.0.0.1:5432/{config['NAME']}" if other == "postgresql"
           else f"sqlite:///{config['NAME']}")
    out = io.StringIO()
    call_command("move_db", "--to", url, stdout=out)
    assert "逐表核对行数和内容哈希与源数据库一致" in out.getvalue()
    moved = archive.add_alias("moved", config)
    try:
        assert archive.digests(moved) == archive.digests(connection)
        assert members_in("moved") == members_in("default")
    finally:
        archive.drop_alias("moved")


def test_move_db_to_an_unreachable_server_is_refused_in_chinese(db):
    err = io.StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("move_db", "--to", "postgres://postgres:secret@127.0.0.1:1/none", stderr=err)
    assert stopped.value.code == 2
    assert "无法连接目标数据库" in err.getvalue() and "secret" not in err.getvalue()


def test_a_portable_row_reads_the_same_on_both_databases():
    """Worked example of the portable form: decimals as text, times in UTC, JSON sorted."""
    import datetime
    import decimal

    row = [archive._portable(v) for v in (decimal.Decimal("12.30"), True, None,
                                          datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.timezone(
                                              datetime.timedelta(hours=8))), {"b": 1, "a": [1, 2]})]
    assert archive._line(row) == '["12.30",true,null,"2026-12-03T02:00:00+00:00",{"a":[1,2],"b":1}]\n'
    assert json.loads(archive._line(row)) == row
