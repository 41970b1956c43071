import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
application = get_wsgi_application()


def _check_key():
    """Refuse to serve with a missing, malformed or wrong personal-data key (``core.keys``)."""
    from django.db import connections

    from gonghui.core.keys import KeyProblem, ensure_ready

    try:
        ensure_ready()
    except KeyProblem as exc:
        raise ImproperlyConfigured(str(exc)) from None
    finally:
        connections.close_all()


_check_key()
