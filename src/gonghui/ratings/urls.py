from django.urls import path

from . import views

app_name = "ratings"
urlpatterns = [
    path("", views.home, name="home"),
    path("schemes/new/", views.scheme_edit, name="scheme_new"),
    path("schemes/preset/", views.scheme_preset, name="scheme_preset"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme"),
    path("schemes/<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("schemes/<int:pk>/publish/", views.scheme_publish, name="scheme_publish"),
    path("schemes/<int:pk>/delete/", views.scheme_delete, name="scheme_delete"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/self/", views.assessment_self, name="assessment_self"),
    path("assessments/<int:pk>/review/", views.assessment_review, name="assessment_review"),
    path("assessments/<int:pk>/return/", views.assessment_return, name="assessment_return"),
    path("assessments/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("history/", views.history, name="history"),
]
