"""Keyset paging for web lists: one page of rows in a sort order, and an opaque token to continue from.

A page is "the rows after this one" (``WHERE (sort, id) > (value, id)``), never an OFFSET, so page 500
costs what page 1 costs and rows added meanwhile neither repeat nor vanish. The token is the last row's
sort value and id, URL-safe; a token that does not decode starts again from the first page. (The API's
pages are ``core.api.KeysetPagination``.)
"""
import base64
import datetime
import json

from django.db.models import Q


def _encode(value, pk):
    if isinstance(value, datetime.date):
        value = value.isoformat()
    return base64.urlsafe_b64encode(json.dumps([value, pk]).encode()).decode()


def _decode(token, model, field):
    try:
        value, pk = json.loads(base64.urlsafe_b64decode(token.encode()))
        if value is not None:
            value = model._meta.get_field(field).to_python(value)
        pk = int(pk)
        if not 0 <= pk < 2 ** 63:  # beyond any id: a database integer would overflow
            return None
        return value, pk
    except Exception:
        return None


def keyset_page(qs, sort="id", after=None, size=50):
    """One page of ``qs`` ordered by ``sort`` (a field name, ``-`` for descending) then id, starting after
    the ``after`` token.

    Returns (rows, next_token); next_token is None on the last page.
    """
    desc = sort.startswith("-")
    field = sort.lstrip("-")
    order = [sort, "-id" if desc else "id"] if field != "id" else [sort]
    if after:
        decoded = _decode(after, qs.model, field)
        if decoded:
            value, pk = decoded
            cmp = "lt" if desc else "gt"
            if field == "id":
                qs = qs.filter(**{f"id__{cmp}": pk})
            else:
                qs = qs.filter(Q(**{f"{field}__{cmp}": value}) | Q(**{field: value, f"id__{cmp}": pk}))
    rows = list(qs.order_by(*order)[: size + 1])
    next_token = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_token = _encode(getattr(last, field), last.pk)
    return rows, next_token
