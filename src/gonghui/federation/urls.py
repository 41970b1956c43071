from django.urls import path

from . import rollup_views, views

app_name = "federation"
urlpatterns = [
    path("", views.home, name="home"),
    path("employers/", views.employers, name="employers"),
    path("employers/new/", views.employer_new, name="employer_new"),
    path("employers/export/", views.employers_export, name="employers_export"),
    path("employers/template.xlsx", views.import_template, name="import_template"),
    path("employers/import/", views.import_employers, name="import"),
    path("employers/import/<int:pk>/", views.import_job, name="import_job"),
    path("employers/<int:pk>/", views.employer_detail, name="employer"),
    path("employers/<int:pk>/edit/", views.employer_edit, name="employer_edit"),
    path("employers/<int:pk>/link/", views.employer_link, name="employer_link"),
    path("employers/<int:pk>/found/", views.employer_found, name="employer_found"),
    path("employers/<int:pk>/delete/", views.employer_delete, name="employer_delete"),
    path("employers/<int:pk>/restore/", views.employer_restore, name="employer_restore"),
    path("settings/", views.settings_page, name="settings"),
    path("rollups/", rollup_views.index, name="rollups"),
    path("rollups/<slug:area>/", rollup_views.area, name="rollup"),
]
