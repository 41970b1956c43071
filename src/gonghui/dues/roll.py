"""Generating monthly rolls set-based: one INSERT … SELECT from the roster, whatever the size.

The amount of a line is the member's monthly dues at the roll's rate, times the months the roll
covers. It comes from ``Member.dues_monthly`` — never from decrypting wage bases row by row:
``members.dues.monthly_dues`` drops the part of the base under 10 yuan, so the kept base is a multiple
of 10 and at the standard 0.5% ``dues_monthly`` = base ÷ 200 exactly. Hence, in integer fen,

    base        = dues_monthly_fen × 2            (yuan)
    dues at r   = round_half_up(base × r × 100)   (fen)
                = (dues_monthly_fen × 200 × r_n × 2 + R) div (2 × R)    with r = r_n / R, R = 10^5

which is plain integer arithmetic that SQLite and PostgreSQL compute alike and which equals
``monthly_dues(base, r)`` for every base (``tests/test_dues_roll.py`` checks the two agree).
"""
from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext as _

from .models import DuesItem, DuesRoll, ExemptReason, ItemStatus

RATE_SCALE = 100_000  # rates are stored with five decimals
STANDARD_RATE = Decimal("0.005")  # the rate ``Member.dues_monthly`` is computed at


def rate_units(rate: Decimal) -> int:
    units = rate * RATE_SCALE
    if units != units.to_integral_value():
        raise ValueError(_("会费比例最多保留三位小数的百分数（如0.125%）"))
    return int(units)


def expected_amount(dues_monthly: Decimal, rate: Decimal, months: int = 1) -> Decimal:
    """The formula of the SQL below, in Python (for tests and single-member previews)."""
    fen = int((dues_monthly * 100).to_integral_value())
    units = rate_units(rate)
    monthly_fen = (fen * 200 * units * 2 + RATE_SCALE) // (2 * RATE_SCALE)
    return (Decimal(monthly_fen * months) / 100).quantize(Decimal("0.01"))


def _q(name):
    return connection.ops.quote_name(name)


def insert_items(month_end, roll_ids_sql, roll_ids_params, *, hardship=True, keep_existing=True, standard=False):
    """Insert the lines of the (draft) rolls whose ids the subquery gives, all of one month ending on
    ``month_end``: every live active or retained member of the roll's union who had joined by then.

    ``hardship``: whether any hardship exemption may cover the month (else its test is left out);
    ``keep_existing``: whether some members already hold a line (paid lines kept from an earlier run),
    to be skipped; ``standard``: every roll is at the standard 0.5%, so the amount is ``dues_monthly``
    itself (what the formula gives at that rate, without its arithmetic). All three only spare work on
    the common path. Returns the number of rows inserted.
    """
    from gonghui.members.models import Member, Status

    from .models import DuesExemption

    item, roll, member = DuesItem._meta.db_table, DuesRoll._meta.db_table, Member._meta.db_table
    exemption = DuesExemption._meta.db_table
    # Integer fen of the member's standard-rate dues; BIGINT so the product cannot overflow.
    fen = "CAST(ROUND(m.dues_monthly * 100) AS BIGINT)"
    scale = RATE_SCALE
    # Integer division (both operands integer) rounds half up here because 0.5 fen was added first;
    # dividing by 100.0 then gives yuan (numeric on PostgreSQL, a float SQLite rounds back to the fen).
    amount = (f"(({fen} * 400 * CAST(ROUND(r.rate * {scale}) AS BIGINT) + {scale}) / {2 * scale}) "
              f"* r.months / 100.0")
    if standard:
        amount = "m.dues_monthly * r.months"
    whens, reason_params = ["m.status = %s"], [Status.RETAINED, ExemptReason.RETAINED]
    if hardship:
        whens.append(f"EXISTS (SELECT 1 FROM {_q(exemption)} e WHERE e.member_id = m.id AND e.revoked_at IS NULL "
                     f"AND e.start_month <= r.month AND (e.end_month IS NULL OR e.end_month >= r.month))")
        reason_params.append(ExemptReason.HARDSHIP)
    whens += ["m.wage_base IS NULL", "m.dues_monthly = 0"]
    reason_params += [ExemptReason.NO_BASE, ExemptReason.BELOW_BASE]  # a base under 10 yuan: 0.00 due
    reason = "CASE " + " ".join(f"WHEN {when} THEN %s" for when in whens) + " ELSE '' END"
    skip = (f"AND NOT EXISTS (SELECT 1 FROM {_q(item)} i WHERE i.roll_id = r.id AND i.member_id = m.id)"
            if keep_existing else "")
    # The reason is computed once per member in the inner query (OFFSET 0 keeps PostgreSQL from
    # inlining it, which would evaluate the CASE once per reference); CROSS JOIN makes SQLite walk the
    # rolls and fetch each union's members by index.
    sql = f"""
        INSERT INTO {_q(item)} (roll_id, member_id, org_id, amount, status, exempt_reason)
        SELECT roll_id, member_id, org_id,
               CASE WHEN reason = '' THEN amount ELSE 0 END,
               CASE WHEN reason = '' THEN %s ELSE %s END,
               reason
        FROM (
            SELECT r.id AS roll_id, m.id AS member_id, m.org_id AS org_id, {amount} AS amount,
                   {reason} AS reason
            FROM {_q(roll)} r CROSS JOIN {_q(member)} m
            WHERE r.id IN ({roll_ids_sql}) AND m.union_id = r.union_id
              AND m.deleted_at IS NULL AND m.status IN (%s, %s) AND m.join_date <= %s
              {skip}
            {"OFFSET 0" if connection.vendor == "postgresql" else ""}
        ) lines
    """
    params = [ItemStatus.UNPAID, ItemStatus.EXEMPT, *reason_params, *roll_ids_params,
              Status.ACTIVE, Status.RETAINED, month_end]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


TOTAL_COLUMNS = ["heads", "due_heads", "exempt_heads", "paid_heads", "no_base_heads", "total_due", "total_paid"]


def update_totals(roll_ids_sql, roll_ids_params):
    """Recompute the kept totals of the rolls whose ids the subquery gives: one GROUP BY over their
    lines joined into one UPDATE (rolls without lines are zeroed first)."""
    item, roll = _q(DuesItem._meta.db_table), _q(DuesRoll._meta.db_table)
    zero = ", ".join(f"{c} = 0" for c in TOTAL_COLUMNS)
    sets = ", ".join(f"{c} = t.{c}" for c in TOTAL_COLUMNS)
    exempt, paid = ItemStatus.EXEMPT, ItemStatus.PAID
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {roll} SET {zero} WHERE id IN ({roll_ids_sql})", roll_ids_params)
        cursor.execute(f"""
            UPDATE {roll} SET {sets}
            FROM (
                SELECT roll_id, COUNT(*) AS heads,
                       SUM(CASE WHEN status <> %s THEN 1 ELSE 0 END) AS due_heads,
                       SUM(CASE WHEN status = %s THEN 1 ELSE 0 END) AS exempt_heads,
                       SUM(CASE WHEN status = %s THEN 1 ELSE 0 END) AS paid_heads,
                       SUM(CASE WHEN exempt_reason = %s THEN 1 ELSE 0 END) AS no_base_heads,
                       COALESCE(SUM(CASE WHEN status <> %s THEN amount ELSE 0 END), 0) AS total_due,
                       COALESCE(SUM(CASE WHEN status = %s THEN paid_amount ELSE 0 END), 0) AS total_paid
                FROM {item} WHERE roll_id IN ({roll_ids_sql}) GROUP BY roll_id
            ) t
            WHERE {roll}.id = t.roll_id
        """, [exempt, exempt, paid, ExemptReason.NO_BASE, exempt, paid, *roll_ids_params])


PAYMENT_CHUNK = 400


def mark_paid(payments, *, paid_at, batch_id):
    """Mark lines paid with the amount each one was paid: [(line id, amount)], one UPDATE … FROM
    (VALUES …) per few hundred lines instead of a statement (or an ORM expression) per line."""
    item = _q(DuesItem._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(payments), PAYMENT_CHUNK):
            chunk = payments[start:start + PAYMENT_CHUNK]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            cast = "CAST(v.column2 AS NUMERIC)" if connection.vendor == "postgresql" else "v.column2"
            cursor.execute(
                f"UPDATE {item} SET status = %s, paid_amount = {cast}, paid_at = %s, batch_id = %s "
                f"FROM (VALUES {values}) AS v WHERE {item}.id = v.column1",
                [ItemStatus.PAID, paid_at, batch_id, *[x for pk, amount in chunk for x in (pk, str(amount))]])
