"""Web pages. Each app owns its own ``urls.py``; this file only mounts them."""
from django.urls import include, path

urlpatterns = [
    path("", include("gonghui.core.urls")),        # home/dashboard, audit, jobs, i18n
    path("", include("gonghui.accounts.urls")),    # login, logout, password, roles, me
    path("orgs/", include("gonghui.orgs.urls")),
    path("members/", include("gonghui.members.urls")),
]
