from django.urls import path

from . import views

app_name = "care"
urlpatterns = [
    path("", views.home, name="home"),
    path("reminders/", views.reminders_page, name="reminders"),
    path("figures/", views.figures, name="figures"),
    path("visits/", views.visits, name="visits"),
    path("visits/new/", views.visit_new, name="visit_new"),
    path("visits/<int:pk>/", views.visit_detail, name="visit"),
    path("visits/<int:pk>/delete/", views.visit_delete, name="visit_delete"),
    path("visits/<int:pk>/answer/", views.visit_answer, name="visit_answer"),
    path("occasions/", views.occasions_page, name="occasions"),
    path("poverty-lines/", views.poverty_lines, name="poverty_lines"),
    path("hardship/", views.files, name="files"),
    path("hardship/new/", views.file_new, name="file_new"),
    path("hardship/<int:pk>/", views.file_detail, name="file"),
    path("hardship/<int:pk>/evidence/", views.file_evidence, name="file_evidence"),
    path("hardship/<int:pk>/submit/", views.file_submit, name="file_submit"),
    path("hardship/<int:pk>/reverify/", views.file_reverify, name="file_reverify"),
    path("hardship/<int:pk>/help/", views.file_help, name="file_help"),
    path("hardship/<int:pk>/exit/", views.file_exit, name="file_exit"),
    path("hardship-evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("hardship-help/<int:pk>/answer/", views.help_answer, name="help_answer"),
    path("greetings/", views.greetings, name="greetings"),
    path("greetings/festival/", views.festival_new, name="festival_new"),
    path("greetings/birthdays/", views.birthdays, name="birthdays"),
    path("greetings/<int:pk>/", views.greeting_detail, name="greeting"),
    path("greeting-rows/<int:pk>/sign/", views.row_sign, name="row_sign"),
    path("members/<int:member_id>/", views.member_history, name="member"),
    path("surveys/", views.surveys, name="surveys"),
    path("my/", views.my, name="my"),
]
