"""The preset provincial extra maternity days (``data/provincial_extras.json``), loaded by a data migration
and by ``load_presets`` (idempotent: a row already there for the same province and start is kept)."""
import datetime
import json
from pathlib import Path

PRESETS = Path(__file__).parent / "data" / "provincial_extras.json"


def read_presets(path=PRESETS):
    rows = json.loads(Path(path).read_text(encoding="utf-8"))["rows"]
    return [{**row, "effective_from": datetime.date.fromisoformat(row["effective_from"]),
             "effective_to": (datetime.date.fromisoformat(row["effective_to"]) if row.get("effective_to") else None)}
            for row in rows]


def load_presets(model, path=PRESETS):
    have = set(model.objects.values_list("province", "effective_from"))
    model.objects.bulk_create([model(**row) for row in read_presets(path)
                               if (row["province"], row["effective_from"]) not in have])
