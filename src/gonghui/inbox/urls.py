from django.urls import path

from . import views

app_name = "inbox"
urlpatterns = [
    path("", views.home, name="home"),
    path("hub/", views.hub_page, name="hub"),
    path("badge/", views.badge, name="badge"),
    path("<str:source>/batch/", views.batch, name="batch"),
]
