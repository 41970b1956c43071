"""What may leave the app: every outgoing text passes ``clean`` before it is stored in the outbox.

Messages carry titles and links only — never an item's detail line. On top of that:

* ID numbers (18 digits, or 17 and an X) and mobile numbers (11 digits from 13–19) are removed from every
  text, whatever its source (``core.logging.redact``: the same patterns the logs use);
* on care, hardship and mutual-aid sources any amount of money is removed too (``AMOUNT``);
* ballot sources (elections, congress votes, anything a source marks ``extra={"ballot": True}``) never go
  out at all (``may_notify``), nor does a source registered with ``notify=False``.

Worked example: ``clean("困难帮扶 张三 110101198001010010 13812345678 补助2000.00元", "care.hardship")`` →
``"困难帮扶 张三 [已隐去] [已隐去] 补助[金额已隐去]"``.
"""
import re

from django.utils.translation import gettext as _

from gonghui.core.logging import redact

# Sources whose titles may state an amount of aid or a household's money.
MONEY_PREFIXES = ("care.", "mutualaid.", "hardship")
# Sources that concern secret ballots: never sent.
BALLOT_WORDS = ("ballot", "vote", "elections.", "congress.vote")

AMOUNT = re.compile(
    r"(?:[¥￥]\s*)?(?<![0-9A-Za-z])[0-9][0-9,，]*(?:\.[0-9]+)?\s*(?:万元|元|块|万)"
    r"|[¥￥]\s*[0-9][0-9,，]*(?:\.[0-9]+)?"
    r"|(?<![0-9A-Za-z])[0-9]+\.[0-9]{2}(?![0-9])")


def is_ballot(source) -> bool:
    key = getattr(source, "key", source) or ""
    extra = getattr(source, "extra", None) or {}
    return bool(extra.get("ballot")) or any(word in key for word in BALLOT_WORDS)


def is_money_source(source) -> bool:
    key = getattr(source, "key", source) or ""
    extra = getattr(source, "extra", None) or {}
    return bool(extra.get("amounts")) or key.startswith(MONEY_PREFIXES)


def may_notify(source) -> bool:
    """Whether items of ``source`` may go out at all."""
    return bool(getattr(source, "notify", True)) and not is_ballot(source)


def clean(text, source=None) -> str:
    """``text`` with ID numbers and mobiles removed (and amounts, on money sources)."""
    text = redact(str(text or ""))
    if source is not None and is_money_source(source):
        text = AMOUNT.sub(_("[金额已隐去]"), text)
    return text


def check(text):
    """Refuse a text that still holds an ID number or a mobile (the last guard before a message is stored)."""
    if redact(text) != text:
        raise ValueError("outgoing text holds personal data")
    return text
