"""Maintained member counts per organisation (``OrgCount``), so a federation's figures read ~7,000 small rows
instead of walking a million member rows.

What a row holds: the current members (not terminated, not deleted; 转出中 and 保留会籍 count, as in
``members.counts``) registered at one organisation in one join cohort, and the women, migrant workers
(农民工), dispatched workers (劳务派遣) and retained members (保留会籍) among them. The cohort is the join year
for members who joined this year or last year, and 0 for everyone earlier — at most three rows per
organisation, and "new members this year" needs no yearly reset: a row written for a year stays exact after
New Year (it is merely no longer folded into 0 until the next rebuild, which ``check`` tolerates).

How it stays exact: every member action sends ``members.signals.members_changed`` inside its transaction
(create, edit, move, status change, transfer, delete, restore, the bulk import paths); ``on_members_changed``
recounts the organisations touched — one DELETE and one INSERT … SELECT … GROUP BY per 500 organisations, on
the ``member_org_id`` index — so a failure rolls the change and its count back together. Writers outside the
actions (the demo generator's raw roster load) are followed by ``rebuild()``; ``check()`` compares the table
with a fresh count (``gonghui federation-refresh-counts --check``).
"""
from django.db import connection, transaction

from gonghui.members.models import EmploymentForm, Member, Sex, Status

from .models import OrgCount

TABLE = OrgCount._meta.db_table
MEMBERS = Member._meta.db_table
COLUMNS = ("org_id", "join_year", "members", "women", "migrant", "dispatched", "retained")
CHUNK = 500


def _year_sql(column):
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"
    return f"CAST(strftime('%%Y', {column}) AS INTEGER)"


def _cohort_sql(year_sql):
    """The join year when it is this year or last year, else 0 (an integer written into the SQL, so the
    SELECT and GROUP BY expressions are the same text)."""
    return f"CASE WHEN {year_sql} >= {int(_last_year())} THEN {year_sql} ELSE 0 END"


def _last_year():
    from django.utils import timezone

    return timezone.localdate().year - 1


def _select_sql(where=""):
    """(org, cohort, members, women, migrant, dispatched, retained) counted afresh from the roster."""
    year = _cohort_sql(_year_sql("m.join_date"))
    return (f"SELECT m.org_id, {year}, COUNT(*), "
            f"SUM(CASE WHEN m.sex = '{Sex.FEMALE}' THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN m.employment_form = '{EmploymentForm.MIGRANT}' THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN m.employment_form = '{EmploymentForm.DISPATCHED}' THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN m.status = '{Status.RETAINED}' THEN 1 ELSE 0 END) "
            f"FROM {MEMBERS} m WHERE m.deleted_at IS NULL AND m.status <> '{Status.TERMINATED}' {where} "
            f"GROUP BY m.org_id, {year}")


def refresh_orgs(org_ids):
    """Recount the given organisations (set-based, 500 organisations per statement pair)."""
    ids = sorted({int(i) for i in org_ids if i is not None})
    if not ids:
        return
    with transaction.atomic(), connection.cursor() as cur:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cur.execute(f"DELETE FROM {TABLE} WHERE org_id IN ({marks})", chunk)
            cur.execute(f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) "
                        + _select_sql(f"AND m.org_id IN ({marks})"), chunk)


def rebuild():
    """Throw the table away and count every organisation again (one INSERT … SELECT)."""
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE}")
        cur.execute(f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) " + _select_sql(), [])
        cur.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cur.fetchone()[0]


def check() -> list[tuple]:
    """Rows where the table differs from a fresh count (empty when exact):
    [((org, join year), expected [members, women, migrant, dispatched, retained] or None, actual or None)].
    Two EXCEPT queries in the database, whatever the number of members."""
    cohort = _cohort_sql("join_year")
    sums = ", ".join(f"SUM({c})" for c in COLUMNS[2:])
    actual = f"SELECT org_id, {cohort}, {sums} FROM {TABLE} GROUP BY org_id, {cohort}"  # older exact years fold into 0
    expected = _select_sql()
    sides = []
    with connection.cursor() as cur:
        for first, second in ((expected, actual), (actual, expected)):
            cur.execute(f"SELECT * FROM ({first}) x EXCEPT SELECT * FROM ({second}) y", [])
            sides.append({(r[0], int(r[1])): [int(v) for v in r[2:]] for r in cur.fetchall()})
    exp, act = sides
    return sorted((k, exp.get(k), act.get(k)) for k in exp.keys() | act.keys())


def _orgs_of(member_ids):
    found = set()
    ids = list(member_ids)
    for start in range(0, len(ids), CHUNK):
        found.update(Member.all_objects.filter(pk__in=ids[start:start + CHUNK])
                     .values_list("org_id", flat=True).distinct())
    return found


def on_members_changed(sender, member_ids, fields=frozenset(), org_ids=(), **kwargs):
    """Recount the organisations these members are at now, and those they left (``org_ids``)."""
    orgs = set(org_ids or ())
    if not (orgs and fields == {"created"}):  # an import names the organisations it filled
        orgs |= _orgs_of(member_ids)
    refresh_orgs(orgs)
