"""Picking a ledger account (会计科目) by code ("50102"), name ("职工活动支出"), part of the name or pinyin.

A chart has a few hundred accounts: they are read in one query and matched in Python. Suggestions and
error messages show code and name together ("50102 职工活动支出"), the way the books print them.
"""
from django.utils.translation import gettext as _

from gonghui.core import pickers, pinyin, scope

from .chart import chart_for
from .models import Account


def accounts(union=None, *, leaves_only=True, prefix=""):
    qs = Account.objects.filter(chart=chart_for(union), active=True).order_by("sort", "code")
    if leaves_only:
        qs = qs.filter(leaf=True)
    if prefix:
        qs = qs.filter(code__startswith=prefix)
    return list(qs)


def _matches(account, term):
    return account.code.startswith(term) or pinyin.matches(account.name, term)


def value(account):
    return f"{account.code} {account.name}"


def suggest(user, term, *, within=None, limit=pickers.LIMIT, options=None):
    if not scope.is_officer(user):
        return []
    prefix = (options or {}).get("prefix", "")[:6]
    found = [a for a in accounts(prefix=prefix) if _matches(a, term)][:limit]
    parents = {a.pk: a.name for a in Account.objects.filter(pk__in={a.parent_id for a in found if a.parent_id})}
    return [pickers.Choice(a.pk, value(a), value(a), parents.get(a.parent_id, "")) for a in found]


def find(text, *, field="account", union=None, prefix="", pk=None):
    """The one account ``text`` names: "50102", "50102 职工活动支出", "职工活动支出", or a unique part or pinyin
    of a name; else an ``ActionError`` on ``field``. No user is needed: the chart is not private."""
    text = (text or "").strip()
    rows = accounts(union, prefix=prefix)
    not_found = (_("找不到会计科目“%(text)s”；请填写%(prefix)s开头的末级科目代码或名称")
                 % {"text": text, "prefix": prefix} if prefix else _("找不到会计科目“%(text)s”") % {"text": text})
    if pk:
        return pickers.one([a for a in rows if a.pk == pk], field=field, not_found=not_found)
    code = text.split()[0] if text else ""
    found = [a for a in rows if a.code == code]
    if not found:
        found = [a for a in rows if a.name == text] or [a for a in rows if _matches(a, text)]
    return pickers.one(found, field=field, not_found=not_found,
                       ambiguous=_("有%(count)s个会计科目与“%(text)s”相符：%(list)s。请选择其中一个"),
                       params={"text": text}, describe=value)


def matching(text):
    """Every account of the chart (parents too) whose name contains ``text`` or whose pinyin starts with it."""
    text = (text or "").strip()
    if not text:
        return []
    return [a for a in accounts(leaves_only=False) if _matches(a, text)]


def resolve(user, text, *, pk=None, field="account", union=None, prefix=""):
    return find(text, field=field, union=union, prefix=prefix, pk=pk)


def code_of(text, *, field="account", union=None, prefix=""):
    """The account code ``text`` names ("" for blank text) — what actions store."""
    if not (text or "").strip():
        return ""
    return find(text, field=field, union=union, prefix=prefix).code


pickers.register("account", search=suggest, resolve=resolve)
