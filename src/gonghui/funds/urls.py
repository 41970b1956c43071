from django.urls import path

from . import views

app_name = "funds"
urlpatterns = [
    path("", views.index, name="index"),
    path("allocations/register.xlsx", views.register_xlsx, name="register_xlsx"),
    path("allocations/register.pdf", views.register_pdf, name="register_pdf"),
    path("allocations/new/", views.allocation_new, name="allocation_new"),
    path("allocations/<int:pk>/", views.allocation_detail, name="allocation"),
    path("allocations/<int:pk>/receive/", views.allocation_receive, name="allocation_receive"),
    path("allocations/<int:pk>/remit/", views.allocation_remit, name="allocation_remit"),
    path("allocations/<int:pk>/refund/", views.allocation_refund, name="allocation_refund"),
    path("allocations/<int:pk>/void/", views.allocation_void, name="allocation_void"),
    path("rates/", views.rates, name="rates"),
    path("splits/", views.splits, name="splits"),
    path("splits/new/", views.split_new, name="split_new"),
    path("splits/<int:pk>/", views.split_detail, name="split"),
    path("splits/<int:pk>/delete/", views.split_delete, name="split_delete"),
    path("reserves/", views.reserves, name="reserves"),
    path("reserves/<int:pk>/return/", views.reserve_return, name="reserve_return"),
    path("budgets/", views.budgets, name="budgets"),
    path("budgets/new/", views.budget_new, name="budget_new"),
    path("budgets/<int:pk>/", views.budget_detail, name="budget"),
    path("budgets/<int:pk>/edit/", views.budget_edit, name="budget_edit"),
    path("budgets/<int:pk>/submit/", views.budget_submit, name="budget_submit"),
    path("budgets/<int:pk>/approve/", views.budget_approve, name="budget_approve"),
    path("budgets/<int:pk>/return/", views.budget_return, name="budget_return"),
    path("budgets/<int:pk>/execution.xlsx", views.budget_xlsx, name="budget_xlsx"),
    path("budgets/<int:pk>/execution.pdf", views.budget_pdf, name="budget_pdf"),
]
