"""The per-member-per-year participation summary (``MemberYear``) and how it is kept exact.

Why per member per *year* with twelve month counters (not one row per member per month): a member
typically takes part in a few activities a year in different months, so per-month rows would be almost
as many as the check-ins themselves (5,000,000 check-ins → ~4,900,000 member-months in the benchmark)
and gain nothing. One row per member per year is bounded by the members (~700,000 in the benchmark)
and still answers any whole-month range exactly: a member took part in months a..b of year y iff
``m_a + … + m_b > 0``. Days of a partial month at either end of a range are read from ``Attendance``
(indexed by union, day) — at most two months' rows — so every date range stays exact.

Every path that adds or removes check-ins calls ``add``/``remove``/``add_from`` in the same transaction:
``actions.check_in``, ``actions.undo_check_in`` and the set-based bulk path ``add_from`` (a queryset of
Attendance rows, e.g. after a bulk insert or in the benchmark's generator); ``rebuild`` recomputes
everything from ``Attendance`` (set-based) and ``check`` lists any difference.
"""
import datetime

from django.db import connection

from .models import Attendance, MemberYear

MONTHS = [f"m{i}" for i in range(1, 13)]
TABLE = MemberYear._meta.db_table
KEY = "member_id, union_id, year"


def _year_month_sql(column):
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)", f"CAST(EXTRACT(MONTH FROM {column}) AS INTEGER)"
    return f"CAST(strftime('%Y', {column}) AS INTEGER)", f"CAST(strftime('%m', {column}) AS INTEGER)"


def _bump(member_id, union_id, day: datetime.date, sign):
    month = MONTHS[day.month - 1]
    with connection.cursor() as cur:
        if sign > 0:
            cur.execute(f"""INSERT INTO {TABLE} (member_id, union_id, year, n, {", ".join(MONTHS)})
                VALUES (%s, %s, %s, 1, {", ".join("1" if m == month else "0" for m in MONTHS)})
                ON CONFLICT ({KEY}) DO UPDATE SET n = {TABLE}.n + 1, {month} = {TABLE}.{month} + 1""",
                        [member_id, union_id, day.year])
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
        cur.execute(f"""INSERT INTO {TABLE} (member_id, union_id, year, n, {", ".join(MONTHS)})
            SELECT a.member_id, a.union_id, {year}, COUNT(*), {sums}
            FROM {Attendance._meta.db_table} a WHERE {where}
            GROUP BY a.member_id, a.union_id, {year}
            ON CONFLICT ({KEY}) DO UPDATE SET n = {TABLE}.n + excluded.n,
            {", ".join(f"{m} = {TABLE}.{m} + excluded.{m}" for m in MONTHS)}""", params)


def rebuild():
    """Recompute the whole summary from Attendance (set-based)."""
    MemberYear.objects.all().delete()
    add_from(Attendance.objects.all())


def check() -> list[tuple]:
    """Rows where the summary differs from a fresh count of Attendance (empty when consistent)."""
    expected = {}
    for member_id, union_id, day in Attendance.objects.values_list("member_id", "union_id", "day"):
        row = expected.setdefault((member_id, union_id, day.year), [0] * 13)
        row[0] += 1
        row[day.month] += 1
    actual = {(r[0], r[1], r[2]): list(r[3:]) for r in MemberYear.objects.values_list(
        "member_id", "union_id", "year", "n", *MONTHS)}
    return sorted((k, expected.get(k), actual.get(k)) for k in expected.keys() | actual.keys()
                  if expected.get(k) != actual.get(k))


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
