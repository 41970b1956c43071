from django.urls import path

from . import views

app_name = "women"
urlpatterns = [
    path("", views.home, name="home"),
    path("committee/", views.committee_edit, name="committee_edit"),
    path("women-committees/<int:pk>/", views.committee_detail, name="committee"),
    path("members/<int:member_id>/", views.member_page, name="member"),
    path("members/<int:member_id>/pregnancy/", views.member_pregnancy, name="member_pregnancy"),
    path("members/<int:member_id>/birth/", views.member_birth, name="member_birth"),
    path("members/<int:member_id>/miscarriage/", views.member_miscarriage, name="member_miscarriage"),
    path("maternity/", views.leaves, name="leaves"),
    path("maternity/<int:pk>/delete/", views.record_delete, name="record_delete"),
    path("nursing-rooms/", views.rooms, name="rooms"),
    path("nursing-rooms/new/", views.room_new, name="room_new"),
    path("nursing-rooms/<int:pk>/", views.room_detail, name="room"),
    path("nursing-rooms/<int:pk>/edit/", views.room_edit, name="room_edit"),
    path("nursing-rooms/<int:pk>/uses/", views.room_use, name="room_use"),
    path("nursing-rooms/<int:pk>/delete/", views.room_delete, name="room_delete"),
    path("maternity-rates/", views.rates, name="rates"),
    path("figures/", views.figures, name="figures"),
]
