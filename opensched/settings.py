"""OpenSched settings, read from the environment (see .env.example).

Development: ``DEBUG=1`` and nothing else gives SQLite and a throwaway secret key.
Production: ``DEBUG`` unset or 0 requires ``SECRET_KEY`` and ``ALLOWED_HOSTS`` and turns on the
secure-cookie / HSTS / SSL settings that ``manage.py check --deploy`` looks for.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from opensched.env import env_bool, env_int, env_list, env_str, secret_key_weakness

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"
elif not DEBUG and (weakness := secret_key_weakness(SECRET_KEY)):
    raise ImproperlyConfigured(f"SECRET_KEY is too weak for production: {weakness}")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off, e.g. ALLOWED_HOSTS=gk.example.gov.cn")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Absolute base URL used in links inside emails (no trailing slash).
SITE_URL = (env_str("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")

INSTALLED_APPS = [
    "opensched.apps.OperatorAdminConfig",  # django.contrib.admin, for the system's operators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_filters",
    "django_tables2",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "units",
    "tasks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "opensched.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads the request body (CSRF reads it in process_view): see its docstring.
    "opensched.middleware.UploadSizeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages: one-time passwords are changed before anything else.
    "units.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "opensched.middleware.PrivatePagesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # AxesMiddleware must be last: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "opensched.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tasks.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "opensched.wsgi.application"
ASGI_APPLICATION = "opensched.asgi.application"

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
    except Exception as exc:  # dj_database_url raises several types for malformed URLs
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "login"

# Behind a reverse proxy (nginx): the client address and the scheme come from the proxy's headers,
# trusted only when the request came from one of TRUSTED_PROXIES (opensched.client_ip).
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
OPENSCHED_PROXY_COUNT = env_int("PROXY_COUNT", 1) if BEHIND_PROXY else 0
OPENSCHED_TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", ["127.0.0.1", "::1"])
if BEHIND_PROXY and not 1 <= OPENSCHED_PROXY_COUNT <= 5:
    raise ImproperlyConfigured("PROXY_COUNT must be between 1 and 5 (the proxies in front of the app).")

# Login throttling: lock a username+client-address pair after 5 failures for 30 minutes, so that
# nobody can lock a named user out from another address. Behind the proxy the address is the one
# the proxy saw (AXES_CLIENT_IP_CALLABLE); a locked-out attempt answers 429 with a page in Chinese.
AXES_CLIENT_IP_CALLABLE = "opensched.client_ip.client_ip"
AXES_HTTP_RESPONSE_CODE = 429
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Attachments are served only through views that check access, never from a public URL.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media-not-served/"

# Upload limits: request bodies and attachments.
OPENSCHED_MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The import preview posts a unit choice and role per task and unit: a 150-task document needs thousands.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000
OPENSCHED_ATTACHMENT_EXTENSIONS = [
    "pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "ofd", "txt", "png", "jpg", "jpeg", "zip",
]
OPENSCHED_IMPORT_EXTENSIONS = ["txt", "md", "docx", "xlsx"]
# Bounds on one import (tasks/parsing/limits.py has the names, defaults and why), e.g. {"tasks": 3000}.
OPENSCHED_IMPORT_LIMITS: dict[str, int] = {}
# Unfinished imports (drafts) older than this are deleted.
OPENSCHED_IMPORT_DRAFT_DAYS = env_int("IMPORT_DRAFT_DAYS", 7)

# Signal lights: an assignment is yellow when due within this many working days.
OPENSCHED_DUE_SOON_WORKDAYS = env_int("DUE_SOON_WORKDAYS", 5)
# Reminder digests list tasks due within this many working days.
OPENSCHED_REMINDER_WORKDAYS = env_int("REMINDER_WORKDAYS", 3)

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "OpenSched <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# One process (runserver, a single gunicorn worker): the in-process cache. Several processes must
# share one, or each keeps its own dashboard figures until they expire (tasks.caching): set REDIS_URL.
REDIS_URL = env_str("REDIS_URL", "")
# The Redis backend degrades to "always a miss" while Redis is down (opensched.cache), and starts the
# dashboards' data version afresh when it is back.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "opensched.cache.ResilientRedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "opensched"),
                          "OPTIONS": {"RESET_ON_RECOVERY": ["opensched:data-version"]}}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "opensched",
                          "OPTIONS": {"MAX_ENTRIES": 20000}}}
# Background work (tasks/jobs/): Django's Tasks API through the django-tasks backport. The database
# backend is the default (run `manage.py db_worker` beside the web server); with REDIS_URL set the
# same tasks go to RQ (run `manage.py rqworker --job-class django_tasks_rq.Job default`).
# TASKS_BACKEND=db|rq|immediate chooses explicitly (immediate: run in the request, for development).
TASKS_BACKEND = env_str("TASKS_BACKEND", "rq" if REDIS_URL else "db")
if TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL.")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": env_int("RQ_TIMEOUT", 1800)}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "db":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND={TASKS_BACKEND!r}: use db, rq or immediate.")
# Exports above this many rows run in the background (PDFs always do); below, the download is immediate.
OPENSCHED_BACKGROUND_EXPORT_ROWS = env_int("BACKGROUND_EXPORT_ROWS", 5000)
# An upload larger than this many bytes is parsed by the worker while the person watches its draft
# page (after every import limit the bytes can show was checked); a smaller one is parsed at once.
OPENSCHED_BACKGROUND_IMPORT_BYTES = env_int("BACKGROUND_IMPORT_BYTES", 512 * 1024)
# A finished export's file is kept this many days for its download (`manage.py export_jobs_cleanup`).
OPENSCHED_EXPORT_RESULT_DAYS = env_int("EXPORT_RESULT_DAYS", 3)

# How long a cached dashboard figure may be kept at most; any change to the data replaces it at once.
OPENSCHED_CACHE_SECONDS = env_int("CACHE_SECONDS", 300)


SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): nothing from another origin, no inline script; inline style
# attributes only (Bootstrap markup uses them), never <style> elements.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Human-readable name of the product, shown in the page header.
OPENSCHED_SITE_NAME = _("OpenSched work-point ledger")
