from django.urls import path

from . import views

app_name = "mediation"
urlpatterns = [
    path("", views.home, name="home"),
    path("committee/", views.committee_edit, name="committee_edit"),
    path("committees/<int:pk>/", views.committee_detail, name="committee"),
    path("cases/", views.cases, name="cases"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/accept/", views.case_accept, name="case_accept"),
    path("cases/<int:pk>/refuse/", views.case_refuse, name="case_refuse"),
    path("cases/<int:pk>/sessions/", views.case_session, name="case_session"),
    path("cases/<int:pk>/close/", views.case_close, name="case_close"),
    path("cases/<int:pk>/performance/", views.case_performance, name="case_performance"),
    path("cases/<int:pk>/delete/", views.case_delete, name="case_delete"),
    path("cases/<int:pk>/agreement.docx", views.case_agreement, name="case_agreement"),
    path("figures/", views.figures, name="figures"),
]
