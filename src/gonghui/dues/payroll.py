"""Importing the employer's payroll-deduction batch (代扣名单) from .xlsx or .csv, all or nothing.

    result = run_import(user, union, path, batch_no="", file_name=None)

Columns: 身份证号 or 会员编号 (either identifies the member), 姓名 (checked against the roster when
given), 扣缴金额, 月份. The file is read exactly like the member roster (``members.importing``:
content sniffing, encodings, formula and merged-cell refusal). Members are matched by blind index or
member number in batched IN queries. Every row problem is ``第N行 列名: message``; a deducted amount
that differs from the roll is a warning on its row (the line is marked paid with what was deducted).

Idempotent: a file already imported (same SHA-256) or the same batch number for the same month is
refused with a message saying so, and nothing changes. With no problem, ``actions.record_batch``
writes the batch, the paid lines, the roll's totals and the draft receipt voucher in one transaction.
"""
import hashlib
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gonghui.core.capabilities import KEEP_BOOKS
from gonghui.core import crypto, scope
from gonghui.core.errors import ActionError
from gonghui.core.parsing import parse_money, text
from gonghui.core.spreadsheet import MAX_HEADER_SEARCH, Problem, Refused, read_table
from gonghui.members.importing import LOOKUP_BATCH, Header, _cell_problems, _id_key
from gonghui.members.models import Member
from gonghui.orgs.models import Kind

from . import actions, months
from .models import DuesBatch, DuesItem, DuesRoll, ItemStatus

HEADERS = {
    "身份证号": "id_number", "身份证号码": "id_number", "公民身份号码": "id_number",
    "会员编号": "member_no",
    "姓名": "name",
    "扣缴金额": "amount", "代扣金额": "amount", "扣款金额": "amount", "会费": "amount", "金额": "amount",
    "月份": "month", "所属月份": "month", "扣缴月份": "month",
}
# The columns' names as the template file writes them (translated when a problem names a column the file lacks).
LABELS = {"id_number": gettext_noop("身份证号"), "member_no": gettext_noop("会员编号"), "name": gettext_noop("姓名"),
          "amount": gettext_noop("扣缴金额"), "month": gettext_noop("月份")}
MAX_BATCH_NO = 40


@dataclass
class BatchResult:
    ok: bool
    rows: int = 0
    paid: int = 0
    total: Decimal = Decimal("0.00")
    month: object = None
    batch: object = None
    duplicate: bool = False
    dry_run: bool = False
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def to_dict(self):
        return {"ok": self.ok, "rows": self.rows, "paid": self.paid, "total": str(self.total),
                "month": months.iso(self.month) if self.month else None,
                "batch": self.batch.pk if self.batch else None, "duplicate": self.duplicate,
                "dry_run": self.dry_run,
                "problems": [asdict(p) for p in self.problems], "warnings": [asdict(p) for p in self.warnings]}


def _column(value):
    return HEADERS.get(text(value).replace(" ", "").replace("（元）", "").replace("(元)", ""))


def find_header(rows) -> Header:
    """The first of the top rows naming 扣缴金额 and 身份证号 or 会员编号."""
    for r, row in enumerate(rows[:MAX_HEADER_SEARCH]):
        names = {_column(v) for v in row}
        if "amount" in names and names & {"id_number", "member_no"}:
            columns, seen, problems = {}, {}, []
            for c, value in enumerate(row):
                name = _column(value)
                if name is None:
                    continue
                if name in seen:
                    problems.append(Problem(r + 1, text(value),
                                            _("与“%(column)s”列重复，请只保留一列") % {"column": seen[name]}))
                seen[name] = text(value)
                columns[c] = (text(value), name)
            if "month" not in seen:
                problems.append(Problem(0, "", _("缺少必需的列：月份")))
            if problems:
                raise Refused(*problems)
            return Header(r + 1, columns, [])
    raise Refused(Problem(0, "", _("找不到表头：应有“身份证号”或“会员编号”、“姓名”、“扣缴金额”、“月份”列")))


def _records(table, header):
    mapped = [(c, name) for c, (_w, name) in header.columns.items()]
    out = []
    for r in range(header.row, len(table.rows)):
        row = table.rows[r]
        raw = {name: (row[c] if c < len(row) else "") for c, name in mapped}
        if any(text(v) for v in raw.values()):
            out.append((r + 1, raw))
    return out


def file_hash(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _Checker:
    """Checks every row against the roster and the roll; collects problems and the payments."""

    def __init__(self, union, header):
        self.union = union
        self.label = {name: written for _c, (written, name) in header.columns.items()}
        self.problems, self.warnings = [], []
        self.month = None

    def error(self, row, name, message):
        self.problems.append(Problem(row, self.label.get(name) or _(LABELS[name]), message))

    def parse(self, records, today):
        """(row, key kind, key, name, amount, month) for each row that parses; problems for the rest."""
        parsed, first_month_row = [], None
        for row, raw in records:
            ok = True
            try:
                amount = parse_money(raw.get("amount"))
                if amount is None:
                    self.error(row, "amount", _("不能为空"))
                    ok = False
                elif amount <= 0:
                    self.error(row, "amount", _("须大于0"))
                    ok = False
            except ValueError as exc:
                self.error(row, "amount", str(exc))
                ok = False
            try:
                month = months.parse_month(raw.get("month"), today=today)
            except ValueError as exc:
                self.error(row, "month", str(exc))
                ok, month = False, None
            if month is not None:
                if self.month is None:
                    self.month, first_month_row = month, row
                elif month != self.month:
                    self.error(row, "month", _("与第%(row)s行的月份（%(month)s）不同；一个批次只能是同一个月")
                               % {"row": first_month_row, "month": months.label(self.month)})
                    ok = False
            key = self._key(row, raw)
            if key is None:
                ok = False
            if ok:
                parsed.append((row, *key, text(raw.get("name")), amount))
        return parsed

    def _key(self, row, raw):
        if text(raw.get("id_number")):
            number, problem = _id_key(raw["id_number"])  # the roster import's reading of the column
            if problem:
                self.error(row, "id_number", problem)
                return None
            return "id", crypto.blind_index(number)
        member_no = text(raw.get("member_no"))
        if member_no:
            return "no", member_no
        self.error(row, "id_number" if "id_number" in self.label else "member_no", _("身份证号和会员编号至少填写一项"))
        return None

    def members(self, parsed):
        """{("id", hash) or ("no", number): (pk, name)} of the union's live members, batched."""
        found = {}
        for kind, lookup, column in (("id", "id_hash", "id_hash"), ("no", "member_no", "member_no")):
            keys = list({key for _row, k, key, _n, _a in parsed if k == kind})
            for start in range(0, len(keys), LOOKUP_BATCH):
                rows = Member.objects.filter(union=self.union, **{f"{lookup}__in": keys[start:start + LOOKUP_BATCH]})
                for pk, name, value in rows.values_list("pk", "name", column):
                    found[(kind, value)] = (pk, name)
        return found

    def items(self, roll, member_ids):
        """{member id: (item id, amount, status, exempt reason, batch label)} of the roll, batched."""
        found = {}
        for start in range(0, len(member_ids), LOOKUP_BATCH):
            rows = (DuesItem.objects.filter(roll=roll, member_id__in=member_ids[start:start + LOOKUP_BATCH])
                    .values_list("member_id", "pk", "amount", "status", "exempt_reason", "batch__batch_no",
                                 "batch_id"))
            for member_id, pk, amount, status, reason, batch_no, batch_id in rows:
                found[member_id] = (pk, amount, status, reason, batch_no or (str(batch_id) if batch_id else ""))
        return found

    def check(self, parsed, roll):
        """[(item id, amount)] to mark paid; problems and amount warnings recorded."""
        from .models import line_label

        members = self.members(parsed)
        items = self.items(roll, list({pk for pk, _n in members.values()}))
        seen, payments = {}, []
        for row, kind, key, name, amount in parsed:
            column = "id_number" if kind == "id" else "member_no"
            hit = members.get((kind, key))
            if hit is None:
                self.error(row, column, _("本工会没有该身份证号的会员") if kind == "id" else
                           _("本工会没有会员编号为“%(no)s”的会员") % {"no": key})
                continue
            member_id, member_name = hit
            if member_id in seen:
                self.error(row, column, _("与第%(row)s行是同一会员") % {"row": seen[member_id]})
                continue
            seen[member_id] = row
            if name and name != member_name:
                self.error(row, "name", _("与登记的姓名“%(name)s”不符") % {"name": member_name})
                continue
            item = items.get(member_id)
            if item is None:
                self.error(row, column, _("该会员不在%(period)s的会费表中（入会晚于该月或当时不在籍）；"
                                          "如名单有变，请重新生成会费表") % {"period": roll.period_label})
                continue
            item_id, due, status, reason, batch_label = item
            if status == ItemStatus.EXEMPT:
                self.error(row, "amount", _("该会员%(period)s%(label)s，不应扣缴")
                           % {"period": roll.period_label, "label": line_label(status, reason)})
                continue
            if status == ItemStatus.PAID:
                self.error(row, column, _("该会员%(period)s的会费已在代扣批次%(batch)s中缴纳")
                           % {"period": roll.period_label, "batch": batch_label})
                continue
            if amount != due:
                self.warnings.append(Problem(row, self.label.get("amount") or _(LABELS["amount"]),
                                             _("扣缴%(amount)s元与会费表应缴%(due)s元不符（差%(difference)s元），"
                                               "按实际扣缴记为已缴")
                                             % {"amount": amount, "due": due, "difference": f"{amount - due:+}"}))
            payments.append((item_id, amount))
        return payments


def _roll_for(union, month):
    """The roll covering ``month`` (its own, or the quarterly one it falls in), locked."""
    candidates = [month, months.add_months(month, -1), months.add_months(month, -2)]
    for roll in DuesRoll.objects.select_for_update().filter(union=union, month__in=candidates).order_by("-month"):
        if months.add_months(roll.month, roll.months) > month:
            return roll
    return None


def _duplicate(union, digest, batch_no, month):
    previous = DuesBatch.objects.filter(union=union, file_hash=digest).first()
    if previous is None and batch_no and month is not None:
        previous = DuesBatch.objects.filter(union=union, month=month, batch_no=batch_no).first()
    if previous is None:
        return None
    when = timezone.localtime(previous.imported_at)
    return (_("该代扣批次已于%(when)s导入（%(month)s，批次%(batch)s，%(rows)s人，%(total)s元），本次未做任何更改")
            % {"when": f"{when:%Y-%m-%d %H:%M}", "month": months.label(previous.month),
               "batch": previous.batch_no or previous.pk, "rows": previous.rows, "total": previous.total})


def run_import(user, union, path, *, batch_no="", file_name=None, dry_run=False, today=None,
               progress=None) -> BatchResult:
    """Import the payroll batch in ``path`` for ``union`` (see module doc); never raises for bad input.

    Run it as a job (``dues.jobs.start_payroll_job``): the file is read in the worker, never in a request."""
    progress = progress or (lambda *a, **k: None)
    try:
        return _run(user, union, Path(path), (batch_no or "").strip(), file_name or Path(path).name, dry_run, today,
                    progress)
    except Refused as exc:
        return BatchResult(ok=False, problems=exc.problems, dry_run=dry_run)


def _check_target(user, union):
    if union is None or union.deleted_at is not None:
        raise Refused(Problem(0, "", _("请选择基层工会")))
    if union.kind != Kind.GRASSROOTS:
        raise Refused(Problem(0, "", _("会费按基层工会收缴，“%(name)s”是%(kind)s")
                              % {"name": union.name, "kind": _(str(union.get_kind_display()))}))
    if not scope.can(user, KEEP_BOOKS, union):
        raise Refused(Problem(0, "", _("无权为“%(name)s”导入代扣批次") % {"name": union.name}))


def _run(user, union, path, batch_no, file_name, dry_run, today, progress):
    _check_target(user, union)
    if len(batch_no) > MAX_BATCH_NO:
        raise Refused(Problem(0, "", _("批次号最多%(n)s个字符") % {"n": MAX_BATCH_NO}))
    digest = file_hash(path) if path.exists() else ""
    progress(0, None, _("读取文件"))
    table = read_table(path)
    header = find_header(table.rows)
    records = _records(table, header)
    progress(0, len(records), _("校验"))
    if not records:
        raise Refused(Problem(0, "", _("没有数据：表头下面没有扣缴记录")))
    checker = _Checker(union, header)
    cells = _cell_problems(table, header)
    bad_rows = {p.row for p in cells}
    parsed = checker.parse([(row, raw) for row, raw in records if row not in bad_rows], today)
    checker.problems = sorted(cells + checker.problems, key=lambda p: p.row)
    result = BatchResult(ok=False, rows=len(records), month=checker.month, dry_run=dry_run)
    if checker.month is None:
        result.problems = checker.problems
        return result
    with transaction.atomic():
        # the roll first (locked): an import of the same batch running at the same moment has then
        # finished, and is seen as the duplicate it is
        roll = _roll_for(union, checker.month)
        duplicate = _duplicate(union, digest, batch_no, checker.month)
        if duplicate:
            result.duplicate = True
            result.problems = [Problem(0, "", duplicate)]
            return result
        if roll is None:
            result.problems = [Problem(0, "", _("%(month)s的会费表还没有生成，请先生成会费表")
                                       % {"month": months.label(checker.month)})]
            return result
        payments = checker.check(parsed, roll)
        progress(len(records), len(records), _("写入"))
        result.problems = sorted(checker.problems, key=lambda p: p.row)
        result.warnings = checker.warnings
        result.total = sum((a for _pk, a in payments), Decimal("0.00"))
        result.paid = len(payments)
        if result.problems or dry_run:
            result.ok = not result.problems
            return result
        try:
            result.batch = actions.record_batch(user, roll, month=checker.month, batch_no=batch_no,
                                                file_name=file_name, file_hash=digest, payments=payments,
                                                mismatches=len(checker.warnings), paid_at=today)
        except ActionError as exc:
            transaction.set_rollback(True)
            result.problems = [Problem(0, "", m) for ms in exc.message_dict.values() for m in ms]
            result.paid, result.total = 0, Decimal("0.00")
            return result
    result.ok = True
    return result
