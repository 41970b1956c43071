from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.plan_new, name="new"),
    path("import/", views.import_plan, name="import"),
    path("import/preview/", views.import_preview, name="import_preview"),
    path("report/", views.report, name="report"),
    path("metrics/", views.metric_list, name="metrics"),
    path("<int:plan_id>/", views.plan_detail, name="plan"),
    path("<int:plan_id>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:plan_id>/status/", views.plan_status, name="plan_status"),
    path("<int:plan_id>/delete/", views.plan_delete, name="plan_delete"),
    path("<int:plan_id>/restore/", views.plan_restore, name="plan_restore"),
    path("<int:plan_id>/plan.docx", views.plan_docx, name="plan_docx"),
    path("<int:plan_id>/sections/new/", views.section_new, name="section_new"),
    path("<int:plan_id>/tasks/new/", views.task_new, name="task_new"),
    path("<int:plan_id>/targets/new/", views.target_new, name="target_new"),
    path("<int:plan_id>/summaries/new/", views.summary_new, name="summary_new"),
    path("sections/<int:plan_section_id>/", views.section_edit, name="section"),
    path("sections/<int:plan_section_id>/delete/", views.section_delete, name="section_delete"),
    path("tasks/<int:plan_task_id>/", views.task_detail, name="task"),
    path("tasks/<int:plan_task_id>/status/", views.task_status, name="task_status"),
    path("tasks/<int:plan_task_id>/delete/", views.task_delete, name="task_delete"),
    path("tasks/<int:plan_task_id>/links/", views.task_link, name="task_link"),
    path("links/<int:plan_link_id>/delete/", views.link_delete, name="link_delete"),
    path("targets/<int:plan_target_id>/", views.target_edit, name="target"),
    path("targets/<int:plan_target_id>/delete/", views.target_delete, name="target_delete"),
    path("summaries/<int:plan_summary_id>/", views.summary_detail, name="summary"),
    path("summaries/<int:plan_summary_id>/finalize/", views.summary_finalize, name="summary_finalize"),
    path("summaries/<int:plan_summary_id>/summary.docx", views.summary_docx, name="summary_docx"),
]
