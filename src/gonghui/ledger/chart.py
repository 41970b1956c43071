"""Charts of accounts as versioned data files (ledger/data/*.json), loaded by data migrations.

A file names its chart version (e.g. "2021-grassroots"), its source document and effective date, and
lists accounts as {code, name, kind, normal_balance, parent?}. Loading is idempotent: existing codes are
updated, new ones added, so a later migration can extend a chart by editing its file and re-loading.
"""
import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_CHART = "2021-grassroots"


def chart_for(union):
    """The chart of accounts a union keeps its books on (one chart today; the data allows more)."""
    return DEFAULT_CHART


def read_chart(filename):
    with open(DATA_DIR / filename, encoding="utf-8") as fh:
        return json.load(fh)


def load_chart(Account, filename):
    """Create or update the accounts of one chart file with the given (historical) model."""
    doc = read_chart(filename)
    chart = doc["chart"]
    existing = {a.code: a for a in Account.objects.filter(chart=chart)}
    parents = {row["parent"] for row in doc["accounts"] if row.get("parent")}
    for sort, row in enumerate(doc["accounts"], start=1):
        values = dict(name=row["name"], kind=row["kind"], normal_balance=row["normal_balance"],
                      leaf=row["code"] not in parents, active=row.get("active", True), sort=sort)
        parent_code = row.get("parent")
        values["parent"] = existing[parent_code] if parent_code else None
        account = existing.get(row["code"])
        if account is None:
            account = Account.objects.create(chart=chart, code=row["code"], **values)
            existing[row["code"]] = account
        else:
            for key, value in values.items():
                setattr(account, key, value)
            account.save()
    return chart
