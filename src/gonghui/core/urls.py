from django.urls import include, path

from . import pickers, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_org, name="audit"),
    path("audit/<str:object_type>/<int:object_id>/", views.audit_object, name="audit_object"),
    path("jobs/<int:pk>/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("pick/<slug:kind_name>/", pickers.lookup, name="pick"),
    path("i18n/", include("django.conf.urls.i18n")),
]
