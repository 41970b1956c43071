"""Pinyin initials of a Chinese name, for search ("zsf" finds 张三丰)."""
from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PINYIN_DICT

# Surnames whose reading differs from the character's commonest reading.
SURNAME_READINGS = {"单": "s", "曾": "z", "解": "x", "仇": "q", "区": "o", "查": "z", "朴": "p", "覃": "q",
                    "尉": "y", "乐": "y", "盖": "g", "缪": "m", "翟": "z", "员": "y", "隗": "w", "长": "c"}


@lru_cache(maxsize=20000)
def _initial(ch: str) -> str:
    if ch.isascii():
        return ch.lower() if ch.isalnum() else ""
    if ord(ch) not in PINYIN_DICT:
        return ""
    letter = lazy_pinyin(ch, style=Style.FIRST_LETTER)[0]
    return letter.lower()[:1]


@lru_cache(maxsize=50000)
def initials(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    first = SURNAME_READINGS.get(name[0]) or _initial(name[0])
    return first + "".join(_initial(ch) for ch in name[1:])
