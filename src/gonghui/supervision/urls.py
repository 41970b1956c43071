from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.home, name="home"),
    path("figures/", views.figures, name="figures"),
    path("committee/", views.committee_save, name="committee_save"),
    path("committees/<int:committee_id>/", views.committee_detail, name="committee"),
    path("committees/<int:committee_id>/supervisors/", views.supervisor_add, name="supervisor_add"),
    path("committees/<int:committee_id>/inspections/new/", views.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/opinion/", views.opinion_issue, name="opinion_issue"),
    path("inspections/<int:pk>/record.docx", views.inspection_docx, name="inspection_docx"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion"),
    path("opinions/<int:pk>/answer/", views.opinion_answer, name="opinion_answer"),
    path("opinions/<int:pk>/follow-up/", views.opinion_follow_up, name="opinion_follow_up"),
    path("opinions/<int:pk>/recommend/", views.opinion_recommend, name="opinion_recommend"),
    path("opinions/<int:pk>/decision/", views.recommendation_decision, name="recommendation_decision"),
    path("opinions/<int:pk>/opinion.docx", views.opinion_docx, name="opinion_docx"),
    path("opinions/<int:pk>/recommendation.docx", views.recommendation_docx, name="recommendation_docx"),
]
