"""Web forms for activities. Forms collect raw text; ``activities.actions`` validates it and its
``ActionError`` messages go back onto the fields."""
from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.errors import ActionError
from gonghui.core.pickers import PickerField
from gonghui.members import pickers as member_pickers
from gonghui.members.models import Sex, Status

from .models import DEFAULT_CHECKIN_OPENS_BEFORE, Kind, Notice

DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
REQUIRED = {"required": _("不能为空")}
RULE_FIELDS = ["rule_sex", "rule_age_min", "rule_age_min_inclusive", "rule_age_max", "rule_age_max_inclusive",
               "rule_orgs", "rule_statuses", "rule_list"]


class EventForm(forms.Form):
    title = forms.CharField(label=_("活动名称"), max_length=100, error_messages=REQUIRED)
    kind = forms.ChoiceField(label=_("活动类型"), choices=Kind.choices)
    organiser = forms.ChoiceField(label=_("主办组织"))
    starts_at = forms.CharField(label=_("开始时间"), widget=DT, error_messages=REQUIRED)
    ends_at = forms.CharField(label=_("结束时间"), widget=DT, required=False,
                              help_text=_("留空时，签到截至活动当天24:00"))
    place = forms.CharField(label=_("地点"), max_length=100, error_messages=REQUIRED)
    capacity = forms.CharField(label=_("名额"), required=False, help_text=_("留空表示不限；报满后自动进入候补名单"),
                               widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    signup_opens = forms.CharField(label=_("报名开始"), required=False, widget=DT, help_text=_("留空表示发布即可报名"))
    signup_closes = forms.CharField(label=_("报名截止"), required=False, widget=DT)
    budget = forms.CharField(label=_("预算（元）"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    budget_account = PickerField("account", label=_("预算科目"), required=False, params={"prefix": "5"},
                                 help_text=_("输入科目名称、拼音或代码，如“文体活动”或 50102"))
    description = forms.CharField(label=_("活动说明"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    team_min_size = forms.CharField(label=_("每队最少人数"), required=False)
    team_max_size = forms.CharField(label=_("每队最多人数"), required=False)
    team_min_women = forms.CharField(label=_("每队至少女职工"), required=False, help_text=_("如“每队10名，至少女职工2名”"))
    checkin_opens_before = forms.CharField(
        label=_("提前开始签到（分钟）"), required=False, initial=DEFAULT_CHECKIN_OPENS_BEFORE,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("默认120，即开始前2小时起可以签到"))
    checkin_closes_after = forms.CharField(
        label=_("结束后仍可签到（分钟）"), required=False, initial=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("默认0，即签到到活动结束为止；之后到场的由工作人员补录迟到"))
    rule_sex = forms.ChoiceField(label=_("性别"), required=False,
                                 choices=[("", _("不限")), (Sex.MALE, _("男职工")), (Sex.FEMALE, _("女职工"))])
    rule_age_min = forms.CharField(label=_("年龄下限（周岁）"), required=False)
    rule_age_min_inclusive = forms.BooleanField(label=_("含下限（如“51周岁(含)以上”）"), required=False, initial=True)
    rule_age_max = forms.CharField(label=_("年龄上限（周岁）"), required=False)
    rule_age_max_inclusive = forms.BooleanField(label=_("含上限"), required=False, initial=True)
    rule_orgs = forms.MultipleChoiceField(label=_("限部门/小组"), required=False,
                                          widget=forms.SelectMultiple(attrs={"size": 5}))
    rule_statuses = forms.MultipleChoiceField(label=_("会籍状态"), required=False,
                                              choices=[(Status.ACTIVE, _(Status.ACTIVE.label)),
                                                       (Status.RETAINED, _(Status.RETAINED.label))],
                                              help_text=_("不选：仅在籍会员"), widget=forms.CheckboxSelectMultiple)
    rule_list = forms.CharField(label=_("指定名单"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=_("每行一人：姓名、拼音或会员编号；同名的写成“姓名（会员编号）”"))

    def __init__(self, *args, organisers=(), departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].choices = [(o.code, o.label) for o in organisers]
        self.fields["rule_orgs"].choices = [(o.code, o.label) for o in departments]

    def event_fields(self):
        return [f for f in self.visible_fields() if f.name not in RULE_FIELDS]

    def rule_fields(self):
        return [self[n] for n in RULE_FIELDS]

    def data_dict(self):
        return {k: v for k, v in self.cleaned_data.items() if k not in RULE_FIELDS and k != "organiser"}

    def rules(self, union, user):
        """The eligibility rules as the action takes them; the named list (names, pinyin or member numbers)
        resolved within ``union`` in ``user``'s scope (``members.pickers.resolve_many``)."""
        d = self.cleaned_data
        rules = []
        if d.get("rule_sex"):
            rules.append({"kind": "sex", "sex": d["rule_sex"]})
        if (d.get("rule_age_min") or "").strip() or (d.get("rule_age_max") or "").strip():
            rules.append({"kind": "age", "age_min": d.get("rule_age_min"), "age_max": d.get("rule_age_max"),
                          "age_min_inclusive": d.get("rule_age_min_inclusive"),
                          "age_max_inclusive": d.get("rule_age_max_inclusive")})
        rules += [{"kind": "org", "org": code} for code in d.get("rule_orgs") or []]
        rules += [{"kind": "status", "status": s} for s in d.get("rule_statuses") or []]
        if (d.get("rule_list") or "").strip():
            try:
                found = member_pickers.resolve_many(user, d["rule_list"], field="rule_list", union=union)
            except ActionError as exc:
                for message in exc.message_dict.get("rule_list", []):
                    self.add_error("rule_list", message)
                return None
            rules.append({"kind": "list", "members": [m.pk for m in found]})
        return rules


def initial_from(event):
    from django.utils import timezone

    def dt(v):
        return timezone.localtime(v).strftime("%Y-%m-%dT%H:%M") if v else ""

    data = {"title": event.title, "kind": event.kind, "organiser": event.organiser.code,
            "starts_at": dt(event.starts_at), "ends_at": dt(event.ends_at), "place": event.place,
            "capacity": event.capacity or "", "signup_opens": dt(event.signup_opens),
            "signup_closes": dt(event.signup_closes), "budget": event.budget or "",
            "budget_account": event.budget_account, "description": event.description,
            "team_min_size": event.team_min_size or "", "team_max_size": event.team_max_size or "",
            "team_min_women": event.team_min_women if event.team_min_women is not None else "",
            "checkin_opens_before": event.checkin_opens_before, "checkin_closes_after": event.checkin_closes_after,
            "rule_age_min_inclusive": True, "rule_age_max_inclusive": True}
    orgs, statuses, listed = [], [], []
    for r in event.rules.all():
        if r.kind == "sex":
            data["rule_sex"] = r.sex
        elif r.kind == "age":
            data.update(rule_age_min=r.age_min or "", rule_age_max=r.age_max or "",
                        rule_age_min_inclusive=r.age_min_inclusive, rule_age_max_inclusive=r.age_max_inclusive)
        elif r.kind == "org":
            orgs.append(r.org.code)
        elif r.kind == "status":
            statuses.append(r.status)
        elif r.kind == "list":
            listed += [member_pickers.value(m) for m in r.members.all()]
    data.update(rule_orgs=orgs, rule_statuses=statuses, rule_list="\n".join(listed))
    return data


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=100, error_messages=REQUIRED)
    body = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 3}), error_messages=REQUIRED)
    audience = forms.ChoiceField(label=_("发送对象"), choices=Notice.Audience.choices, initial=Notice.Audience.ALL)


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("照片"), error_messages=REQUIRED,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}))
    caption = forms.CharField(label=_("说明"), max_length=100, required=False)


class SummaryForm(forms.Form):
    summary = forms.CharField(label=_("简报正文"), required=False, widget=forms.Textarea(attrs={"rows": 10}))


COST_ITEMS = [_("场地费"), _("服装"), _("餐费"), _("交通"), _("观影票"), _("纪念品"), _("门票")]


def _cost_kinds():
    from gonghui.spending.catalogue import EXPENSE_KINDS

    from .actions import COST_KINDS

    return [(k, EXPENSE_KINDS[k].label) for k in COST_KINDS]


class CostForm(forms.Form):
    kind = forms.ChoiceField(label=_("开支类型"), choices=_cost_kinds,
                             help_text=_("按开支规则分类：春秋游每人每天、文化衫和观影每人每年都有上限"))
    item = forms.CharField(label=_("开支项目"), max_length=60, error_messages=REQUIRED,
                           widget=forms.TextInput(attrs={"list": "cost-items"}),
                           help_text=_("如场地费、服装、餐费、交通、观影票、纪念品"))
    amount_per_person = forms.CharField(label=_("每人金额（元）"), error_messages=REQUIRED,
                                        widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    members = forms.ChoiceField(label=_("发放对象"), initial="attendees",
                                choices=[("attendees", _("已签到的会员")), ("confirmed", _("已确认报名的会员"))])
    date = forms.DateField(label=_("日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                           help_text=_("留空为活动当天"))
    description = forms.CharField(label=_("说明"), max_length=100, required=False)
    override_reason = forms.CharField(label=_("突破规则的理由"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}),
                                      help_text=_("仅工会主席填写：超出开支标准仍须发放时写明理由"))
    submit_if_breached = forms.BooleanField(label=_("超出开支标准时提交工会主席审批"), required=False)
