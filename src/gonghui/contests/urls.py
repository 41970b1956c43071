from django.urls import path

from . import views

app_name = "contests"
urlpatterns = [
    path("", views.home, name="home"),
    path("my/", views.my, name="my"),
    path("events/<int:event_id>/", views.event_detail, name="event"),
    path("events/<int:event_id>/items/new/", views.item_new, name="item_new"),
    path("events/<int:event_id>/publish/", views.publish, name="publish"),
    path("events/<int:event_id>/results.xlsx", views.event_results_xlsx, name="event_results_xlsx"),
    path("items/<int:contest_id>/", views.item_detail, name="item"),
    path("items/<int:contest_id>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:contest_id>/delete/", views.item_delete, name="item_delete"),
    path("items/<int:contest_id>/restore/", views.item_restore, name="item_restore"),
    path("items/<int:contest_id>/scores/", views.scores, name="scores"),
    path("items/<int:contest_id>/sheet.xlsx", views.sheet_download, name="sheet"),
    path("items/<int:contest_id>/sheet/", views.sheet_upload, name="sheet_upload"),
    path("items/<int:contest_id>/sheet/<int:job_id>/", views.sheet_job, name="sheet_job"),
    path("items/<int:contest_id>/prizes/", views.prizes, name="prizes"),
    path("items/<int:contest_id>/confirm/", views.confirm, name="confirm"),
    path("items/<int:contest_id>/certificates.pdf", views.certificates, name="certificates"),
    path("awards/<int:contest_award_id>/certificate.pdf", views.certificate, name="certificate"),
    path("scores/<int:contest_score_id>/correct/", views.correct, name="correct"),
    path("results/", views.results, name="results"),
    path("results/<int:contest_result_id>/", views.result, name="result"),
    path("results/<int:contest_result_id>/export.xlsx", views.result_xlsx, name="result_xlsx"),
    path("results/<int:contest_result_id>/withdraw/", views.result_withdraw, name="result_withdraw"),
]
