"""Django settings for Gonghui.

Everything a deployment changes comes from the environment:
  DATABASE_URL        sqlite:///path or postgres://user@host/db (default: var/gonghui.sqlite3)
  GONGHUI_SECRET_KEY  Django secret key (default: generated once into var/secret.key)
  DATABASE_REPLICA_URL  optional PostgreSQL streaming replica for dashboards and reports (core.replica)
  GONGHUI_DATA_KEY    32-byte urlsafe-base64 key for personal data at rest (default: var/data.key,
                      made only for an empty database; see core.keys)
  GONGHUI_HOME        where var/ lives (default: the checkout for a development install, else
                      ~/.local/share/gonghui); GONGHUI_VAR names the data directory itself
  GONGHUI_DEBUG       1 to run with DEBUG on
  GONGHUI_EMAIL_HOST  SMTP server for notifications (unset: mail is printed to the console, as in the demo);
                      GONGHUI_EMAIL_PORT / _USER / _PASSWORD / _TLS (1: STARTTLS) / _SSL / _FROM;
                      GONGHUI_SITE_URL is the address links in notifications point to
  GONGHUI_HTTPS       1 behind HTTPS: HSTS, redirect to https, secure session and CSRF cookies
                      (GONGHUI_HSTS_SECONDS, GONGHUI_HSTS_PRELOAD=0, GONGHUI_PROXY_SSL_HEADER=1 behind a proxy
                      that sets X-Forwarded-Proto)
  GONGHUI_LOG_JSON    1 for JSON-lines logs (one object per record, with the request id)
  GONGHUI_2FA_ROLES   roles that must sign in with a second factor (default admin,chair,finance; empty: none)
  GONGHUI_TOKEN_DAYS  days an API token lives after it is issued (default 30; fixed, not sliding)
"""
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent


def _home():
    """Where the data directory lives: GONGHUI_HOME, else the checkout (a development install), else the
    user's data folder. Never the current directory: a command run from elsewhere must find the same keys."""
    if os.environ.get("GONGHUI_HOME"):
        return Path(os.environ["GONGHUI_HOME"]).expanduser().resolve()
    checkout = BASE_DIR.parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "src" / "gonghui").is_dir():
        return checkout
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "gonghui"


PROJECT_DIR = _home()
VAR_DIR = Path(os.environ["GONGHUI_VAR"]).expanduser().resolve() if os.environ.get("GONGHUI_VAR") else PROJECT_DIR / "var"


def _new_secret():
    import secrets

    return secrets.token_urlsafe(50)


def _secret_key():
    """The Django secret key, kept in var/secret.key (made on first use: it protects sessions, not data)."""
    path = VAR_DIR / "secret.key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(_new_secret())
        path.chmod(0o600)
    return path.read_text().strip()


def _data_key():
    """The personal-data key: the environment, else var/data.key if it exists. Never made here: only
    ``core.keys.ensure_ready`` makes one, and only for an empty database."""
    if os.environ.get("GONGHUI_DATA_KEY"):
        return os.environ["GONGHUI_DATA_KEY"].strip()
    path = VAR_DIR / "data.key"
    return path.read_text().strip() if path.is_file() else None


SECRET_KEY = os.environ.get("GONGHUI_SECRET_KEY") or _secret_key()
GONGHUI_DATA_KEY_FILE = VAR_DIR / "data.key"
GONGHUI_DATA_KEY = _data_key()
DEBUG = os.environ.get("GONGHUI_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("GONGHUI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_guid",
    "gonghui.core",
    "gonghui.accounts",
    "gonghui.orgs",
    "gonghui.members",
    "gonghui.overview",
    "gonghui.ledger",
    "gonghui.dues",
    "gonghui.funds",
    "gonghui.spending",
    "gonghui.finaudit",
    "gonghui.activities",
    "gonghui.contests",
    "gonghui.care",
    "gonghui.mutualaid",
    "gonghui.congress",
    "gonghui.elections",
    "gonghui.notices",
    "gonghui.plans",
    "gonghui.notify",
    "gonghui.bargaining",
    "gonghui.appeals",
    "gonghui.mediation",
    "gonghui.supervision",
    "gonghui.women",
    "gonghui.ratings",
    "gonghui.safety",
    "gonghui.suggestions",
    "gonghui.honours",
    "gonghui.inbox",
    "gonghui.demo",
    "gonghui.ops",
    "gonghui.federation",
]

MIDDLEWARE = [
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "gonghui.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gonghui.core.middleware.IdleSessionMiddleware",
    "gonghui.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gonghui.core.replica.ReplicaMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gonghui.accounts.twofactor.TwoFactorMiddleware",
    "gonghui.core.middleware.MustChangePasswordMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "gonghui.core.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gonghui.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=1073741824;"
        ),
    }

# A PostgreSQL streaming replica for dashboards and reports (core.replica: read-your-writes, falls back to the
# primary when it lags or is down). Tests mirror it onto default unless a test configures a real one.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"} if os.environ.get("GONGHUI_REPLICA_MIRROR_IN_TESTS") else {}
DATABASE_ROUTERS = ["gonghui.core.replica.Router"]
GONGHUI_REPLICA_MAX_LAG = float(os.environ.get("GONGHUI_REPLICA_MAX_LAG", "30"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "inbox:home"  # every role lands on its to-do inbox (members: the service hub)
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout: five failures for one username from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("GONGHUI_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False

# Sessions end after 8 hours of idleness or when the browser closes (core.middleware.IdleSessionMiddleware
# moves the end forward at most once a minute, so a page view does not always write the session row).
SESSION_COOKIE_AGE = int(os.environ.get("GONGHUI_SESSION_SECONDS", str(8 * 3600)))
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# HTTPS (GONGHUI_HTTPS=1): every setting `gonghui check --deploy` asks for, so it reports nothing.
HTTPS = os.environ.get("GONGHUI_HTTPS", "0") == "1"
SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("GONGHUI_HSTS_SECONDS", str(365 * 24 * 3600))) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and os.environ.get("GONGHUI_HSTS_PRELOAD", "1") == "1"
if os.environ.get("GONGHUI_PROXY_SSL_HEADER", "0") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the load balancer's probe speaks plain HTTP
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The camera serves the check-in page's QR scanner (activities); nothing else is used.
GONGHUI_PERMISSIONS_POLICY = ("camera=(self), microphone=(), geolocation=(), payment=(), usb=(), "
                              "interest-cohort=()")

# Content-Security-Policy (django-csp): scripts and styles only from our own static files — no inline
# <script>, no on…= handlers, no style="…" attributes (tests/test_security_headers.py walks the pages).
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Two-factor sign-in (django-otp, TOTP + one-time recovery codes) for these roles; "admin" is a superuser.
GONGHUI_2FA_ROLES = [r.strip() for r in os.environ.get("GONGHUI_2FA_ROLES", "admin,chair,finance").split(",")
                     if r.strip()]
OTP_TOTP_ISSUER = "Gonghui 工会"
# API tokens live this many days from issue (fixed); a password change or signing out ends them sooner.
GONGHUI_TOKEN_DAYS = int(os.environ.get("GONGHUI_TOKEN_DAYS", "30"))

# Every request carries an id (X-Request-ID, made when the client sends none or a malformed one), echoed in
# the response and written on every log record of the request.
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "VALIDATE_GUID": True, "RETURN_HEADER": True,
               "EXPOSE_HEADER": True}
CSRF_FAILURE_VIEW = "gonghui.core.errorpages.csrf_failure"  # a page in the site's frame, with the way back

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Serve app static files straight from their folders too, so tests and a fresh clone need no collectstatic.
WHITENOISE_USE_FINDERS = True
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
# Uploads: Django's file storage, minus the half-written file a full disk would leave (core/storage.py).
STORAGES = {"default": {"BACKEND": "gonghui.core.storage.CleanFileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
GONGHUI_MAX_IMPORT_BYTES = int(os.environ.get("GONGHUI_MAX_IMPORT_BYTES", str(40 * 1024 * 1024)))
GONGHUI_MAX_IMPORT_ROWS = int(os.environ.get("GONGHUI_MAX_IMPORT_ROWS", "200000"))
# A roster export of more rows than this is built by the job worker, with a progress page.
GONGHUI_EXPORT_IN_REQUEST_ROWS = int(os.environ.get("GONGHUI_EXPORT_IN_REQUEST_ROWS", "5000"))
GONGHUI_ALLOCATION_DUE_DAY = int(os.environ.get("GONGHUI_ALLOCATION_DUE_DAY", "15"))  # 经费拨缴：次月几日前（各省不同）
# Uploaded spreadsheets are checked against these before any library builds their grid (core.spreadsheet).
GONGHUI_MAX_IMPORT_COLUMNS = int(os.environ.get("GONGHUI_MAX_IMPORT_COLUMNS", "64"))
GONGHUI_MAX_IMPORT_CELLS = int(os.environ.get("GONGHUI_MAX_IMPORT_CELLS", "6000000"))
GONGHUI_MAX_IMPORT_UNPACKED = int(os.environ.get("GONGHUI_MAX_IMPORT_UNPACKED", str(300 * 1024 * 1024)))
# Jobs run in a worker thread (gonghui serve) or process (gonghui worker); tests run them at once.
GONGHUI_JOBS_EAGER = os.environ.get("GONGHUI_JOBS_EAGER", "0") == "1"

# Notifications by e-mail (gonghui.notify): SMTP when GONGHUI_EMAIL_HOST is set, else the console (demo).
EMAIL_HOST = os.environ.get("GONGHUI_EMAIL_HOST", "")
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                 else "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = int(os.environ.get("GONGHUI_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("GONGHUI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GONGHUI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("GONGHUI_EMAIL_TLS", "0") == "1"
EMAIL_USE_SSL = os.environ.get("GONGHUI_EMAIL_SSL", "0") == "1"
EMAIL_TIMEOUT = int(os.environ.get("GONGHUI_EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("GONGHUI_EMAIL_FROM", "gonghui@localhost")
GONGHUI_SITE_URL = os.environ.get("GONGHUI_SITE_URL", "http://127.0.0.1:8000")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "gonghui.accounts.tokens.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "gonghui.core.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "gonghui.core.api.KeysetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "gonghui.core.api.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gonghui 工会 API",
    "DESCRIPTION": "组织、会员、角色、审计。所有接口都按当前用户的组织范围过滤。",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The error answers every operation shares (400/403/404 …), documented once: core/schema.py.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "gonghui.core.schema.document_errors"],
}

# Personal data never reaches the logs: requests are not logged with bodies, and the
# filter below strips anything that looks like an ID number or a mobile number.
LOG_JSON = os.environ.get("GONGHUI_LOG_JSON", "0") == "1"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"pii": {"()": "gonghui.core.logging.RedactPII"},
                "request_id": {"()": "django_guid.log_filters.CorrelationId"}},
    "formatters": {"json": {"()": "gonghui.core.logging.JSONLines"},
                   "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(correlation_id)s] %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id", "pii"],
                             "formatter": "json" if LOG_JSON else "text"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"django.server": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
