from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("", views.home, name="home"),
    path("periods/close/", views.period_close, name="period_close"),
    path("periods/reopen/", views.period_reopen, name="period_reopen"),
    path("accounts/", views.chart, name="accounts"),
    path("vouchers/", views.voucher_list, name="vouchers"),
    path("vouchers/new/", views.voucher_create, name="voucher_create"),
    path("vouchers/<int:pk>/", views.voucher_detail, name="voucher"),
    path("vouchers/<int:pk>/edit/", views.voucher_edit, name="voucher_edit"),
    path("vouchers/<int:pk>/review/", views.voucher_review, name="voucher_review"),
    path("vouchers/<int:pk>/approve/", views.voucher_approve, name="voucher_approve"),
    path("vouchers/<int:pk>/post/", views.voucher_post, name="voucher_post"),
    path("vouchers/<int:pk>/return/", views.voucher_return, name="voucher_return"),
    path("vouchers/<int:pk>/reverse/", views.voucher_reverse, name="voucher_reverse"),
    path("vouchers/<int:pk>/delete/", views.voucher_delete, name="voucher_delete"),
    path("vouchers/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("trial-balance/", views.trial_balance, name="trial_balance"),
    path("income-statement/", views.income_statement, name="income_statement"),
    path("balance-sheet/", views.balance_sheet, name="balance_sheet"),
    path("general-ledger/", views.general_ledger, name="general_ledger"),
    path("subsidiary-ledger/", views.subsidiary_ledger, name="subsidiary_ledger"),
]
