"""Pinyin search keys of a Chinese name: initials ("zsf" finds 张三丰), the full reading ("zhangsanfeng")
and the given name without the surname ("三丰"), so a person is found however someone types them.

>>> initials("程语嫣"), full("程语嫣"), given_name("程语嫣")
('cyy', 'chengyuyan', '语嫣')
>>> full("单雄信"), given_name("欧阳锋")
('shanxiongxin', '锋')
"""
from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PINYIN_DICT

# Surnames whose reading differs from the character's commonest reading.
SURNAME_FULL = {"单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao",
                "覃": "qin", "尉": "yu", "乐": "yue", "盖": "ge", "缪": "miao", "翟": "zhai", "员": "yun",
                "隗": "wei", "长": "chang", "秘": "bi", "万俟": "moqi", "尉迟": "yuchi", "长孙": "zhangsun"}
SURNAME_INITIALS = {k: v[0] for k, v in SURNAME_FULL.items() if len(k) == 1} | {"万俟": "mq", "尉迟": "yc", "长孙": "zs"}
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 轩辕 端木 独孤 南宫 西门 闻人 澹台 "
    "万俟 呼延 申屠 公冶 太史 钟离 赫连 百里 东郭 拓跋".split())


@lru_cache(maxsize=20000)
def _syllable(ch: str) -> str:
    if ch.isascii():
        return ch.lower() if ch.isalnum() else ""
    if ord(ch) not in PINYIN_DICT:
        return ""
    return lazy_pinyin(ch, style=Style.NORMAL)[0].lower()


def surname(name: str) -> str:
    name = (name or "").strip()
    if len(name) > 2 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[:1]


def given_name(name: str) -> str:
    """The name without its surname ("" for a one-character name)."""
    name = (name or "").strip()
    return name[len(surname(name)):]


@lru_cache(maxsize=50000)
def full(name: str) -> str:
    """The whole name in toneless pinyin without spaces; surnames read as surnames (单 shan)."""
    name = (name or "").strip()
    if not name:
        return ""
    head = surname(name)
    first = SURNAME_FULL.get(head) or "".join(_syllable(ch) for ch in head)
    return first + "".join(_syllable(ch) for ch in name[len(head):])


@lru_cache(maxsize=50000)
def initials(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    head = surname(name)
    first = SURNAME_INITIALS.get(head) or "".join(_syllable(ch)[:1] for ch in head)
    return first + "".join(_syllable(ch)[:1] for ch in name[len(head):])


def matches(name: str, term: str) -> bool:
    """Whether ``term`` (as typed) finds ``name``: a part of the name, of its pinyin or of its initials (one
    letter: the first). For short lists filtered in Python (accounts, events, plans, a union's groups)."""
    term = (term or "").strip()
    if not term:
        return True
    low = term.lower()
    if term in (name or ""):
        return True
    if len(low) == 1:
        return initials(name).startswith(low)
    return low in initials(name) or low in full(name)  # "ghgz" finds 2026年工会工作计划
