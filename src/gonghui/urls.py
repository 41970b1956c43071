from django.urls import include, path

urlpatterns = [
    path("", include("gonghui.web_urls")),
    path("api/", include("gonghui.api_urls")),
]

# The error pages (gonghui.core.errorpages): in the site's frame, in the user's language, with the way back.
handler403 = "gonghui.core.errorpages.permission_denied"
handler404 = "gonghui.core.errorpages.page_not_found"
handler500 = "gonghui.core.errorpages.server_error"
