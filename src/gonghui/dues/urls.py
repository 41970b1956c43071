from django.urls import path

from . import views

app_name = "dues"
urlpatterns = [
    path("", views.home, name="home"),
    path("run/", views.run, name="run"),
    path("run-all/", views.run_all, name="run_all"),
    path("run-all/jobs/<int:pk>/", views.run_job, name="run_job"),
    path("rolls/<int:pk>/", views.roll_detail, name="roll"),
    path("rolls/<int:pk>/finalize/", views.roll_finalize, name="finalize"),
    path("import/", views.import_batch, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("arrears/", views.arrears, name="arrears"),
    path("arrears/remind/", views.remind, name="remind"),
    path("lapsed/", views.lapsed, name="lapsed"),
    path("exemptions/", views.exemptions, name="exemptions"),
    path("exemptions/<int:pk>/revoke/", views.exemption_revoke, name="exemption_revoke"),
    path("policy/", views.policy, name="policy"),
    path("wages/", views.wages, name="wages"),
    path("remittances/", views.remittances, name="remittances"),
    path("collection/", views.collection, name="collection"),
    path("mine/", views.mine, name="mine"),
]
