"""The vocabulary of spending rules: what kinds of expense exist and what each rule item measures.

Amounts, counts and lists are data (``Rule`` rows, loaded from ``data/presets.json`` and adjusted by
unions); this module only says what an item *means*, i.e. how ``spending.rules.check_expense``
enforces it. Adding a province never touches this file; adding a new kind of limit does.
"""
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _


class RuleKind:
    YEARLY_CAP = "yearly_cap"      # per person per calendar year, summed over benefit records
    OCCASION_CAP = "occasion_cap"  # per person per occasion (marriage, hospital, …)
    EVENT_CAP = "event_cap"        # per event (outing per day, prize, hardship grant; uniforms/cinema per year)
    COUNT_LIMIT = "count_limit"    # at most N festivals a year
    ALLOWED = "allowed"            # the only values allowed (statutory festivals)
    FORBIDDEN = "forbidden"        # values never allowed (cash, shopping cards)

    CHOICES = [
        (YEARLY_CAP, _("每人每年上限")), (OCCASION_CAP, _("每人每次上限")), (EVENT_CAP, _("活动标准")),
        (COUNT_LIMIT, _("次数限制")), (ALLOWED, _("允许范围")), (FORBIDDEN, _("禁止事项")),
    ]


# How an item is measured by the check.
YEAR_TOTAL = "year_total"        # the member's benefits of this expense kind this year, all festivals
PER_FESTIVAL = "per_festival"    # the member's benefits for this one festival this year
PER_OCCASION = "per_occasion"    # this expense's amount per person alone
RATIO = "ratio"                  # winners ≤ participants × fraction
DISTINCT_FESTIVALS = "distinct_festivals"
VALUE_LIST = "value_list"

SPRING_FESTIVAL = "春节"


@dataclass(frozen=True)
class Item:
    label: str          # column heading in the rule table
    short: str          # what was given, in a breach message ("节日慰问品")
    kind: str           # RuleKind
    expense: str        # the expense kind it applies to
    measure: str
    festival: str = ""  # PER_FESTIVAL items: SPRING_FESTIVAL, or "" for "each other festival"


ITEMS = {
    "festival_total": Item(_("节日慰问品（全年合计）"), _("节日慰问品"), RuleKind.YEARLY_CAP, "festival", YEAR_TOTAL),
    "spring_festival": Item(_("春节节日慰问品"), _("春节节日慰问品"), RuleKind.YEARLY_CAP, "festival", PER_FESTIVAL,
                            SPRING_FESTIVAL),
    "other_festival": Item(_("其他节日慰问品（每个节日）"), _("慰问品"), RuleKind.YEARLY_CAP, "festival",
                           PER_FESTIVAL),
    "birthday": Item(_("生日慰问"), _("生日慰问"), RuleKind.YEARLY_CAP, "birthday", YEAR_TOTAL),
    "marriage": Item(_("结婚慰问"), _("结婚慰问"), RuleKind.OCCASION_CAP, "marriage", PER_OCCASION),
    "childbirth": Item(_("生育慰问"), _("生育慰问"), RuleKind.OCCASION_CAP, "childbirth", PER_OCCASION),
    "hospital": Item(_("住院慰问"), _("住院慰问"), RuleKind.OCCASION_CAP, "hospital", PER_OCCASION),
    "hospital_surgery": Item(_("住院慰问（手术）"), _("住院（手术）慰问"), RuleKind.OCCASION_CAP,
                             "hospital_surgery", PER_OCCASION),
    "death_member": Item(_("会员去世慰问"), _("会员去世慰问"), RuleKind.OCCASION_CAP, "death_member", PER_OCCASION),
    "death_relative": Item(_("直系亲属去世慰问"), _("直系亲属去世慰问"), RuleKind.OCCASION_CAP, "death_relative",
                           PER_OCCASION),
    "retirement": Item(_("退休慰问"), _("退休慰问"), RuleKind.OCCASION_CAP, "retirement", PER_OCCASION),
    "outing": Item(_("春秋游（每人每天）"), _("春秋游"), RuleKind.EVENT_CAP, "outing", PER_OCCASION),
    "first_prize": Item(_("一等奖奖品"), _("奖品"), RuleKind.EVENT_CAP, "prize", PER_OCCASION),
    "winners_share": Item(_("获奖人数占参赛人数"), _("获奖人数"), RuleKind.EVENT_CAP, "prize", RATIO),
    "uniform": Item(_("工作服、文化衫（每人每年）"), _("工作服、文化衫"), RuleKind.EVENT_CAP, "uniform", YEAR_TOTAL),
    "cinema": Item(_("观影（每人每年）"), _("观影"), RuleKind.EVENT_CAP, "cinema", YEAR_TOTAL),
    "hardship": Item(_("一次性困难补助"), _("困难补助"), RuleKind.EVENT_CAP, "hardship", PER_OCCASION),
    "festival_count": Item(_("每年发放慰问品的节日数"), _("节日"), RuleKind.COUNT_LIMIT, "festival",
                           DISTINCT_FESTIVALS),
    "festival_allowed": Item(_("可发放慰问品的节日"), _("节日"), RuleKind.ALLOWED, "festival", VALUE_LIST),
    "festival_forms_forbidden": Item(_("节日慰问不得采用的形式"), _("形式"), RuleKind.FORBIDDEN, "festival",
                                     VALUE_LIST),
}

# Caps a rule value is a money amount for; the others hold a count, a fraction or a list.
MONEY_MEASURES = {YEAR_TOTAL, PER_FESTIVAL, PER_OCCASION}


def is_money(item_code):
    return ITEMS[item_code].measure in MONEY_MEASURES


@dataclass(frozen=True)
class ExpenseKind:
    label: str
    account: str  # default expense account (ledger chart 2021-grassroots)


EXPENSE_KINDS = {
    "festival": ExpenseKind(_("节日慰问品"), "50105"),
    "birthday": ExpenseKind(_("生日慰问"), "50105"),
    "marriage": ExpenseKind(_("结婚慰问"), "50105"),
    "childbirth": ExpenseKind(_("生育慰问"), "50105"),
    "hospital": ExpenseKind(_("住院慰问"), "50105"),
    "hospital_surgery": ExpenseKind(_("住院慰问（手术）"), "50105"),
    "death_member": ExpenseKind(_("会员去世慰问"), "50105"),
    "death_relative": ExpenseKind(_("直系亲属去世慰问"), "50105"),
    "retirement": ExpenseKind(_("退休慰问"), "50105"),
    "outing": ExpenseKind(_("春秋游"), "50102"),
    "prize": ExpenseKind(_("文体活动奖品"), "50102"),
    "uniform": ExpenseKind(_("工作服、文化衫"), "50102"),
    "cinema": ExpenseKind(_("观影"), "50102"),
    "hardship": ExpenseKind(_("一次性困难补助"), "502"),
    "other": ExpenseKind(_("其他职工活动"), "50106"),
}
EXPENSE_KIND_CHOICES = [(code, k.label) for code, k in EXPENSE_KINDS.items()]


class Form:
    GOODS = "goods"
    CASH = "cash"
    CARD = "card"
    CHOICES = [(GOODS, _("实物")), (CASH, _("现金")), (CARD, _("购物卡、代金券"))]


FORM_LABELS = dict(Form.CHOICES)

# Other names people write for the statutory festivals (全国年节及纪念日放假办法).
FESTIVAL_ALIASES = {
    "新年": "元旦", "元旦节": "元旦", "春节（除夕）": "春节", "除夕": "春节", "新春": "春节",
    "清明": "清明节", "五一": "劳动节", "五一劳动节": "劳动节", "国际劳动节": "劳动节", "端午": "端午节",
    "中秋": "中秋节", "十一": "国庆节", "国庆": "国庆节",
}


# The statutory festivals as stored (rule values and benefit rows keep these Chinese names), listed for
# ``makemessages`` so pages can show them in the chosen language (``festival_label``).
STATUTORY_FESTIVALS = [gettext_noop("元旦"), gettext_noop("春节"), gettext_noop("清明节"), gettext_noop("劳动节"),
                       gettext_noop("端午节"), gettext_noop("中秋节"), gettext_noop("国庆节")]


def festival_label(name):
    """A stored festival name in the current language (a festival a union typed itself stays as typed)."""
    return gettext(name) if name in STATUTORY_FESTIVALS else name


def festival_labels(names):
    """Stored festival names as one list in the current language: 元旦、春节 / New Year's Day, Spring Festival."""
    from gonghui.core.i18n import words

    return words(festival_label(n) for n in names)


def normalise_festival(name):
    """The stored name of a festival as people write it: 五一 → 劳动节, and in English "Spring Festival" → 春节."""
    name = (name or "").strip()
    name = FESTIVAL_ALIASES.get(name, name)
    if name not in STATUTORY_FESTIVALS:
        translated = {gettext(f).casefold(): f for f in STATUTORY_FESTIVALS}
        name = translated.get(name.casefold(), name)
    return name


def money(value):
    """Yuan as people read them: thousands separators and two decimals (1,800.00)."""
    return f"{value:,.2f}"
