"""The rules of a competition, as pure functions (no database): reading a typed score, adding up
rounds, ranking with ties and giving out prizes by rank and by threshold.

* ``parse_score("1:02.35", TIME)`` → ``Decimal("62.35")`` seconds; text that is not a score raises
  ``ScoreError`` with a Chinese message ("请输入数字").
* ``combine([30, 28], SUM)`` → 58; ``BEST`` keeps the best round (highest, or lowest for times).
* ``rank([(key, value), …], HIGHER)`` → standard competition ranking, "1, 2, 2, 4": tied values share a
  rank and the next rank skips; competitors without a score are not ranked.
* ``allocate(standings, rules, better)`` → who gets which prize: a rank rule ("一等奖1名") gives its
  level to every competitor whose rank falls in its places (tied competitors share the level, so ties
  at a boundary may give more prizes than places); a threshold rule ("累加个数30个获纪念品") gives its
  level to every competitor whose total reaches the threshold, whatever their rank.
"""
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

COUNT, TIME, POINTS = "count", "time", "points"
HIGHER, LOWER = "higher", "lower"
SUM, BEST = "sum", "best"
RANK, THRESHOLD = "rank", "threshold"

MAX_SCORE = Decimal("9999999")
_TIME = re.compile(r"^(?:(\d+)[:：])?(\d+)[:：](\d+(?:\.\d+)?)$")
_TIME_CN = re.compile(r"^(?:(\d+)(?:分|′|'))?(\d+(?:\.\d+)?)(?:秒|″|\")?$")
_UNITS = ("个", "次", "分", "秒", "下", "米", "环", "s", "S")


class ScoreError(ValueError):
    """A typed score that is not one; ``str()`` is the message (Chinese, or the current language)."""


def parse_score(raw, measure):
    """A score typed by a person or read from a cell → ``Decimal`` (``None`` when blank).

    Counts are whole numbers ("30", "30个"); times are seconds, typed "62.35", "1:02.35",
    "1:02:05.5" or "1分02.35秒"; points are decimals with at most two places.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ScoreError(_("请输入数字"))
    if isinstance(raw, datetime.time):  # Excel turned "1:02.35" into a time of day
        return (Decimal(raw.hour * 3600 + raw.minute * 60 + raw.second)
                + Decimal(raw.microsecond) / 1000000).quantize(Decimal("0.01"))
    if isinstance(raw, (int, Decimal)):
        text = str(raw)
    elif isinstance(raw, float):
        text = repr(raw)
    else:
        text = str(raw).strip().replace("，", ".").replace("。", ".")
    if text == "":
        return None
    if measure == TIME:
        value = _parse_time(text)
    else:
        for unit in _UNITS:
            if text.endswith(unit) and len(text) > len(unit):
                text = text[: -len(unit)].strip()
                break
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ScoreError(_("请输入数字")) from None
        if not value.is_finite():
            raise ScoreError(_("请输入数字"))
        if measure == COUNT and value != value.to_integral_value():
            raise ScoreError(_("计数成绩应为整数"))
        if measure == POINTS and value != value.quantize(Decimal("0.01")):
            raise ScoreError(_("得分最多保留两位小数"))
    if value < 0:
        raise ScoreError(_("成绩不能为负数"))
    if value > MAX_SCORE:
        raise ScoreError(_("成绩过大，请检查"))
    if measure == COUNT:
        return value.quantize(Decimal("1"))
    return value.quantize(Decimal("0.01")) if value == value.quantize(Decimal("0.01")) else value.quantize(
        Decimal("0.001"))


def _parse_time(text):
    m = _TIME.match(text)
    if m:
        hours, minutes, seconds = int(m[1] or 0), int(m[2]), Decimal(m[3])
        if seconds >= 60 or (m[1] and minutes >= 60):
            raise ScoreError(_("“%(text)s”不是有效时间：秒和分应小于60") % {"text": text})
        value = hours * 3600 + minutes * 60 + seconds
    else:
        m = _TIME_CN.match(text)
        if not m:
            raise ScoreError(_("“%(text)s”不是时间，请输入时间，如1:02.35或62.35（秒）") % {"text": text})
        minutes, seconds = int(m[1] or 0), Decimal(m[2])
        if m[1] and seconds >= 60:
            raise ScoreError(_("“%(text)s”不是有效时间：秒应小于60") % {"text": text})
        value = minutes * 60 + seconds
    if value != value.quantize(Decimal("0.001")):
        raise ScoreError(_("时间最多精确到千分之一秒"))
    return value


def format_score(value, measure):
    """A stored score as people read it: 30, 1:02.35, 8.50."""
    if value is None:
        return ""
    if measure == COUNT:
        return str(int(value))
    if measure == TIME:
        value = Decimal(value)
        minutes, seconds = divmod(value, 60)
        seconds = seconds.quantize(Decimal("0.01")) if seconds == seconds.quantize(Decimal("0.01")) else seconds
        if minutes:
            whole = f"{seconds:05.2f}" if seconds.as_tuple().exponent >= -2 else f"{seconds:06.3f}"
            return f"{int(minutes)}:{whole}"
        return f"{seconds:.2f}" if seconds.as_tuple().exponent >= -2 else f"{seconds:.3f}"
    return f"{Decimal(value):.2f}"


def better_of(a, b, better):
    return max(a, b) if better == HIGHER else min(a, b)


def combine(values, aggregate, better=HIGHER):
    """The total of one competitor's rounds: their sum, or the best single round. Blank rounds are left
    out; no round at all → ``None``."""
    present = [Decimal(v) for v in values if v is not None]
    if not present:
        return None
    if aggregate == SUM:
        return sum(present, Decimal(0))
    best = present[0]
    for v in present[1:]:
        best = better_of(best, v, better)
    return best


@dataclass(frozen=True)
class Standing:
    key: object          # whatever identifies the competitor (a member id, ("team", id) …)
    value: Decimal | None
    rank: int | None     # None: no score, not ranked
    tied: bool = False   # shares its rank with another competitor (并列)


def rank(entries, better=HIGHER):
    """Standard competition ranking ("1, 2, 2, 4") of ``(key, value)`` pairs, best first; unscored last.

    Equal values share a rank and are marked ``tied``; ordering among them follows the input order.
    """
    scored = [(k, Decimal(v)) for k, v in entries if v is not None]
    unscored = [k for k, v in entries if v is None]
    scored.sort(key=lambda kv: kv[1], reverse=(better == HIGHER))
    counts = {}
    for _k, v in scored:
        counts[v] = counts.get(v, 0) + 1
    out, previous, current = [], None, 0
    for position, (k, v) in enumerate(scored, start=1):
        if v != previous:
            current, previous = position, v
        out.append(Standing(k, v, current, counts[v] > 1))
    out += [Standing(k, None, None) for k in unscored]
    return out


@dataclass(frozen=True)
class Rule:
    key: object          # identifies the prize rule
    level: str           # 一等奖, 纪念奖 …
    basis: str           # RANK or THRESHOLD
    count: int = 0       # places, for RANK
    threshold: Decimal | None = None  # for THRESHOLD


@dataclass(frozen=True)
class Prize:
    rule: object         # the Rule's key
    level: str
    competitor: object   # the Standing's key
    rank: int | None
    value: Decimal | None
    tied: bool = False


def reaches(value, threshold, better):
    return value >= threshold if better == HIGHER else value <= threshold


def allocate(standings, rules, better=HIGHER):
    """Prizes for ``standings`` (from ``rank``) under ``rules`` (rank rules in order, first prize first).

    Rank rules take consecutive places: with 一等奖1名, 二等奖1名, 三等奖1名 places 1, 2 and 3. A
    competitor's level is the one whose places contain their rank, so two tied for first both get
    一等奖, and the next competitor (rank 3) gets 三等奖 — nobody gets 二等奖.
    """
    prizes = []
    places, start = [], 1
    for rule in rules:
        if rule.basis == RANK and rule.count > 0:
            places.append((start, start + rule.count - 1, rule))
            start += rule.count
    for s in standings:
        if s.rank is None:
            continue
        for first, last, rule in places:
            if first <= s.rank <= last:
                prizes.append(Prize(rule.key, rule.level, s.key, s.rank, s.value, s.tied))
                break
    for rule in rules:
        if rule.basis != THRESHOLD or rule.threshold is None:
            continue
        for s in standings:
            if s.value is not None and reaches(s.value, rule.threshold, better):
                prizes.append(Prize(rule.key, rule.level, s.key, s.rank, s.value, s.tied))
    return prizes
