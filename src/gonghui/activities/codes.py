"""The member's check-in codes for one event.

- The QR holds a signed token (``A<event>-<member>:<signature>``), valid for its own event only; the
  camera reads it, nobody has to.
- When the QR cannot be scanned, the member reads out a **6-digit code** (数字签到码) and the officer picks
  the member and types it. The code is an HMAC of event and member under the project secret (nothing
  stored): another member's code, or the same member's code for another event, does not match. Six digits
  can be guessed, so wrong tries are limited: ``MAX_TRIES`` wrong codes for one member at one event within
  ``TRY_WINDOW`` seconds and further tries are refused until the window has passed. The counter lives in
  Django's cache (as the plans app's readings do) because a refused check-in rolls its transaction back —
  a counter in that transaction would forget every wrong try.
"""
import re

from django.core import signing
from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from gonghui.core.errors import ActionError

SHORT_DIGITS = 6
MAX_TRIES = 5
TRY_WINDOW = 600  # seconds
SHORT_CODE = re.compile(r"^\d{6}$")


def _signer(event_id):
    return signing.Signer(salt=f"gonghui.activities.checkin.{event_id}")


def checkin_code(registration) -> str:
    """The signed code in the member's QR: ``A<event>-<member>:<signature>``, valid for this event only."""
    return _signer(registration.event_id).sign(f"A{registration.event_id}-{registration.member_id}")


def short_code(event_id, member_id) -> str:
    """The member's 6-digit code for this event (HMAC-SHA256 of event and member, project secret)."""
    digest = salted_hmac("gonghui.activities.checkin.short", f"{int(event_id)}-{int(member_id)}",
                         algorithm="sha256").digest()
    return f"{int.from_bytes(digest[:8], 'big') % 10 ** SHORT_DIGITS:0{SHORT_DIGITS}d}"


def is_short(code) -> bool:
    return bool(SHORT_CODE.match(str(code or "").strip()))


def _tries_key(event_id, member_id):
    return f"activities:checkin-code-tries:{int(event_id)}:{int(member_id)}"


def wrong_tries(event_id, member_id) -> int:
    return int(cache.get(_tries_key(event_id, member_id), 0))


def check_short_code(event, member_id, code):
    """Refuse a typed 6-digit ``code`` that is not ``member_id``'s code for ``event``, counting wrong tries;
    after ``MAX_TRIES`` wrong ones in ``TRY_WINDOW`` seconds every try is refused (the right code too)."""
    key = _tries_key(event.pk, member_id)
    if int(cache.get(key, 0)) >= MAX_TRIES:
        raise ActionError(_("该会员的签到码已连续输错%(n)s次，请%(minutes)s分钟后再试，或在名单中勾选签到") % {
            "n": MAX_TRIES, "minutes": TRY_WINDOW // 60}, field="code")
    if constant_time_compare(short_code(event.pk, member_id), str(code).strip()):
        cache.delete(key)
        return
    cache.add(key, 0, TRY_WINDOW)  # the window starts at the first wrong try
    try:
        tries = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, TRY_WINDOW)
        tries = 1
    left = MAX_TRIES - tries
    if left > 0:
        raise ActionError(_("签到码不对，不是该会员本活动的签到码（还可再试%(n)s次）") % {"n": left}, field="code")
    raise ActionError(_("该会员的签到码已连续输错%(n)s次，请%(minutes)s分钟后再试，或在名单中勾选签到") % {
        "n": MAX_TRIES, "minutes": TRY_WINDOW // 60}, field="code")


def member_from_code(event, code) -> int:
    """The member id a code scanned or typed at ``event`` stands for; ``ActionError`` on ``code`` otherwise."""
    code = str(code or "").strip()
    if not code:
        raise ActionError(_("不能为空"), field="code")
    try:
        value = _signer(event.pk).unsign(code)
    except signing.BadSignature:
        raise ActionError(_("签到码无效，或不是本活动的签到码"), field="code") from None
    prefix, _sep, member_id = value.partition("-")
    if prefix != f"A{event.pk}" or not member_id.isdigit():
        raise ActionError(_("签到码无效，或不是本活动的签到码"), field="code")
    return int(member_id)
