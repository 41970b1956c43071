from django.urls import path

from . import views

app_name = "ops"
urlpatterns = [
    path("jobs/", views.job_list, name="jobs"),
    path("jobs/<int:pk>/retry/", views.job_retry, name="job_retry"),
]
