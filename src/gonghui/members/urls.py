from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("export.xlsx", views.member_export, name="export"),
    path("new/", views.member_create, name="create"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/reveal/", views.member_reveal, name="reveal"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/move/", views.member_move, name="move"),
    path("<int:pk>/transfer/", views.member_transfer, name="transfer"),
    path("<int:pk>/retire/", views.member_retire, name="retire"),
    path("<int:pk>/terminate/", views.member_terminate, name="terminate"),
    path("<int:pk>/reinstate/", views.member_reinstate, name="reinstate"),
    path("<int:pk>/delete/", views.member_delete, name="delete"),
    path("<int:pk>/restore/", views.member_restore, name="restore"),
    path("<int:pk>/account/", views.member_account, name="account"),
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/<int:pk>/accept/", views.transfer_accept, name="transfer_accept"),
    path("transfers/<int:pk>/decline/", views.transfer_decline, name="transfer_decline"),
    path("transfers/<int:pk>/cancel/", views.transfer_cancel, name="transfer_cancel"),
    path("import/", views.import_members, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
]
