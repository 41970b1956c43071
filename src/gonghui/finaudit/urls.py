from django.urls import path

from . import views

app_name = "finaudit"
urlpatterns = [
    path("", views.home, name="home"),
    # 经审
    path("audit-reviews/", views.review_list, name="reviews"),
    path("audit-reviews/new/", views.review_create, name="review_create"),
    path("audit-reviews/<int:pk>/", views.review_detail, name="review"),
    path("audit-reviews/<int:pk>/findings/", views.finding_create, name="finding_create"),
    path("audit-reviews/<int:pk>/sign/", views.review_sign, name="review_sign"),
    path("audit-findings/<int:pk>/rectify/", views.finding_rectify, name="finding_rectify"),
    path("audit-findings/<int:pk>/verify/", views.finding_verify, name="finding_verify"),
    path("audit-reviews/annual-report.docx", views.annual_report_docx, name="annual_report_docx"),
    path("audit-reviews/annual-report.pdf", views.annual_report_pdf, name="annual_report_pdf"),
    # 财务公开
    path("disclosure/", views.disclosure_list, name="disclosures"),
    path("disclosure/new/", views.disclosure_create, name="disclosure_create"),
    path("disclosure/settings/", views.disclosure_settings, name="disclosure_settings"),
    path("disclosure/<int:pk>/", views.disclosure_detail, name="disclosure"),
    path("disclosure/<int:pk>/edit/", views.disclosure_edit, name="disclosure_edit"),
    path("disclosure/<int:pk>/publish/", views.disclosure_publish, name="disclosure_publish"),
    path("disclosure/<int:pk>/delete/", views.disclosure_delete, name="disclosure_delete"),
    path("disclosure/<int:pk>/pdf/", views.disclosure_pdf, name="disclosure_pdf"),
    # 报表
    path("reports/monthly.xlsx", views.report_monthly_xlsx, name="report_monthly_xlsx"),
    path("reports/monthly.pdf", views.report_monthly_pdf, name="report_monthly_pdf"),
    path("reports/categories.xlsx", views.report_categories_xlsx, name="report_categories_xlsx"),
    path("reports/categories.pdf", views.report_categories_pdf, name="report_categories_pdf"),
]
