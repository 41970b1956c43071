from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.event_new, name="new"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar.ics", views.calendar_ics, name="calendar_ics"),
    path("participation/", views.participation, name="participation"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:event_id>/", views.my_event, name="my_event"),
    path("<int:event_id>/", views.event_detail, name="detail"),
    path("<int:event_id>/edit/", views.event_edit, name="edit"),
    path("<int:event_id>/status/", views.event_status, name="status"),
    path("<int:event_id>/signup/", views.signup_for, name="signup_for"),
    path("<int:event_id>/registrations/<int:registration_id>/cancel/", views.registration_cancel,
         name="registration_cancel"),
    path("<int:event_id>/notify/", views.notify, name="notify"),
    path("<int:event_id>/costs/", views.cost_new, name="cost_new"),
    path("<int:event_id>/costs/<int:cost_id>/cancel/", views.cost_cancel, name="cost_cancel"),
    path("<int:event_id>/checkin/", views.checkin, name="checkin"),
    path("<int:event_id>/teams/", views.teams, name="teams"),
    path("<int:event_id>/brief/", views.brief_page, name="brief"),
    path("<int:event_id>/brief.docx", views.brief_docx, name="brief_docx"),
    path("<int:event_id>/photos/<int:photo_id>/", views.photo_file, name="photo"),
    path("<int:event_id>/photos/<int:photo_id>/delete/", views.photo_delete, name="photo_delete"),
]
