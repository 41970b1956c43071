from django.urls import path

from . import views

app_name = "finaudit"
urlpatterns = [
    path("", views.home, name="home"),
]
