"""The home page and the audit pages, under the ``core`` namespace they have always had, which also
holds the core's own pages (jobs, language): one namespace for the site's own pages."""
from django.urls import path

from gonghui.core.urls import urlpatterns as core_urlpatterns

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_org, name="audit"),
    path("audit/<str:object_type>/<int:object_id>/", views.audit_object, name="audit_object"),
    *core_urlpatterns,
]
