from django.urls import path

from . import views

app_name = "safety"
urlpatterns = [
    path("", views.home, name="home"),
    path("my/", views.my, name="my"),
    path("report/", views.report, name="report"),
    path("hazards/", views.hazards, name="hazards"),
    path("hazards/<int:pk>/", views.hazard_detail, name="hazard"),
    path("hazards/<int:pk>/triage/", views.hazard_triage, name="hazard_triage"),
    path("hazards/<int:pk>/assign/", views.hazard_assign, name="hazard_assign"),
    path("hazards/<int:pk>/rectify/", views.hazard_rectify, name="hazard_rectify"),
    path("hazards/<int:pk>/verify/", views.hazard_verify, name="hazard_verify"),
    path("hazards/<int:pk>/close/", views.hazard_close, name="hazard_close"),
    path("hazards/<int:pk>/delete/", views.hazard_delete, name="hazard_delete"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("monitors/", views.monitors, name="monitors"),
    path("monitors/<int:pk>/end/", views.monitor_end, name="monitor_end"),
    path("competitions/", views.competitions, name="competitions"),
    path("competitions/<int:pk>/", views.competition_detail, name="competition"),
    path("competitions/<int:pk>/scores/", views.competition_scores, name="competition_scores"),
    path("competitions/<int:pk>/publish/", views.competition_publish, name="competition_publish"),
    path("trainings/", views.training_new, name="training_new"),
    path("figures/", views.figures, name="figures"),
]
