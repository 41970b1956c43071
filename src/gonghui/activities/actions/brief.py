"""The activity brief (活动简报): its text and its photos."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_EVENTS
from gonghui.core import audit, scope
from gonghui.core.errors import ActionError

from ..models import Photo
from ._common import lock_event

PHOTO_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
MAX_PHOTO_BYTES = 10 * 1024 * 1024


@transaction.atomic
def save_summary(actor, event, *, summary):
    event = lock_event(event)
    scope.require(actor, RUN_EVENTS, event.organiser)
    before = {"summary": event.summary}
    event.summary = str(summary or "").strip()
    event.save(update_fields=["summary"])
    audit.record(actor, "save_summary", event, org=event.union, before=before, after={"summary": event.summary})
    return event


def _image_format(image):
    """The upload's image format (JPEG, PNG, WEBP or GIF), read from its content, never its name."""
    from PIL import Image, UnidentifiedImageError

    bad = ActionError(_("不是有效的图片文件（支持JPG、PNG、WebP、GIF）"), field="image")
    try:
        image.seek(0)
        with Image.open(image) as im:
            im.verify()
            fmt = (im.format or "").upper()
        image.seek(0)
    except (UnidentifiedImageError, OSError, ValueError):
        raise bad from None
    if fmt not in PHOTO_FORMATS:
        raise bad
    return fmt


@transaction.atomic
def add_photo(actor, event, *, image, caption=""):
    event = lock_event(event)
    scope.require(actor, RUN_EVENTS, event.organiser)
    if event.deleted_at is not None:
        raise ActionError(_("活动已删除"))
    if image is None:
        raise ActionError(_("请选择照片"), field="image")
    if getattr(image, "size", 0) > MAX_PHOTO_BYTES:
        raise ActionError(_("照片不能超过10MB"), field="image")
    fmt = _image_format(image)
    photo = Photo(event=event, caption=str(caption or "").strip()[:100], uploaded_by=actor)
    photo.image.save(image.name or f"photo.{fmt.lower()}", image, save=False)
    photo.save()
    audit.record(actor, "add_photo", photo, org=event.union, after={"caption": photo.caption})
    return photo


@transaction.atomic
def delete_photo(actor, photo):
    photo = Photo.all_objects.select_for_update(of=("self",)).select_related("event__organiser", "event__union").get(
        pk=photo.pk)
    scope.require(actor, RUN_EVENTS, photo.event.organiser)
    if photo.deleted_at is not None:
        raise ActionError(_("照片已删除"), field="image")
    photo.deleted_at = timezone.now()
    photo.save(update_fields=["deleted_at"])
    audit.record(actor, "delete_photo", photo, org=photo.event.union)
    return photo
