from django.urls import include, path

urlpatterns = [
    path("", include("gonghui.web_urls")),
    path("api/", include("gonghui.api_urls")),
]
