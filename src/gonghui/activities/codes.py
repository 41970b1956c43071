"""The signed check-in code in a member's QR (``A<event>-<member>:<signature>``): made for a confirmed
registration, read back at the door. A code is valid for its own event only."""
from django.core import signing
from django.utils.translation import gettext as _

from gonghui.core.errors import ActionError


def _signer(event_id):
    return signing.Signer(salt=f"gonghui.activities.checkin.{event_id}")


def checkin_code(registration) -> str:
    """The signed code in the member's QR: ``A<event>-<member>:<signature>``, valid for this event only."""
    return _signer(registration.event_id).sign(f"A{registration.event_id}-{registration.member_id}")


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
