from django.urls import path

from . import crossviews, rollup_views, stats_views, views

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
    path("stats/", stats_views.stats_page, name="stats"),
    path("stats/submit/", stats_views.stats_submit, name="stats_submit"),
    path("stats/final/", stats_views.stats_final, name="stats_final"),
    path("stats/export/", stats_views.stats_export, name="stats_export"),
    path("transfers/", crossviews.transfers, name="transfers"),
    path("pushdowns/", crossviews.pushdown_list, name="pushdowns"),
    path("pushdowns/new/", crossviews.pushdown_new, name="pushdown_new"),
    path("pushdowns/<int:pk>/", crossviews.pushdown_detail, name="pushdown"),
    path("pushdowns/<int:pk>/remind/", crossviews.pushdown_remind, name="pushdown_remind"),
    path("pushdowns/<int:pk>/withdraw/", crossviews.pushdown_withdraw, name="pushdown_withdraw"),
    path("pushdowns/<int:pk>/file/", crossviews.pushdown_file, name="pushdown_file"),
    path("received/", crossviews.received, name="received"),
    path("received/<int:pk>/", crossviews.received_detail, name="received_detail"),
    path("received/<int:pk>/file/", crossviews.received_file, name="received_file"),
    path("received/<int:pk>/reply-file/", crossviews.response_file, name="response_file"),
    path("rollups/", rollup_views.index, name="rollups"),
    path("rollups/<slug:area>/", rollup_views.area, name="rollup"),
]
