"""core.uploads: pictures are checked by their bytes and size before anything is written, and stored 0600."""
import io
import os
import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gonghui.core import jobs, uploads
from gonghui.core.errors import ActionError


def _file(kind, name):
    buffer = io.BytesIO()
    Image.new("RGB", (3, 3)).save(buffer, format=kind)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_a_png_named_like_a_jpeg_is_stored_as_what_it_is_readable_only_by_the_server():
    path, kind, size = uploads.save_image(_file("PNG", "holiday.jpg"), folder="test")
    assert kind == "png" and path.endswith(".png") and size > 0
    assert stat.S_IMODE(os.stat(jobs.media_path(path)).st_mode) == 0o600


def test_a_gif_or_a_forged_header_is_refused_and_nothing_is_written():
    for upload in (_file("GIF", "a.png"), SimpleUploadedFile("b.png", b"\x89PNG\r\n\x1a\n" + b"not a picture")):
        with pytest.raises(ActionError) as exc:
            uploads.save_image(upload, folder="test", field="photo")
        assert list(exc.value.message_dict) == ["photo"]
    assert not jobs.media_path("test").exists()


def test_a_picture_over_the_limit_is_refused_whatever_its_claimed_size():
    upload = _file("PNG", "big.png")
    upload.size = 10  # the client lies about the size: the bytes read are counted too
    with pytest.raises(ActionError) as exc:
        uploads.check_image(upload, limit=20)
    assert exc.value.message_dict == {"photos": ["照片不能超过0MB"]}
