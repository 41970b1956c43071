"""Uploaded pictures kept as evidence (a hazard's photos, …): checked before anything is written, stored
privately, served only through a scoped view.

``save_image(upload, folder=..., field=..., limit=...)``:

* the size is checked first (``upload.size``, then again while reading, so a lying client costs at most
  ``limit`` + 1 bytes of memory);
* the type is read from the **content**, never from the name or the browser's claim: JPEG starts with
  ``FF D8 FF``, PNG with ``89 50 4E 47 0D 0A 1A 0A``; Pillow then verifies the whole image (a truncated or
  forged file is refused);
* the file is written under ``MEDIA_ROOT/<folder>/<random>.jpg|png`` with mode 0600 (created with
  ``O_EXCL``, never world-readable, never reachable through a public media URL: ``MEDIA_URL`` is not
  served), and ``(relative path, kind, size)`` is returned. The caller stores the path and serves the file
  through its own scoped view (``jobs.media_path(path)``).

Bad input raises ``ActionError`` on ``field`` with a Chinese message.
"""
import io
import os
import uuid

from django.utils.translation import gettext as _

from .errors import ActionError
from .jobs import media_path

JPEG, PNG = "jpeg", "png"
SIGNATURES = ((b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))
EXTENSIONS = {JPEG: "jpg", PNG: "png"}
CONTENT_TYPES = {JPEG: "image/jpeg", PNG: "image/png"}
DEFAULT_LIMIT = 8 * 1024 * 1024


def image_kind(head: bytes) -> str | None:
    """"jpeg" or "png" from a file's first bytes, None for anything else (whatever its name says).

    ▶ ``image_kind(b"\\x89PNG\\r\\n\\x1a\\n...")`` → "png"; ``image_kind(b"GIF89a")`` → None.
    """
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def _read(upload, limit, field):
    size = getattr(upload, "size", None)
    too_big = ActionError(_("照片不能超过%(mb)sMB") % {"mb": limit // (1024 * 1024)}, field=field)
    if size is not None and size > limit:
        raise too_big
    if hasattr(upload, "seek"):
        upload.seek(0)
    chunks, total = [], 0
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        total += len(chunk)
        if total > limit:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


def check_image(upload, *, field="photos", limit=DEFAULT_LIMIT):
    """(bytes, kind) of an uploaded JPEG or PNG within ``limit`` bytes; ``ActionError`` otherwise."""
    data = _read(upload, limit, field)
    if not data:
        raise ActionError(_("照片文件是空的"), field=field)
    kind = image_kind(data[:8])
    bad = ActionError(_("“%(name)s”不是JPEG或PNG图片") % {"name": str(getattr(upload, "name", ""))[:60]}, field=field)
    if kind is None:
        raise bad
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as im:
            im.verify()
            if (im.format or "").lower() != kind:
                raise bad
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise bad from None
    return data, kind


def save_image(upload, *, folder, field="photos", limit=DEFAULT_LIMIT):
    """Check ``upload`` (``check_image``) and store it privately (0600); returns (relative path, kind, size)."""
    data, kind = check_image(upload, field=field, limit=limit)
    return store(data, kind, folder=folder)


def store(data, kind, *, folder):
    """Write bytes ``check_image`` accepted under ``MEDIA_ROOT/<folder>/`` with mode 0600 (for actions that
    check every upload first and write only once the whole input is valid)."""
    relative = f"{folder}/{uuid.uuid4().hex}.{EXTENSIONS[kind]}"
    target = media_path(relative)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    return relative, kind, len(data)


def remove_quietly(paths):
    """Remove files written by ``save_image`` when the transaction that referenced them rolls back."""
    for relative in paths:
        try:
            os.unlink(media_path(relative))
        except OSError:
            pass
