"""The core's own pages (background jobs, language). They are served in the ``core`` namespace by
``overview.urls``, next to the home and audit pages."""
from django.urls import include, path

from . import health, pickers, views

app_name = "core"
urlpatterns = [
    path("jobs/<int:pk>/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("pick/<slug:kind_name>/", pickers.lookup, name="pick"),
    path("jobs/<int:pk>/export/", views.export_job, name="export_job"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", health.health, name="health"),
]
