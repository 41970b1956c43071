from django.urls import path

from . import views

app_name = "honours"
urlpatterns = [
    path("", views.home, name="home"),
    path("kinds/", views.kinds, name="kinds"),
    path("kinds/new/", views.kind_new, name="kind_new"),
    path("kinds/<int:honour_kind>/edit/", views.kind_edit, name="kind_edit"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:honour_round>/", views.round_detail, name="round"),
    path("rounds/<int:honour_round>/nominate/", views.nominate, name="nominate"),
    path("rounds/<int:honour_round>/nominations/<int:nomination_pk>/withdraw/", views.withdraw, name="withdraw"),
    path("rounds/<int:honour_round>/evaluators/", views.evaluators, name="evaluators"),
    path("rounds/<int:honour_round>/start/", views.start, name="start"),
    path("rounds/<int:honour_round>/scores/", views.scores, name="scores"),
    path("rounds/<int:honour_round>/vote/", views.vote, name="vote"),
    path("rounds/<int:honour_round>/publish/", views.publish, name="publish"),
    path("rounds/<int:honour_round>/objections/new/", views.objection, name="objection"),
    path("rounds/<int:honour_round>/objections/<int:objection_pk>/answer/", views.answer, name="answer"),
    path("rounds/<int:honour_round>/final/", views.final, name="final"),
    path("rounds/<int:honour_round>/delete/", views.delete, name="delete"),
    path("rounds/<int:honour_round>/self-nominate/", views.nominate_self, name="nominate_self"),
    path("rounds/<int:honour_round>/object/", views.member_objection, name="member_objection"),
    path("nominations/<int:nomination_pk>/endorse/", views.endorse, name="endorse"),
    path("nominations/<int:nomination_pk>/certificate.pdf", views.certificate, name="certificate"),
    path("members/<int:member_pk>/", views.member_honours, name="member"),
    path("orgs/<str:code>/", views.org_honours, name="org"),
    path("sanctions/", views.sanctions, name="sanctions"),
    path("sanctions/new/", views.sanction_new, name="sanction_new"),
    path("sanctions/<int:sanction_pk>/delete/", views.sanction_delete, name="sanction_delete"),
    path("figures/", views.figures, name="figures"),
    path("mine/", views.mine, name="mine"),
]
