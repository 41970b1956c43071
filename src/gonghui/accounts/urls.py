from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.Login.as_view(), name="login"),
    path("logout/", views.Logout.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("me/", views.me, name="me"),
    path("me/2fa/", views.otp_setup, name="otp_setup"),
    path("me/2fa/codes/", views.otp_codes, name="otp_codes"),
    path("me/2fa/off/", views.otp_disable, name="otp_disable"),
    path("login/2fa/", views.otp_verify, name="otp_verify"),
    path("roles/", views.roles, name="roles"),
    path("roles/<int:pk>/revoke/", views.revoke_role, name="revoke_role"),
]
