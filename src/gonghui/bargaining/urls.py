from django.urls import path

from . import views

app_name = "bargaining"
urlpatterns = [
    path("", views.home, name="home"),
    path("coverage/", views.coverage, name="coverage"),
    path("offers/new/", views.request_new, name="request_new"),
    path("offers/<int:pk>/", views.request_detail, name="request"),
    path("contracts/new/", views.contract_new, name="contract_new"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract"),
    path("contracts/<int:pk>/negotiators/", views.negotiator_add, name="negotiator_add"),
    path("contracts/<int:pk>/negotiators/<int:negotiator_id>/remove/", views.negotiator_remove,
         name="negotiator_remove"),
    path("contracts/<int:pk>/rounds/", views.round_add, name="round_add"),
    path("contracts/<int:pk>/drafts/", views.draft_add, name="draft_add"),
    path("contracts/<int:pk>/compare/", views.compare, name="compare"),
    path("contracts/<int:pk>/vote/", views.vote_link, name="vote"),
    path("contracts/<int:pk>/sign/", views.contract_sign, name="sign"),
    path("contracts/<int:pk>/file/", views.contract_file, name="file"),
    path("contracts/<int:pk>/objection/", views.contract_objection, name="objection"),
    path("contracts/<int:pk>/contract.docx", views.contract_docx, name="docx"),
]
