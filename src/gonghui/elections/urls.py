from django.urls import path

from . import views

app_name = "elections"
urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.new, name="new"),
    path("mine/", views.mine, name="mine"),
    path("terms/", views.terms, name="terms"),
    path("election-terms/<int:pk>/delete/", views.term_delete, name="term_delete"),
    path("elections/<int:pk>/", views.detail, name="detail"),
    path("elections/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("elections/<int:pk>/delegates/", views.delegates, name="delegates"),
    path("elections/<int:pk>/approve-candidates/", views.approve_candidates, name="approve_candidates"),
    path("elections/<int:pk>/open/", views.open_voting, name="open_voting"),
    path("elections/<int:pk>/decide/", views.decide, name="decide"),
    path("elections/<int:pk>/approve-results/", views.approve_results, name="approve_results"),
    path("elections/<int:pk>/publish/", views.publish, name="publish"),
    path("elections/<int:pk>/delete/", views.delete, name="delete"),
    path("elections/<int:pk>/restore/", views.restore, name="restore"),
    path("elections/<int:pk>/vote/", views.vote, name="vote"),
    path("elections/<int:pk>/recount/", views.recount, name="recount"),
    path("elections/<int:pk>/report/", views.report, name="report"),
    path("elections/<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("election-rounds/<int:pk>/", views.round_page, name="round"),
    path("election-candidates/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("offices/", views.offices, name="offices"),
    path("removals/", views.removals, name="removals"),
    path("election-removals/<int:pk>/", views.removal_page, name="removal"),
    path("election-removals/<int:pk>/vote/", views.removal_vote, name="removal_vote"),
    path("election-removals/<int:pk>/report.docx", views.removal_docx, name="removal_docx"),
]
