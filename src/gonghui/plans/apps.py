from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class PlansConfig(AppConfig):
    name = "gonghui.plans"
    label = "plans"
    verbose_name = "工作计划"
    # VIEW: federation officers read their unions' plans and the roll-up; MANAGE_PLANS edits.
    menu = (pgettext_lazy("菜单", "工作计划"), "plans:home", "/plans/", "view")
