from django.urls import path

from . import views

app_name = "appeals"
urlpatterns = [
    path("", views.home, name="home"),
    path("stats/", views.stats, name="stats"),
    path("legal-aid/", views.legal_aid, name="legal_aid"),
    path("routing/", views.routing, name="routing"),
    path("escalate/", views.escalate_overdue, name="escalate_overdue"),
    path("cases/<int:pk>/", views.appeal_detail, name="appeal"),
    path("cases/<int:pk>/assign/", views.appeal_assign, name="assign"),
    path("cases/<int:pk>/escalate/", views.appeal_escalate, name="escalate"),
    path("case-files/<int:pk>/", views.attachment, name="attachment"),
    path("my/", views.my, name="my"),
    path("my/new/", views.submit, name="submit"),
    path("my/receipt/", views.receipt, name="receipt"),
    path("my-requests/<int:pk>/", views.mine, name="mine"),
]
