from django.urls import path

from . import views

app_name = "notify"
urlpatterns = [
    path("me/notifications/", views.preferences, name="preferences"),
    path("notify/channels/", views.channels, name="channels"),
    path("notify/channels/test/", views.channel_test, name="channel_test"),
    path("notify/outbox/", views.outbox_list, name="outbox"),
    path("notify/outbox/run/", views.run_now, name="run"),
    path("notify/outbox/<int:pk>/retry/", views.retry, name="retry"),
]
