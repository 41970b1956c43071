"""Loading the preset rule sets (national baseline and provinces) from ``data/presets.json``.

Called by the data migration with the historical models, and by tests. Loading is idempotent: a preset
that already exists (same name, no owner) is left as it is, so re-running changes nothing.
"""
import datetime
import json
from decimal import Decimal
from pathlib import Path

from .catalogue import ITEMS

PRESETS = Path(__file__).parent / "data" / "presets.json"


def read_presets(path=PRESETS):
    specs = json.loads(Path(path).read_text(encoding="utf-8"))["rule_sets"]
    check_versions(specs)
    return specs


def check_versions(specs):
    """Versions of one region's rules must follow each other: overlapping effective dates are refused."""
    by_region = {}
    for spec in specs:
        start, end = _date(spec["effective_from"]), _date(spec.get("effective_to")) or datetime.date.max
        for other, (o_start, o_end) in by_region.get(spec["region"], []):
            if start <= o_end and o_start <= end:
                raise ValueError(f"预置规则集“{spec['name']}”与“{other}”的生效期重叠")
        by_region.setdefault(spec["region"], []).append((spec["name"], (start, end)))


def _date(text):
    return datetime.date.fromisoformat(text) if text else None


def load_presets(RuleSet, Rule, path=PRESETS):
    """Create the preset rule sets and their rules; returns {key: RuleSet}."""
    created = {}
    for spec in read_presets(path):
        existing = RuleSet.objects.filter(owner__isnull=True, name=spec["name"]).first()
        if existing:
            created[spec["key"]] = existing
            continue
        rule_set = RuleSet.objects.create(
            name=spec["name"], region=spec["region"], source=spec["source"],
            effective_from=_date(spec["effective_from"]), effective_to=_date(spec.get("effective_to")),
            parent=created.get(spec["parent"]) if spec.get("parent") else None, note=spec.get("note", ""),
        )
        Rule.objects.bulk_create([
            Rule(rule_set=rule_set, item=r["item"], kind=ITEMS[r["item"]].kind,
                 amount=Decimal(r["amount"]) if "amount" in r else None, count=r.get("count"),
                 fraction=r.get("fraction", ""), values=r.get("values", []), note=r.get("note", ""))
            for r in spec["rules"]
        ])
        created[spec["key"]] = rule_set
    return created
