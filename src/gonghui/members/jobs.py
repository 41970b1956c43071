"""The roster's background jobs (found by ``core.jobs.autodiscover``): import and export."""
from . import exporting, importing  # noqa: F401 — importing registers the handlers
