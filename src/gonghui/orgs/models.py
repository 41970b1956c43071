"""The organisation tree: federations, grassroots unions, branch unions and groups.

The tree is a materialised path: every node's ``path`` is its parent's path plus a 4-character step,
so a subtree at any depth is one range scan on an indexed column (``path >= p AND path < p || '~'``)
and tree order is ``ORDER BY path``.
"""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import AliveManager, AliveQuerySet, SoftDeleteModel
from gonghui.core.scope import ScopedQuerySet
from gonghui.core.tree import ALPHABET, PATH_END, STEP, ancestor_paths, step_code  # noqa: F401 — the tree's names

class Kind(models.TextChoices):
    NATIONAL = "national", "全国总工会"
    PROVINCE = "province", "省级总工会"
    CITY = "city", "市级总工会"
    COUNTY = "county", "县区总工会"
    TOWN = "town", "乡镇街道总工会"
    GRASSROOTS = "grassroots", "基层工会"
    BRANCH = "branch", "分工会"
    GROUP = "group", "工会小组"


FEDERATION_KINDS = {Kind.NATIONAL, Kind.PROVINCE, Kind.CITY, Kind.COUNTY, Kind.TOWN}
MEMBER_HOLDING_KINDS = {Kind.GRASSROOTS, Kind.BRANCH, Kind.GROUP}

# Which kinds may sit directly under which.
ALLOWED_CHILDREN = {
    None: {Kind.NATIONAL, Kind.PROVINCE, Kind.CITY, Kind.COUNTY},
    Kind.NATIONAL: {Kind.PROVINCE},
    Kind.PROVINCE: {Kind.CITY, Kind.GRASSROOTS},
    Kind.CITY: {Kind.COUNTY, Kind.GRASSROOTS},
    Kind.COUNTY: {Kind.TOWN, Kind.GRASSROOTS},
    Kind.TOWN: {Kind.GRASSROOTS},
    Kind.GRASSROOTS: {Kind.BRANCH, Kind.GROUP},
    Kind.BRANCH: {Kind.GROUP},
    Kind.GROUP: set(),
}


class UnionType(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    SCHOOL = "school", "学校"
    AGENCY = "agency", "机关"
    INSTITUTION = "institution", "事业单位"
    SOCIAL = "social", "社会组织"
    JOINT = "joint", "联合工会"
    INDUSTRY = "industry", "行业工会"


class OrganisationQuerySet(ScopedQuerySet, AliveQuerySet):
    def subtree(self, org_or_path, include_self=True):
        path = org_or_path if isinstance(org_or_path, str) else org_or_path.path
        qs = self.filter(path__gte=path, path__lt=path + PATH_END)
        return qs if include_self else qs.exclude(path=path)

    def under_any(self, paths):
        """Nodes inside any of the given subtrees (one indexed range per path)."""
        cond = Q(pk__in=[])
        for p in paths:
            cond |= Q(path__gte=p, path__lt=p + PATH_END)
        return self.filter(cond)

    def tree_order(self):
        return self.order_by("path")


class Organisation(SoftDeleteModel):
    FEDERATION_KINDS = FEDERATION_KINDS  # for the scope layer, which reads the model by name (core.scope)

    code = models.CharField(_("组织代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("层级"), max_length=16, choices=Kind.choices)
    union_type = models.CharField(_("基层工会类型"), max_length=16, choices=UnionType.choices, blank=True)
    parent = models.ForeignKey("self", verbose_name=_("上级组织"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    union = models.ForeignKey("self", verbose_name=_("所属基层工会"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              help_text=_("分工会和小组所属的基层工会；基层工会指向自身"))
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False)
    next_child = models.PositiveIntegerField(default=0, editable=False)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    chair_name = models.CharField(_("主席"), max_length=50, blank=True)
    legal_cert_no = models.CharField(_("法人资格证书号"), max_length=50, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    employee_count = models.PositiveIntegerField(_("职工人数"), null=True, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    objects = AliveManager.from_queryset(OrganisationQuerySet)()
    all_objects = models.Manager.from_queryset(OrganisationQuerySet)()

    scope_org = ""  # scope is the node's own path

    class Meta:
        verbose_name = verbose_name_plural = _("组织")
        ordering = ["path"]

    def __str__(self):
        return self.name

    @property
    def kind_label(self):
        if self.kind == Kind.GRASSROOTS and self.union_type:
            return f"基层工会（{self.get_union_type_display()}）"
        return self.get_kind_display()

    @property
    def is_federation(self):
        return self.kind in FEDERATION_KINDS

    @property
    def holds_members(self):
        return self.kind in MEMBER_HOLDING_KINDS

    def ancestor_paths(self, include_self=True) -> list[str]:
        """Paths of the organisations above this one, root first, and its own path last (unless
        ``include_self`` is false): what "this organisation or a federation above it" matches."""
        return ancestor_paths(self.path, include_self)

    def ancestors(self):
        return Organisation.objects.filter(path__in=self.ancestor_paths(include_self=False)).order_by("path")

    def descendants(self, include_self=True):
        return Organisation.objects.subtree(self, include_self=include_self)

    def is_within(self, other) -> bool:
        return self.path.startswith(other.path)
