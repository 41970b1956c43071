"""The per-member-per-year participation summary (``MemberYear``) and how it is kept exact.

Why per member per *year* with twelve month counters (not one row per member per month): a member
typically takes part in a few activities a year in different months, so per-month rows would be almost
as many as the check-ins themselves (5,000,000 check-ins → ~4,900,000 member-months in the benchmark)
and gain nothing. One row per member per year is bounded by the members (~700,000 in the benchmark)
and still answers any whole-month range exactly: a member took part in months a..b of year y iff
``m_a + … + m_b > 0``. Days of a partial month at either end of a range are read from ``Attendance``
(indexed by union, day) — at most two months' rows — so every date range stays exact.

Each row also holds the member's current organisation and sex, so participants are grouped by branch
and sex from the summary alone; the member actions that change either send ``members_changed`` and
``refresh_members`` copies the new values in the same transaction.

Every path that adds or removes check-ins calls ``add``/``remove``/``add_from`` in the same transaction:
``actions.check_in``, ``actions.undo_check_in`` and the set-based bulk path ``add_from`` (a queryset of
Attendance rows, e.g. after a bulk insert or in the benchmark's generator); ``rebuild`` recomputes
everything from ``Attendance`` (set-based) and ``check`` lists any difference.
"""
import datetime

from django.db import connection

from gonghui.members.models import Member

from .models import Attendance, MemberYear

MONTHS = [f"m{i}" for i in range(1, 13)]
TABLE = MemberYear._meta.db_table
MEMBERS = Member._meta.db_table
KEY = "member_id, union_id, year"


def _year_month_sql(column):
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)", f"CAST(EXTRACT(MONTH FROM {column}) AS INTEGER)"
    return f"CAST(strftime('%Y', {column}) AS INTEGER)", f"CAST(strftime('%m', {column}) AS INTEGER)"


def _bump(member_id, union_id, day: datetime.date, sign):
    month = MONTHS[day.month - 1]
    with connection.cursor() as cur:
        if sign > 0:  # the member's organisation and sex come from the roster in the same statement
            cur.execute(f"""INSERT INTO {TABLE} (member_id, union_id, year, org_id, sex, n, {", ".join(MONTHS)})
                SELECT m.id, %s, %s, m.org_id, m.sex, 1, {", ".join("1" if m == month else "0" for m in MONTHS)}
                FROM {MEMBERS} m WHERE m.id = %s
                ON CONFLICT ({KEY}) DO UPDATE SET n = {TABLE}.n + 1, {month} = {TABLE}.{month} + 1""",
                        [union_id, day.year, member_id])
        else:
            cur.execute(f"UPDATE {TABLE} SET n = n - 1, {month} = {month} - 1 "
                        "WHERE member_id = %s AND union_id = %s AND year = %s", [member_id, union_id, day.year])
            cur.execute(f"DELETE FROM {TABLE} WHERE member_id = %s AND union_id = %s AND year = %s AND n <= 0",
                        [member_id, union_id, day.year])


def add(attendance):
    """One check-in was recorded (one upsert)."""
    _bump(attendance.member_id, attendance.union_id, attendance.day, +1)


def remove(attendance):
    """One check-in is being deleted (two statements)."""
    _bump(attendance.member_id, attendance.union_id, attendance.day, -1)


def add_from(attendances):
    """Fold a queryset of Attendance rows (just bulk-inserted) into the summary — one INSERT … SELECT."""
    if attendances.query.where:
        sql, params = attendances.order_by().values("pk").query.sql_with_params()
        where = f"a.id IN ({sql})"
    else:  # every row (rebuild, backfill): no semi-join over millions of ids
        where, params = "1 = 1", ()
    year, month = _year_month_sql("a.day")
    sums = ", ".join(f"SUM(CASE WHEN {month} = {i} THEN 1 ELSE 0 END)" for i in range(1, 13))
    with connection.cursor() as cur:
        cur.execute(f"""INSERT INTO {TABLE} (member_id, union_id, year, org_id, sex, n, {", ".join(MONTHS)})
            SELECT a.member_id, a.union_id, {year}, m.org_id, m.sex, COUNT(*), {sums}
            FROM {Attendance._meta.db_table} a JOIN {MEMBERS} m ON m.id = a.member_id WHERE {where}
            GROUP BY a.member_id, a.union_id, {year}, m.org_id, m.sex
            ON CONFLICT ({KEY}) DO UPDATE SET n = {TABLE}.n + excluded.n,
            {", ".join(f"{m} = {TABLE}.{m} + excluded.{m}" for m in MONTHS)}""", params)


def rebuild():
    """Recompute the whole summary from Attendance (set-based)."""
    MemberYear.objects.all().delete()
    add_from(Attendance.objects.all())


def refresh_members(member_ids):
    """Members' organisation or sex changed (move, transfer, edit, import): copy the new values into their
    summary rows — one UPDATE per 500 members, whatever the number of rows."""
    ids = sorted({int(i) for i in member_ids})
    with connection.cursor() as cur:
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cur.execute(f"""UPDATE {TABLE} SET
                org_id = (SELECT m.org_id FROM {MEMBERS} m WHERE m.id = {TABLE}.member_id),
                sex = (SELECT m.sex FROM {MEMBERS} m WHERE m.id = {TABLE}.member_id)
                WHERE member_id IN ({marks})""", chunk)


def on_members_changed(sender, member_ids, fields=None, **kwargs):
    from gonghui.members.signals import WATCHED

    if fields is None or set(fields) & (WATCHED | {"id_number"}):  # the summary copies organisation and sex only
        refresh_members(member_ids)


def _expected_sql():
    """(member, union, year, org, sex, n, m1 … m12) counted afresh from Attendance and the roster."""
    year, month = _year_month_sql("a.day")
    sums = ", ".join(f"SUM(CASE WHEN {month} = {i} THEN 1 ELSE 0 END)" for i in range(1, 13))
    return (f"SELECT a.member_id, a.union_id, {year}, m.org_id, m.sex, COUNT(*), {sums} "
            f"FROM {Attendance._meta.db_table} a JOIN {MEMBERS} m ON m.id = a.member_id "
            f"GROUP BY a.member_id, a.union_id, {year}, m.org_id, m.sex")


def check() -> list[tuple]:
    """Rows where the summary differs from a fresh count of Attendance and the roster (empty when
    consistent): [((member, union, year), expected [org, sex, n, m1 … m12] or None, actual or None)].
    Two set-based EXCEPT queries in the database, whatever the number of check-ins."""
    actual_sql = f"SELECT member_id, union_id, year, org_id, sex, n, {', '.join(MONTHS)} FROM {TABLE}"
    expected_sql = _expected_sql()
    sides = []
    with connection.cursor() as cur:
        for first, second in ((expected_sql, actual_sql), (actual_sql, expected_sql)):
            cur.execute(f"SELECT * FROM ({first}) x EXCEPT SELECT * FROM ({second}) y")
            sides.append({(r[0], r[1], int(r[2])): [r[3], r[4], *(int(v) for v in r[5:])] for r in cur.fetchall()})
    expected, actual = sides
    return sorted((k, expected.get(k), actual.get(k)) for k in expected.keys() | actual.keys())


def split(start: datetime.date, end: datetime.date):
    """[start, end] as (whole months: [(year, first_month, last_month)], partial day ranges: [(lo, hi)])."""
    months, partial = [], []
    cur = start

    def month_end(d):
        nxt = datetime.date(d.year + d.month // 12, d.month % 12 + 1, 1)
        return nxt - datetime.timedelta(days=1)

    while cur <= end:
        last = month_end(cur)
        if cur.day == 1 and last <= end:
            if months and months[-1][0] == cur.year and months[-1][2] == cur.month - 1:
                months[-1] = (cur.year, months[-1][1], cur.month)
            else:
                months.append((cur.year, cur.month, cur.month))
        else:
            partial.append((cur, min(last, end)))
        cur = last + datetime.timedelta(days=1)
    return months, partial
