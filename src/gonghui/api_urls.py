"""REST API mounted at /api/. Each app owns its own ``api.py`` with a ``router`` or ``urlpatterns``."""
from django.urls import path  # noqa: F401

urlpatterns = []
