"""Pinyin search keys of a member's name; the rules live in ``core.pinyin`` (shared by every picker)."""
from gonghui.core.pinyin import full, given_name, initials  # noqa: F401
