"""Joining words and clauses in the current language.

Chinese lists words with “、” and clauses with “；”; English with ", " and "; ". Messages built from
parts (an error per field, the choices a field allows) join them with these, never with a literal.
"""
from django.utils.translation import pgettext


def words(items):
    """Words in a list: 甲、乙、丙 / A, B, C."""
    return pgettext("列举的分隔符", "、").join(str(item) for item in items)


def clauses(items):
    """Clauses in a sentence: 甲；乙 / A; B."""
    return pgettext("分句的分隔符", "；").join(str(item) for item in items)
