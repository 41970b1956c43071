"""The demo dataset: a fictional county federation, its unions, officers and members.

    summary = load(members=3000, seed=2026)

Deterministic: the same seed and size give the same organisations, names, ID numbers, dates and
statuses (ciphertext differs, because every encryption draws a fresh nonce). Dates are reckoned from
1 January of the current year, so a dataset stays the same all year and ages stay realistic.

**A bulk path, on purpose.** Organisations, users and roles are few and go through their action
functions (``orgs.actions.create_org``, ``accounts.actions.create_user`` and ``grant_role``), so each
has its own audit row. Members can be a million: they are built in Python as ready-to-store rows —
derived columns computed exactly as ``Member.fill_derived`` does, personal data encrypted up front —
and written in batches of ``BATCH`` rows per transaction with ``executemany`` (SQLite) or ``COPY``
(PostgreSQL). Instead of a million per-member ``create`` audit rows, each union gets one summarising
audit row ("演示数据导入 N 人"): the demo load is one administrative act per union, and a million audit
rows saying the same thing would only bury the real history the demo is meant to show. The few
members with a transfer or a linked login get their own audit rows, as the actions would write them.
"""
import bisect
import datetime
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from stdnum.cn import ric, uscc

from gonghui.accounts import actions as account_actions
from gonghui.accounts.models import Role, RoleKind, User
from gonghui.core import audit, crypto
from gonghui.core.models import AuditEntry
from gonghui.members.dues import monthly_dues
from gonghui.members.models import Member, Status, Transfer
from gonghui.members.pinyin import full as pinyin_full, given_name, initials as pinyin_initials
from gonghui.orgs import actions as org_actions
from gonghui.orgs.models import Kind, Organisation

from . import data

PASSWORD = "Gonghui@2026"
DEFAULT_MEMBERS = 3000
DEFAULT_SEED = 2026
BATCH = 20000
ZERO = Decimal("0.00")

# The order of values in a member row; checked against the model before writing (``check_columns``).
COLUMNS = ("id", "union_id", "org_id", "user_id", "name", "initials", "sex", "id_number", "id_hash", "id_tail",
           "birth_date", "phone", "phone_tail", "ethnicity", "political_status", "education", "employment_form",
           "post", "hire_date", "wage_base", "dues_monthly", "join_date", "member_no", "card_no", "status",
           "status_date", "termination_reason", "status_note", "deleted_at", "created_at", "updated_at", "pinyin",
           "given_name")
COL = {name: i for i, name in enumerate(COLUMNS)}

PENDING_TRANSFER_SHARE = 0.002
PAST_TRANSFER_SHARE = 0.002
TERMINATED_SHARE = 0.012
REHIRED_SHARE = 0.01


class NotEmpty(Exception):
    """The database already holds organisations, members or users."""


def check_columns():
    """Fail loudly if the Member table gained or lost a column the raw writer does not know about."""
    actual = {f.column for f in Member._meta.concrete_fields}
    if actual != set(COLUMNS):
        raise RuntimeError(f"demo member columns out of date: missing {sorted(actual - set(COLUMNS))}, "
                           f"unknown {sorted(set(COLUMNS) - actual)}")


def database_is_empty():
    return not (Organisation.all_objects.exists() or Member.all_objects.exists() or User.objects.exists())


def wipe():
    """Empty every table (Django's ``flush``): the ``--reset`` of ``gonghui demo``."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------

def years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class Weighted:
    """Fast weighted choice from (item, weight) pairs with a given Random."""

    def __init__(self, pairs):
        self.items = [p[0] for p in pairs]
        self.cum = []
        total = 0
        for _item, weight in pairs:
            total += weight
            self.cum.append(total)
        self.total = total

    def pick(self, rng):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def org_code_check(code8: str) -> str:
    """Check character of a 9-character organisation code (GB 11714)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c, 36) * w for c, w in zip(code8, weights))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(rng, kind_prefix="81", area=data.COUNTY_AREA):
    """A valid unified social credit code; unions registered by 工会 start with 81."""
    body = f"{rng.randrange(10**7, 10**8)}"
    stem = kind_prefix + area + body + org_code_check(body)
    return stem + uscc.calc_check_digit(stem)


def money(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


# ---------------------------------------------------------------------------------------------
# The organisation tree
# ---------------------------------------------------------------------------------------------

@dataclass
class Slot:
    """A place members are put in: an organisation, the posts people there hold, and a weight."""
    org: Organisation
    posts: list
    weight: float


@dataclass
class UnionPlan:
    org: Organisation
    profile: str
    size: int
    slots: list = field(default_factory=list)
    featured: str = ""  # the key of a featured union ("school", "factory", ...)


class Names:
    """Chinese names with a realistic surname frequency and era-typical given names."""

    def __init__(self):
        self.surnames = Weighted(data.SURNAMES)

    def make(self, rng, sex, birth_year):
        pools = data.GIVEN[(sex, "old" if birth_year < 1982 else "young")]
        r = rng.random()
        if r < 0.2:
            given = rng.choice(pools["single"])
        elif r < 0.55:
            given = rng.choice(pools["whole"])
        else:
            first, second = rng.choice(pools["first"]), rng.choice(pools["second"])
            given = first + second if first != second else rng.choice(pools["whole"])
        return self.surnames.pick(rng) + given


def _split(total, shares):
    """Integers proportional to ``shares`` summing to ``total`` (largest remainder)."""
    raw = [total * s for s in shares]
    out = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[: total - sum(out)]:
        out[i] += 1
    return out


def _extra_sizes(rng, remaining):
    """Sizes of further grassroots unions: long-tailed (most a few hundred, a few thousands)."""
    sizes = []
    while remaining > 0:
        size = int(min(20000, max(30, rng.lognormvariate(6.0, 1.0))))
        size = min(size, remaining)
        if size < 30 and sizes:
            sizes[-1] += size
        else:
            sizes.append(size)
        remaining -= size
    return sizes


EXTRA_TYPES = Weighted([(t[:2], t[2]) for t in data.EXTRA_TYPES])
EXTRA_KINDS = {"school": data.SCHOOL_KINDS, "institution": data.INSTITUTION_KINDS, "agency": data.AGENCY_KINDS,
               "social": data.SOCIAL_KINDS, "joint": data.JOINT_KINDS, "industry": data.INDUSTRY_KINDS}


class TreeBuilder:
    """Creates the organisations through ``orgs.actions.create_org`` (each audited)."""

    def __init__(self, admin, rng, names, ref):
        self.admin, self.rng, self.names, self.ref = admin, rng, names, ref
        self.by_code = {}
        self.used_names = set()

    def create(self, parent, kind, code, name, **extra):
        org = org_actions.create_org(self.admin, parent=parent, kind=kind, code=code, name=name, **extra)
        self.by_code[code] = org
        self.used_names.add(name)
        return org

    def grassroots(self, parent, code, name, union_type, *, size, founded=None, address="", employer_type="91",
                   chair_name=None):
        rng = self.rng
        founded = founded or datetime.date(rng.randint(1980, 2022), rng.randint(1, 12), rng.randint(1, 28))
        return self.create(
            parent, Kind.GRASSROOTS, code, name, union_type=union_type,
            uscc=make_uscc(rng), founded_on=founded,
            chair_name=chair_name or self.names.make(rng, rng.choice("MF"), rng.randint(1966, 1985)),
            legal_cert_no=f"工法证字第{data.COUNTY_AREA}{rng.randrange(10**5):05d}号",
            address=address or f"青岚县{rng.choice(data.PLACES)}{rng.choice(['路', '大道', '街'])}{rng.randint(1, 300)}号",
            employee_count=int(size * rng.uniform(1.02, 1.25)) if size else None,
            phone=f"0550-5{rng.randrange(10**6):06d}",
        )

    def build(self, total, chair_names):
        rng = self.rng
        c = data.COUNTY
        county = self.create(None, Kind.COUNTY, c["code"], c["name"], address=c["address"], phone=c["phone"],
                             founded_on=datetime.date(*c["founded"]))
        for t in data.TOWNS:
            self.create(county, Kind.TOWN, t["code"], t["name"], address=t["address"],
                        founded_on=datetime.date(*t["founded"]))
        featured_total = min(total, data.FEATURED_CAP)
        sizes = _split(featured_total, [f["share"] for f in data.FEATURED])
        plans = [self._featured(spec, size, chair_names.get(spec["key"])) for spec, size in zip(data.FEATURED, sizes)]
        parents = [self.by_code[t["code"]] for t in data.TOWNS] + [county]
        for i, size in enumerate(_extra_sizes(rng, total - featured_total)):
            plans.append(self._extra(i, size, parents))
        return county, plans

    def _featured(self, spec, size, chair_name):
        parent = self.by_code[spec["parent"]]
        union = self.grassroots(parent, spec["code"], spec["name"], spec["type"], size=size,
                                founded=datetime.date(*spec["founded"]), address=spec["address"],
                                chair_name=chair_name)
        plan = UnionPlan(union, spec["profile"], size, featured=spec["key"])
        weight, posts = spec["direct"]
        if weight:
            plan.slots.append(Slot(union, posts, weight))
        for suffix, name, weight, posts, groups in spec.get("branches", []):
            branch = self.create(union, Kind.BRANCH, f"{spec['code']}-{suffix}", name)
            if not groups:
                plan.slots.append(Slot(branch, posts, weight))
                continue
            plan.slots.append(Slot(branch, posts, weight * 0.2))  # branch officers and the unassigned
            for j, group_name in enumerate(groups, 1):
                group = self.create(branch, Kind.GROUP, f"{spec['code']}-{suffix}{j}", group_name)
                plan.slots.append(Slot(group, posts, weight * 0.8 / len(groups)))
        for suffix, name, weight, posts in spec.get("groups", []):
            group = self.create(union, Kind.GROUP, f"{spec['code']}-{suffix}", name)
            plan.slots.append(Slot(group, posts, weight))
        return plan

    def _unique(self, make):
        for _ in range(50):
            name = make()
            if name not in self.used_names:
                return name
        base = make()
        n = 2
        while f"{base[:-2]}（{n}）工会" in self.used_names:
            n += 1
        return f"{base[:-2]}（{n}）工会"

    def _extra(self, i, size, parents):
        rng = self.rng
        profile, union_type = EXTRA_TYPES.pick(rng)
        place = rng.choice(data.PLACES)
        if union_type == "enterprise":
            trade, posts = rng.choice(data.FIRM_TRADES)
            name = self._unique(lambda: f"青岚县{rng.choice(data.FIRM_PREFIXES)}{trade}{rng.choice(data.FIRM_SUFFIXES)}工会")
        else:
            what, posts = rng.choice(EXTRA_KINDS[union_type])
            town = "镇" if union_type == "agency" else ""
            name = self._unique(lambda: f"青岚县{rng.choice(data.PLACES)}{town}{what}工会")
        parent = parents[2] if union_type in ("agency", "institution", "industry") else parents[i % 2]
        code = f"QL-U{i + 1:04d}"
        union = self.grassroots(parent, code, name, union_type, size=size,
                                address=f"青岚县{place}{rng.choice(['路', '大道', '街'])}{rng.randint(1, 300)}号")
        plan = UnionPlan(union, profile, size)
        plan.slots.append(Slot(union, posts, 1))
        if union_type == "enterprise" and size > 2000:
            for j in range(min(len(data.BRANCH_NAMES), size // 1000 + 1)):
                branch = self.create(union, Kind.BRANCH, f"{code}-B{j + 1}", data.BRANCH_NAMES[j])
                for k in range(2):
                    group = self.create(branch, Kind.GROUP, f"{code}-B{j + 1}G{k + 1}", data.GROUP_NAMES[k])
                    plan.slots.append(Slot(group, posts, 5))
        else:
            for j in range(max(1, min(len(data.GROUP_NAMES), size // 150))):
                group = self.create(union, Kind.GROUP, f"{code}-G{j + 1}", data.GROUP_NAMES[j])
                plan.slots.append(Slot(group, posts, 3))
        return plan


# ---------------------------------------------------------------------------------------------
# Users and roles
# ---------------------------------------------------------------------------------------------

# username, role, featured union key (or "county"), officer slot name for the printed table
OFFICERS = [
    ("county", RoleKind.FEDERATION_OFFICER, "county"),
    ("school_chair", RoleKind.CHAIR, "school"),
    ("school_officer", RoleKind.OFFICER, "school"),
    ("school_finance", RoleKind.FINANCE, "school"),
    ("school_auditor", RoleKind.AUDITOR, "school"),
    ("factory_chair", RoleKind.CHAIR, "factory"),
    ("factory_officer", RoleKind.OFFICER, "factory"),
    ("factory_finance", RoleKind.FINANCE, "factory"),
    ("factory_auditor", RoleKind.AUDITOR, "factory"),
]
GROUP_LEADER = ("group_leader", "QL-YZ-YW1")  # 语文一组
SELF_SERVICE = [("teacher", "QL-YZ-YW1"), ("worker", "QL-HT-ZP1")]  # 语文一组, 装配一班


@dataclass
class Login:
    username: str
    name: str
    role: str
    org: str


def create_admin():
    """The superuser: created directly (no actor can create the first one) and audited as such."""
    with transaction.atomic():
        admin = User.objects.create_superuser(username="admin", password=PASSWORD, name="系统管理员")
        audit.record(None, "create", admin, after={"username": "admin", "name": "系统管理员", "is_superuser": True},
                     note="演示数据：系统管理员")
    return admin


def officer_names(rng, names):
    return {username: names.make(rng, rng.choice("MF"), rng.randint(1968, 1990))
            for username, _kind, _where in OFFICERS + [(GROUP_LEADER[0], None, None)]}


def create_officers(admin, county, plans, people):
    """Officers and their roles, each through the account actions."""
    featured = {p.featured: p.org for p in plans if p.featured}
    logins = [Login("admin", "系统管理员", "系统管理员", "全部")]
    for username, kind, where in OFFICERS:
        org = county if where == "county" else featured[where]
        user = account_actions.create_user(admin, username=username, name=people[username], password=PASSWORD,
                                           must_change_password=False)
        account_actions.grant_role(admin, user=user, org=org, kind=kind)
        logins.append(Login(username, user.name, RoleKind(kind).label, org.name))
    username, code = GROUP_LEADER
    group = Organisation.objects.get(code=code)
    user = account_actions.create_user(admin, username=username, name=people[username], password=PASSWORD,
                                       must_change_password=False)
    account_actions.grant_role(admin, user=user, org=group, kind=RoleKind.GROUP_LEADER)
    logins.append(Login(username, user.name, RoleKind.GROUP_LEADER.label, group.name))
    return logins


# ---------------------------------------------------------------------------------------------
# Members
# ---------------------------------------------------------------------------------------------

class People:
    """Builds member rows (tuples in ``COLUMNS`` order), ready to store."""

    def __init__(self, seed, ref, names, first_id, created_at):
        self.seed, self.ref, self.names = seed, ref, names
        self.next_id = first_id
        self.created_at = created_at
        self.used_ids = set()
        self.initials_cache = {}
        self.local_areas = Weighted(data.AREAS_LOCAL)
        self.migrant_areas = Weighted(data.AREAS_MIGRANT)
        self.terminations = Weighted([((r, note), w) for r, w, note in data.TERMINATIONS])
        self.profiles = {k: dict(v, forms_w=Weighted(v["forms"]), edu_w=Weighted(v["education"]))
                         for k, v in data.PROFILES.items()}
        self.latest_birth = datetime.date(ref.year - 21, 12, 31)
        self.ref_ord = ref.toordinal()

    def id_number(self, rng, birth, sex, local):
        if local:
            area = data.AREAS_LOCAL_OLD[0][0] if birth.year < 1975 and rng.random() < 0.03 else self.local_areas.pick(rng)
        else:
            area = self.migrant_areas.pick(rng)
        stem = f"{area}{birth:%Y%m%d}"
        digits = "13579" if sex == "M" else "02468"
        for attempt in range(200):
            first17 = f"{stem}{rng.randrange(100):02d}{rng.choice(digits)}"
            key = int(first17)
            if key not in self.used_ids:
                self.used_ids.add(key)
                return first17 + ric.calc_check_digit(first17 + "0")
            if attempt == 100:  # this area and day are crowded: another area of the same kind
                stem = f"{self.local_areas.pick(rng) if local else self.migrant_areas.pick(rng)}{birth:%Y%m%d}"
        raise RuntimeError("could not find a free ID number")

    def birth(self, rng, age):
        lo = years_before(self.ref, age + 1).toordinal() + 1
        hi = min(years_before(self.ref, age), self.latest_birth).toordinal()
        return datetime.date.fromordinal(rng.randint(lo, max(lo, hi)))

    def rows(self, plan, rng, *, number_from=1):
        """Yield (row, extra) for ``plan.size`` members; extra marks rows needing more than a row."""
        p = self.profiles[plan.profile]
        slots = Weighted([(s, s.weight) for s in plan.slots])
        ref, ref_ord = self.ref, self.ref_ord
        union_id = plan.org.pk
        cache = self.initials_cache
        for n in range(number_from, number_from + plan.size):
            slot = slots.pick(rng)
            sex = "F" if rng.random() < p["female"] else "M"
            retire_age = 55 if sex == "F" else 60
            retiree = rng.random() < p["retirees"]
            rehired = not retiree and p["retirees"] and rng.random() < REHIRED_SHARE
            if retiree:
                age = rng.randint(retire_age, 65)
            elif rehired:
                age = rng.randint(retire_age, min(retire_age + 4, 65))
            else:
                age = int(rng.triangular(20, retire_age - 1, min(p["age_mode"], retire_age - 2)))
            birth = self.birth(rng, age)
            local = rng.random() < p["local"]
            number = self.id_number(rng, birth, sex, local)
            name = self.names.make(rng, sex, birth.year)
            ini = cache.get(name)
            if ini is None:
                ini = cache[name] = (pinyin_initials(name), pinyin_full(name), given_name(name))
            # A career at this unit: hired at ``start`` or later, ending today or at retirement.
            start = min(p["start"], age)
            end = years_before(birth, -retire_age) if retiree else ref
            end_ord = end.toordinal()
            tenure = rng.randint(0, (retire_age if retiree else age) - start)
            earliest_hire = max(years_before(birth, -start).toordinal(), years_before(birth, -16).toordinal())
            hire_ord = min(max(end_ord - tenure * 365 - rng.randint(0, 364), earliest_hire), end_ord)
            join_ord = min(hire_ord + rng.randint(0, 730), end_ord)
            low, high = p["wage"]
            wage_yuan = low + (high - low) * (0.6 * min(1.0, tenure / 30) + 0.4 * rng.random())
            wage = money(int(wage_yuan * 100))
            form = "retired" if rehired else p["forms_w"].pick(rng)
            if age <= 28 and rng.random() < 0.4:
                political = "cyl"
            elif age > 24 and rng.random() < p["party"]:
                political = "cpc_probation" if age < 32 and rng.random() < 0.08 else "cpc"
            elif rng.random() < 0.01:
                political = "democratic"
            else:
                political = "masses"
            phone = f"{rng.choice(data.PHONE_PREFIXES)}{rng.randrange(10**8):08d}"
            ethnicity = "汉族" if rng.random() < 0.985 else rng.choice(data.MINORITIES)
            status, status_date, reason, note = Status.ACTIVE, None, "", ""
            extra = None
            if retiree:
                status, note = Status.RETAINED, "退休保留会籍"
                status_date = end
            elif rng.random() < TERMINATED_SHARE:
                status = Status.TERMINATED
                reason, note = self.terminations.pick(rng)
                status_date = datetime.date.fromordinal(rng.randint(join_ord, ref_ord))
            elif plan.featured and rng.random() < PENDING_TRANSFER_SHARE:
                status, extra = Status.TRANSFERRING, "pending"
                status_date = datetime.date.fromordinal(max(join_ord, ref_ord - rng.randint(1, 40)))
            elif plan.featured and rng.random() < PAST_TRANSFER_SHARE:
                extra = "past"
                status_date = datetime.date.fromordinal(max(join_ord, ref_ord - rng.randint(60, 900)))
            member_no = f"{n:06d}"
            row = (
                self.next_id, union_id, slot.org.pk, None, name, ini[0], sex, crypto.encrypt(number),
                crypto.blind_index(number), number[-4:], birth, crypto.encrypt(phone), phone[-4:], ethnicity,
                political, p["edu_w"].pick(rng), form, rng.choice(slot.posts) if slot.posts else "",
                datetime.date.fromordinal(hire_ord), crypto.encrypt(str(wage)),
                monthly_dues(wage) if status == Status.ACTIVE else ZERO, datetime.date.fromordinal(join_ord),
                member_no, f"{plan.org.code}-{member_no}", status, status_date, reason, note, None,
                self.created_at, self.created_at, ini[1], ini[2],
            )
            self.next_id += 1
            yield row, extra


# ---------------------------------------------------------------------------------------------
# Writing rows
# ---------------------------------------------------------------------------------------------

def write_rows(rows):
    """Insert member rows: COPY on PostgreSQL, executemany elsewhere. The caller holds the transaction."""
    table = Member._meta.db_table
    columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            created = connection.ops.adapt_datetimefield_value(rows[0][COL["created_at"]]) if rows else None
            i_created, i_updated = COL["created_at"], COL["updated_at"]
            adapted = []
            for row in rows:
                row = list(row)
                row[i_created] = row[i_updated] = created
                adapted.append(row)
            marks = ", ".join(["%s"] * len(COLUMNS))
            cursor.executemany(f"INSERT INTO {connection.ops.quote_name(table)} ({columns}) VALUES ({marks})",
                               adapted)


def reset_member_sequence():
    """PostgreSQL: member ids were assigned here, so move the id sequence past them."""
    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT follows the largest id inserted
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Member]):
            cursor.execute(sql)


def analyze():
    """Refresh the planner's statistics after a bulk load (PostgreSQL's autovacuum would do it a little
    later; SQLite never does it by itself), so list and search queries get their plans from real counts."""
    tables = [Member._meta.db_table, Organisation._meta.db_table]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
        elif connection.vendor == "sqlite":
            for table in tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


class Loader:
    """Streams member rows, union by union, into batches; each batch is one transaction.

    A batch carries, besides its member rows, the transfers and audit entries of those rows, and the
    summarising audit row of every union whose last member is in it.
    """

    def __init__(self, admin, plans, people, seed, *, chairs, progress=None):
        self.admin, self.plans, self.people, self.seed = admin, plans, people, seed
        self.chairs = chairs  # union id -> its chair's user (the actor of that union's transfers)
        self.progress = progress
        self.featured = [p for p in plans if p.featured]
        self.rows, self.transfers, self.entries = [], [], []
        self.logins = []

    def run(self):
        if connection.vendor == "sqlite":
            # The member indexes of a million rows outgrow the default page cache; random inserts into
            # them would then wait on the disk. 512 MB for this connection keeps them in memory.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -524288")
        wanted = {Organisation.objects.get(code=code).pk: username for username, code in SELF_SERVICE}
        for plan in self.plans:
            rng = random.Random(f"{self.seed}:{plan.org.code}")
            for row, extra in self.people.rows(plan, rng):
                if extra:
                    row = self._transfer(plan, row, extra, rng)
                elif row[COL["org_id"]] in wanted and row[COL["status"]] == Status.ACTIVE:
                    row = self._link(row, wanted.pop(row[COL["org_id"]]))
                self.rows.append(row)
                if len(self.rows) >= BATCH:
                    self.flush()
            self.entries.append(audit.entry(self.admin, "import", plan.org, org=plan.org,
                                            note=f"演示数据导入 {plan.size} 人"))
        self.flush()
        reset_member_sequence()
        analyze()

    def flush(self):
        if not (self.rows or self.entries):
            return
        with transaction.atomic():
            if self.rows:
                write_rows(self.rows)
            Transfer.objects.bulk_create(self.transfers)
            AuditEntry.objects.bulk_create(self.entries)
        if self.progress:
            self.progress(len(self.rows))
        self.rows, self.transfers, self.entries = [], [], []

    @staticmethod
    def _member(row):
        """An unsaved Member carrying what an audit entry shows (id, name, number)."""
        return Member(id=row[COL["id"]], name=row[COL["name"]], member_no=row[COL["member_no"]])

    @staticmethod
    def _with(row, **values):
        row = list(row)
        for column, value in values.items():
            row[COL[column]] = value
        return tuple(row)

    def _link(self, row, username):
        """A self-service login for this member, created through the account action."""
        org = Organisation.objects.get(pk=row[COL["org_id"]])
        user = account_actions.create_user(self.admin, username=username, name=row[COL["name"]],
                                           password=PASSWORD, must_change_password=False)
        self.entries.append(audit.entry(self.admin, "link_account", self._member(row), org=org,
                                        after={"user": username}))
        self.logins.append(Login(username, row[COL["name"]], "会员（自助服务）", org.name))
        return self._with(row, user_id=user.pk)

    def _transfer(self, plan, row, kind, rng):
        """A pending transfer out of this union, or a past one into it (with its history)."""
        other = rng.choice([p for p in self.featured if p.org.pk != plan.org.pk])
        member, here = self._member(row), Organisation(pk=row[COL["org_id"]])
        day = row[COL["status_date"]]
        when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, rng.randint(0, 59))))
        ours, theirs = self.chairs.get(plan.org.pk, self.admin), self.chairs.get(other.org.pk, self.admin)
        if kind == "pending":
            reason = rng.choice(["工作调动", "劳动关系转移", "单位调整"])
            note = f"转往{other.org.name}"
            self.transfers.append(Transfer(member_id=member.pk, from_org_id=here.pk, to_org_id=other.org.pk,
                                           reason=reason, requested_by=ours, requested_at=when))
            entry = audit.entry(ours, "transfer_out", member, org=here, before={"status": Status.ACTIVE.value},
                                after={"status": Status.TRANSFERRING.value, "status_note": note},
                                note=f"转往“{other.org.name}”：{reason}")
            entry.at = when
            self.entries.append(entry)
            return self._with(row, status_note=note)
        decided = when + datetime.timedelta(days=rng.randint(1, 10))
        note = f"由{other.org.name}转入"
        self.transfers.append(Transfer(member_id=member.pk, from_org_id=other.org.pk, to_org_id=plan.org.pk,
                                       state=Transfer.State.ACCEPTED, reason="工作调动", requested_by=theirs,
                                       requested_at=when, decided_by=ours, decided_at=decided,
                                       decision_note="同意接收", new_org_id=here.pk))
        out = audit.entry(theirs, "transfer_out", member, org=other.org, note=f"转往“{plan.org.name}”：工作调动")
        came = audit.entry(ours, "transfer_in", member, org=here, after={"status_note": note},
                           note=f"由“{other.org.name}”转入")
        out.at, came.at = when, decided
        self.entries += [out, came]
        return self._with(row, status_note=note)


@dataclass
class DemoContext:
    """What a domain app's ``demo.populate(ctx)`` gets to add its own records to the demo."""
    admin: object
    unions: dict          # featured key ("school", "factory", "agency", ...) -> Organisation
    users: dict           # demo username ("school_chair", "teacher", ...) -> User
    rng: random.Random    # seeded: the same seed gives the same records
    today: datetime.date


DEMO_APPS = ("ledger", "dues", "funds", "spending", "finaudit", "activities", "contests", "care", "mutualaid",
             "congress", "elections", "notices", "bargaining", "appeals", "mediation", "supervision", "women",
             "safety", "suggestions", "honours", "federation", "ratings",
             "plans")  # last: the plan's summaries are drafted from what the other apps recorded


def populate_apps(admin, plans, seed, today):
    """Each app with a ``demo`` module adds its records, in dependency order, each in one transaction;
    then each module's ``finish`` (if it has one) runs, in the same order."""
    import importlib
    import importlib.util

    unions = {p.featured: p.org for p in plans if p.featured}
    users = {u.username: u for u in User.objects.all()}
    modules = []
    for app in DEMO_APPS:
        name = f"gonghui.{app}.demo"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        modules.append((app, module))
        ctx = DemoContext(admin, unions, users, random.Random(f"{seed}-{app}"), today)
        with transaction.atomic():
            module.populate(ctx)
    # then, in the same order, what waits for the others' records (the month-end posting of their
    # draft vouchers, disclosures of the posted books)
    for app, module in modules:
        if hasattr(module, "finish"):
            ctx = DemoContext(admin, unions, users, random.Random(f"{seed}-{app}-finish"), today)
            with transaction.atomic():
                module.finish(ctx)


@dataclass
class Summary:
    members: int
    organisations: int
    unions: int
    logins: list
    seconds: dict = field(default_factory=dict)  # phase -> wall-clock seconds
    password: str = PASSWORD


def load(*, members=DEFAULT_MEMBERS, seed=DEFAULT_SEED, progress=None, today=None):
    """Load the demo dataset into an empty database; returns what was made and the logins."""
    from django.db.models import Max

    check_columns()
    if not database_is_empty():
        raise NotEmpty("数据库中已有数据")
    clock = time.monotonic()
    seconds = {}
    ref = datetime.date((today or timezone.localdate()).year, 1, 1)
    rng = random.Random(seed)
    names = Names()
    people_names = officer_names(rng, names)
    admin = create_admin()
    with transaction.atomic():
        builder = TreeBuilder(admin, rng, names, ref)
        county, plans = builder.build(members, {"school": people_names["school_chair"],
                                                "factory": people_names["factory_chair"]})
        seconds["organisations"] = time.monotonic() - clock
        logins = create_officers(admin, county, plans, people_names)
    seconds["users"] = time.monotonic() - clock - seconds["organisations"]
    chairs = {role.org_id: role.user for role in Role.objects.filter(kind=RoleKind.CHAIR).select_related("user")}
    first_id = (Member.all_objects.aggregate(m=Max("id"))["m"] or 0) + 1
    people = People(seed, ref, names, first_id, timezone.now())
    loader = Loader(admin, plans, people, seed, chairs=chairs, progress=progress)
    started = time.monotonic()
    loader.run()
    seconds["members"] = time.monotonic() - started
    started = time.monotonic()
    populate_apps(admin, plans, seed, today or timezone.localdate())
    seconds["activities"] = time.monotonic() - started
    return Summary(members=sum(p.size for p in plans), organisations=len(builder.by_code), unions=len(plans),
                   logins=logins + loader.logins, seconds=seconds)
