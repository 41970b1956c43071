from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.overview, name="home"),
    path("coverage/", views.overview, name="coverage"),
    path("list/", views.notice_list, name="list"),
    path("list.xlsx", views.notice_export, name="export"),
    path("new/", views.notice_new, name="new"),
    path("mine/", views.mine, name="mine"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/edit/", views.notice_edit, name="edit"),
    path("notices/<int:pk>/publish/", views.notice_publish, name="publish"),
    path("notices/<int:pk>/withdraw/", views.notice_withdraw, name="withdraw"),
    path("notices/<int:pk>/delete/", views.notice_delete, name="delete"),
    path("notices/<int:pk>/pdf/", views.notice_pdf, name="pdf"),
    path("notices/<int:pk>/attachment/", views.notice_attachment, name="attachment"),
    path("notices/<int:pk>/read/", views.notice_read, name="read"),
    path("notices/<int:pk>/sign/", views.notice_sign, name="sign"),
    path("notices/<int:pk>/object/", views.notice_object, name="object"),
    path("notice-objections/", views.objections, name="objections"),
    path("notice-objections/<int:pk>/", views.objection_detail, name="objection"),
    path("disclosure-requirements/", views.requirements, name="requirements"),
    path("disclosure-requirements/<int:pk>/delete/", views.requirement_delete, name="requirement_delete"),
    path("disclosure-events/", views.events, name="events"),
    path("disclosure-events/<int:pk>/delete/", views.event_delete, name="event_delete"),
]
