from django.apps import AppConfig
from django.utils.translation import gettext_lazy, pgettext_lazy


class SuggestionsConfig(AppConfig):
    name = "gonghui.suggestions"
    label = "suggestions"
    verbose_name = gettext_lazy("合理化建议")
    # core.capabilities.SUGGESTIONS: evaluators and the officers who follow suggestions through.
    menu = (pgettext_lazy("菜单", "合理化建议"), "suggestions:home", "/suggestions/", "suggestions")
    member_menu = (pgettext_lazy("菜单", "我的建议"), "suggestions:mine", "/suggestions/")
