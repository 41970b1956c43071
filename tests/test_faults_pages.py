"""Faults a request can meet (issue 19 point 5): the database unreachable → a 503 page in Chinese that keeps
what the user typed; the disk full during an upload → a 507 saying the file was not saved, and no
half-written file left behind (core/errorpages.py, core/storage.py, core.jobs.save_upload)."""
import errno
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import filesystem
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from gonghui.core import storage
from gonghui.core.models import Job
from gonghui.members.models import Member

from .conftest import login


def database_down(execute, sql, params, many, context):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


@pytest.fixture
def browser():
    """A client that gets the error pages (as a browser does) instead of the exception."""
    return Client(raise_request_exception=False)


def test_a_form_posted_while_the_database_is_down_comes_back_on_a_503_page(browser, users, members):
    login(browser, users.officer)
    url = reverse("members:edit", args=[members.wang.pk])
    form = {"name": "王强强", "phone": "13912345678", "old_password": "not-shown", "note": "第一行\n第二行"}
    with connection.execute_wrapper(database_down):
        response = browser.post(url, form)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "数据库暂时无法连接" in page and "没有保存" in page and "重新提交" in page
    assert f'action="{url}"' in page and 'method="post"' in page
    assert 'name="name" value="王强强"' in page and 'name="phone" value="13912345678"' in page
    assert "第一行\n第二行" in page            # the text as typed, line break and all
    assert "not-shown" not in page           # passwords are never written back into a page
    assert "<script" not in page.split("</head>")[-1]  # the strict CSP: no inline script
    assert Member.objects.get(pk=members.wang.pk).name == "王强"


def test_a_page_read_while_the_database_is_down_is_a_503_without_a_form(browser, users):
    login(browser, users.officer)
    with connection.execute_wrapper(database_down):
        response = browser.get(reverse("members:list"))
    assert response.status_code == 503
    page = response.content.decode()
    assert "数据库暂时无法连接" in page and "请稍后刷新本页再试" in page and "重新提交" not in page


def test_the_api_answers_503_in_json_while_the_database_is_down(browser, users):
    login(browser, users.officer)
    with connection.execute_wrapper(database_down):
        response = browser.post("/api/members/", {"name": "新会员"}, content_type="application/json")
    assert response.status_code == 503
    assert response.json() == {"detail": "数据库暂时无法连接，您提交的内容未保存；请稍后重试"}


def test_only_the_machine_s_failures_get_the_unavailable_page():
    from django.db import IntegrityError, InterfaceError

    from gonghui.core.errorpages import unavailable_reason

    assert unavailable_reason(OperationalError("server closed the connection unexpectedly")) == "database"
    assert unavailable_reason(InterfaceError("connection already closed")) == "database"
    assert unavailable_reason(OSError(errno.ENOSPC, "No space left on device")) == "disk"
    assert unavailable_reason(OSError(errno.EDQUOT, "Disk quota exceeded")) == "disk"
    assert unavailable_reason(OSError(errno.EACCES, "Permission denied")) is None   # a bug: the 500 page
    assert unavailable_reason(IntegrityError("duplicate key")) is None
    assert unavailable_reason(ValueError("a bug")) is None
    assert unavailable_reason(None) is None


class FullDisk(io.RawIOBase):
    """A file that takes ``room`` bytes and then fails as a full disk does."""

    def __init__(self, real, room):
        self.real, self.room = real, room

    def writable(self):
        return True

    def write(self, data):
        if len(data) > self.room:
            self.real.write(bytes(data[:self.room]))
            self.room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return self.real.write(data)

    def close(self):
        self.real.close()
        super().close()


def test_a_roster_upload_on_a_full_disk_is_refused_with_507_and_leaves_no_file_nor_job(browser, users, tree,
                                                                                     settings, monkeypatch):
    from gonghui.core import jobs

    real_open = open
    monkeypatch.setattr(jobs, "open", lambda path, mode="r", *a, **kw: FullDisk(real_open(path, mode), 100),
                        raising=False)
    login(browser, users.officer)
    upload = ContentFile(b"x" * 5000, name="roster.csv")
    response = browser.post(reverse("members:import"), {"org": tree.school.code, "file": upload})
    assert response.status_code == 507
    page = response.content.decode()
    assert "服务器磁盘空间已满" in page and "没有保存" in page
    assert "上传的文件需要重新选择" in page
    imports = settings.MEDIA_ROOT / "imports"
    assert not imports.exists() or list(imports.iterdir()) == []  # nothing half-written
    assert not Job.objects.exists()


def test_the_api_answers_507_in_json_on_a_full_disk(browser, users, tree, monkeypatch):
    from gonghui.core import jobs

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(jobs, "save_upload", full)
    login(browser, users.officer)
    upload = ContentFile(b"x" * 10, name="roster.csv")
    response = browser.post("/api/members/import/", {"org": tree.school.code, "file": upload})
    assert response.status_code == 507
    assert "磁盘空间已满" in response.json()["detail"]


class FdopenOnFullDisk:
    """``os`` for Django's file storage module, whose files fill the disk after ``room`` bytes."""

    def __init__(self, room):
        import os

        self._os, self.room = os, room

    def __getattr__(self, name):
        return getattr(self._os, name)

    def fdopen(self, fd, mode="rb", *args, **kwargs):
        return FullDisk(self._os.fdopen(fd, mode, *args, **kwargs), self.room)


def test_the_upload_storage_removes_a_file_the_full_disk_cut_short(settings, tmp_path, monkeypatch):
    store = storage.CleanFileSystemStorage(location=tmp_path / "uploads")
    monkeypatch.setattr(filesystem, "os", FdopenOnFullDisk(room=10))
    with pytest.raises(OSError) as raised:
        store.save("ledger/2026/scan.pdf", ContentFile(b"%PDF" + b"0" * 5000))
    assert raised.value.errno == errno.ENOSPC
    assert list((tmp_path / "uploads").rglob("*.pdf")) == []


def test_the_default_storage_is_the_clean_one():
    from django.core.files.storage import default_storage

    assert isinstance(default_storage, storage.CleanFileSystemStorage)
