from django.urls import path

from . import views

app_name = "spending"
urlpatterns = [
    path("", views.rule_sets, name="rule_sets"),
    path("sets/<int:pk>/", views.rule_set_detail, name="rule_set"),
    path("sets/<int:pk>/delete/", views.rule_set_delete, name="rule_set_delete"),
    path("orgs/<str:code>/", views.effective, name="effective"),
    path("orgs/<str:code>/adjust/", views.adjust, name="adjust"),
    path("orgs/<str:code>/choose/", views.choose, name="choose"),
    path("expenses/", views.expenses, name="expenses"),
    path("expenses/new/", views.expense_new, name="expense_new"),
    path("expenses/<int:pk>/", views.expense_detail, name="expense"),
    path("expenses/<int:pk>/override/", views.expense_override, name="expense_override"),
    path("expenses/<int:pk>/reject/", views.expense_reject, name="expense_reject"),
    path("members/<int:member_id>/benefits/", views.member_benefits, name="member_benefits"),
]
