"""The preset categories and the national-baseline disclosure calendar (DOMAIN §8), loaded by migration 0002.

``load(Category, DisclosureRequirement)`` is idempotent: it adds what is missing by code and leaves rows
already there alone, so it can run again after a flush (transactional tests) or an upgrade.
"""

# Union types that stand for state and collective employers (public bodies): DOMAIN §8 makes them also
# disclose tenders and purchases, and hospitality spending.
PUBLIC_SECTOR = ["school", "agency", "institution"]

CATEGORIES = [
    # code, name, description, union types that must disclose it (empty: all)
    ("finance", "财务", "工会经费收支情况", []),
    ("personnel", "人事", "招聘、职称评聘、岗位调整、奖惩", []),
    ("welfare", "福利", "职工福利、慰问、补贴发放", []),
    ("evaluation", "评议结果", "民主评议领导干部、考核评优结果", []),
    ("congress", "职代会/教代会决议", "会议文件、决议及提案办理情况", []),
    ("labour", "劳动与合同", "劳动合同、集体合同、工资专项集体合同及履行情况", []),
    ("rules", "规章制度", "涉及职工切身利益的规章制度", []),
    ("decisions", "重大决策", "发展规划、改革改制等重大决策", []),
    ("tenders", "招投标与采购", "国有、集体单位的大额投资、招投标与物资采购", PUBLIC_SECTOR),
    ("hospitality", "招待费", "国有、集体单位的业务招待费使用情况", PUBLIC_SECTOR),
    ("other", "其他", "其他需要公开的事项", []),
]

SOURCE = "厂务公开/校务公开有关规定；本系统 DOMAIN §8"

REQUIREMENTS = [
    # category code, what, frequency, extra fields
    ("finance", "工会经费收支情况", "half_yearly", {}),
    ("welfare", "职工福利及慰问发放情况", "yearly", {"due_month": 12, "due_day": 31}),
    ("evaluation", "民主评议领导干部结果", "yearly", {"due_month": 12, "due_day": 31}),
    ("congress", "职代会/教代会会议文件（会前7日送达代表）", "before_event", {"lead_days": 7, "event_kind": "congress"}),
    ("congress", "职代会/教代会决议及结果", "after_event", {"lead_days": 3, "event_kind": "congress"}),
    ("labour", "集体合同及工资专项集体合同履行情况", "yearly", {"due_month": 12, "due_day": 31}),
    ("rules", "规章制度制定和修订情况", "yearly", {"due_month": 12, "due_day": 31}),
    ("tenders", "大额投资、招投标与物资采购情况", "half_yearly", {}),
    ("hospitality", "业务招待费使用情况", "yearly", {"due_month": 12, "due_day": 31}),
]


def load(Category, DisclosureRequirement):
    existing = set(Category.objects.filter(owner__isnull=True).values_list("code", flat=True))
    Category.objects.bulk_create([
        Category(code=code, name=name, description=description, union_types=types, order=i * 10)
        for i, (code, name, description, types) in enumerate(CATEGORIES, start=1) if code not in existing
    ])
    by_code = dict(Category.objects.filter(owner__isnull=True).values_list("code", "id"))
    have = set(DisclosureRequirement.objects.filter(owner__isnull=True).values_list("what", flat=True))
    DisclosureRequirement.objects.bulk_create([
        DisclosureRequirement(category_id=by_code[code], what=what, frequency=frequency, source=SOURCE, **extra)
        for code, what, frequency, extra in REQUIREMENTS if what not in have
    ])


def unload(Category, DisclosureRequirement):
    DisclosureRequirement.objects.filter(owner__isnull=True).delete()
    Category.objects.filter(owner__isnull=True).delete()
