"""KAUSA Hub settings: one module, driven by environment variables with safe defaults."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kausa.core import crypto

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

_DEV_SECRET = "insecure-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = _DEV_SECRET

# Encryption at rest of sensitive free text (kausa.core.fields.EncryptedTextField): Fernet
# keys, comma-separated; the first encrypts, all decrypt. Rotate by putting a new key first,
# running `manage.py rotate_field_keys`, then removing the old key. Generate a key with
# `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])
if not FIELD_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must be set when DEBUG is off")
    # DEVELOPMENT ONLY: a key derived from SECRET_KEY, so a development database needs no
    # extra setup. Never rely on it in production (DEBUG off refuses to start without keys).
    FIELD_ENCRYPTION_KEYS = [crypto.development_key(SECRET_KEY)]
crypto.validate_keys(FIELD_ENCRYPTION_KEYS)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # django.contrib.admin with a site that requires the second factor (kausa.accounts)
    "kausa.accounts.admin_site.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "kausa.core",
    "kausa.accounts",
    "kausa.people",
    "kausa.companies",
    "kausa.vacancies",
    "kausa.partners",
    "kausa.placements",
    "kausa.counselling",
    "kausa.chains",
    "kausa.workbench",
    "kausa.ba",
    "kausa.bsk",
    "kausa.events",
    "kausa.reports",
    "kausa.api",
    "kausa.administration",
    # The public portal (kausa/portal): one app per sub-domain, labels "portal_<name>".
    "kausa.portal",
    "kausa.portal.accounts",
    "kausa.portal.content",
    "kausa.portal.places",
    "kausa.portal.enquiries",
    "kausa.portal.mydata",
    "kausa.portal.events",
    "kausa.portal.business",
    "kausa.portal.proposals",
    "ninja",  # the API docs' assets come from the package, not a CDN (CSP, closed networks)
    "kausa.demo",
]

MIDDLEWARE = [
    "kausa.core.request_context.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "kausa.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kausa.core.middleware.StaffLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kausa.core.middleware.PermissionDeniedAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kausa.accounts.middleware.SessionTimeoutMiddleware",
    "kausa.accounts.middleware.MfaEnrollmentMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as axes requires
]

ROOT_URLCONF = "kausa.urls"
WSGI_APPLICATION = "kausa.wsgi.application"
# Labels without a colon, "Bitte wählen" instead of dashes (kausa/core/form_rendering.py).
FORM_RENDERER = "kausa.core.form_rendering.KausaFormRenderer"
# English dates as in Britain (7 Dec 2026, 07/12/2026), not the US month-first default.
FORMAT_MODULE_PATH = ["kausa.core.formats"]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Compiled matching kernels (numba, ``cache=True``) in a writable folder of ours, set before
# numba is first imported: a new process loads them instead of compiling (kausa/wsgi.py warms up).
NUMBA_CACHE_DIR = os.environ.setdefault("NUMBA_CACHE_DIR", str(BASE_DIR / "var" / "numba"))

# SQLite (WAL) is the embedded default; DATABASE_URL selects PostgreSQL in production.
SQLITE_PATH = os.environ.get("SQLITE_PATH", str(BASE_DIR / "var" / "kausa.sqlite3"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    try:
        # Connections are kept for a minute and checked before reuse, so a restart of the
        # database server costs the requests running at that moment, not the ones after.
        DATABASES = {
            "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
        }
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {error}") from None
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workbench:dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "kausa.accounts.passwords.CommonPasswordVariantValidator"},
    {
        "NAME": "kausa.accounts.passwords.MaximumLengthValidator",
        "OPTIONS": {"max_length": 4096},
    },
]

# --- Sign-in security (kausa.accounts): second factor, login throttling, session limits ---
# A second factor (authenticator app, recovery codes) for every staff account; off by default
# only in development, so that the demo logins stay password-only.
MFA_REQUIRED = env_bool("MFA_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "KAUSA Hub"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
AUTHENTICATION_BACKENDS = [
    "kausa.accounts.throttling.LoginThrottleBackend",  # first: refuses locked-out clients
    "django.contrib.auth.backends.ModelBackend",
]
# Failures count per (username, client address) and per client address over all usernames;
# both are forgotten LOGIN_COOLOFF_MINUTES after the last failure.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 30)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15)
if min(LOGIN_FAILURE_LIMIT, LOGIN_FAILURE_LIMIT_PER_ADDRESS, LOGIN_COOLOFF_MINUTES) < 1:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT* and LOGIN_COOLOFF_MINUTES must be at least 1")
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "kausa.accounts.throttling.TieredLockoutHandler"
AXES_CLIENT_IP_CALLABLE = "kausa.core.net.client_address"  # honours TRUSTED_PROXY_COUNT
AXES_LOCKOUT_CALLABLE = "kausa.accounts.throttling.lockout_response"
# A success must not clear the per-address count (one valid account would reset it), and
# attempts during a lockout do not prolong it, so the wait shown to the user holds.
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Data minimisation: no log of successful logins with address and browser; codes and names
# are masked in the stored request data.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "password"]
# Sessions end after SESSION_IDLE_TIMEOUT seconds without a request and SESSION_ABSOLUTE_TIMEOUT
# seconds after signing in; password, email and second-factor changes need the password
# confirmed within REAUTH_TIMEOUT seconds.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT", 10 * 60 * 60)
REAUTH_TIMEOUT = env_int("REAUTH_TIMEOUT", 5 * 60)
if min(SESSION_IDLE_TIMEOUT, SESSION_ABSOLUTE_TIMEOUT, REAUTH_TIMEOUT) < 1:
    raise ImproperlyConfigured("SESSION_*_TIMEOUT and REAUTH_TIMEOUT must be at least 1 second")
# --- end of sign-in security ---

LANGUAGE_CODE = "de"
# The portal speaks all seven; the staff app German and English (STAFF_LANGUAGES).
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("tr", _("Turkish")),
    ("fa", _("Persian")),
]
STAFF_LANGUAGES = ("de", "en")
PORTAL_LANGUAGES = tuple(code for code, _name in LANGUAGES)
# The organisation whose public portal this installation serves (its id). Empty: the only
# organisation there is; with several and none named, the portal shows no tenant's records.
PORTAL_ORGANISATION_ID = env_int("PORTAL_ORGANISATION_ID", 0)
# The office that receives counselling requests from abroad or from districts no office serves
# (its id); empty: the organisation's first office.
PORTAL_ENQUIRY_OFFICE_ID = env_int("PORTAL_ENQUIRY_OFFICE_ID", 0)
# Bot protection of public forms (kausa.portal.bots): seconds a person needs at least to fill
# a form, and how long a form stays valid.
PORTAL_MIN_SUBMIT_SECONDS = env_int("PORTAL_MIN_SUBMIT_SECONDS", 3)
PORTAL_FORM_MAX_AGE_SECONDS = env_int("PORTAL_FORM_MAX_AGE_SECONDS", 4 * 60 * 60)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
# Production serves hashed files collected by `collectstatic`; development and tests serve
# the app folders directly.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = DEBUG

# Background work: a database-backed queue by default (no extra server, `manage.py db_worker`);
# Redis via RQ (pip install '.[redis]', REDIS_URL=redis://host:6379/0, workers started with
# `manage.py rqworker`, see docs/operations.md) for larger installations and several workers.
# REDIS_URL alone selects Redis; TASKS_BACKEND (database, redis, immediate) overrides it.
REDIS_URL = os.environ.get("REDIS_URL", "")
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "") or ("redis" if REDIS_URL else "database")
# Longest run of one task on Redis before RQ stops it (a matching run of a large office).
RQ_JOB_TIMEOUT = env_int("RQ_JOB_TIMEOUT", 3600)
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "redis":
    INSTALLED_APPS += ["django_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {
        "default": {
            "URL": REDIS_URL or "redis://127.0.0.1:6379/0",
            "DEFAULT_TIMEOUT": RQ_JOB_TIMEOUT,
        }
    }
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured("TASKS_BACKEND must be one of: database, redis, immediate")
# /healthz reports the worker as stale when a queued task waited longer than this and no task
# started or finished meanwhile (kausa.core.health).
WORKER_STALE_SECONDS = env_int("WORKER_STALE_SECONDS", 600)

# Security defaults: safe in production, relaxed only through explicit settings.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
# No script reads the CSRF cookie (forms, also htmx ones, send the token as a field).
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "kausa.core.errors.csrf_failure"  # the friendly page, not Django's English one
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# HSTS preloading is a decision per registrable domain: the header only counts when served at
# the apex domain and commits every subdomain to HTTPS for good. KAUSA Hub usually runs on a
# subdomain of an organisation's domain, so preloading is off by default and its deployment
# warning (security.W021) is silenced for that reason only; SECURE_HSTS_PRELOAD=1 enables it.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD or DEBUG else ["security.W021"]
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies in front of the app append to X-Forwarded-For; 0 = use the
# connection's address. The client address (audit trail, throttling) is the Nth entry from
# the right, so a client cannot forge it by sending its own header.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kausa-hub@localhost")

# Logs carry ids and action names only, never personal data. Every line carries the request
# id (shown on the error page as the reference); server errors are logged as an incident
# (kausa.incident: exception type and code location), Django's own traceback is dropped.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "kausa.core.request_context.RequestIdLogFilter"},
        "drop_exception_details": {"()": "kausa.core.log_filters.DropExceptionDetails"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "loggers": {"django.request": {"filters": ["drop_exception_details"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

PAGE_SIZE = env_int("PAGE_SIZE", 25)
# Requests per API token and minute (kausa.api.ratelimit).
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 300)
# Longest lifetime of a personal access token (days).
API_TOKEN_MAX_DAYS = 365

# Counselling: people are erased this many months after their last case closed (GDPR
# storage limitation); links in reminder emails start with SITE_URL.
RETENTION_MONTHS = env_int("RETENTION_MONTHS", 24)
if RETENTION_MONTHS < 1:
    raise ImproperlyConfigured("RETENTION_MONTHS must be at least 1")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# The job agency's job search API (kausa.ba): apprenticeship offers are imported from here.
BA_JOBSUCHE_BASE_URL = os.environ.get(
    "BA_JOBSUCHE_BASE_URL", "https://rest.arbeitsagentur.de/jobboerse/jobsuche-service"
)
# Azubi-BSK (kausa.bsk): the job agency's language-course search, how far a course may be from
# a person's postal code (km), how long a search is cached (hours), and from how many people
# without a course in reach a district gets a pooled course request.
BA_SPRACHKURS_BASE_URL = os.environ.get(
    "BA_SPRACHKURS_BASE_URL", "https://rest.arbeitsagentur.de/infosysbub/sprachfoerderung"
)
BSK_RADIUS_KM = env_int("BSK_RADIUS_KM", 50)
BSK_CACHE_HOURS = env_int("BSK_CACHE_HOURS", 24)
BSK_POOLING_THRESHOLD = env_int("BSK_POOLING_THRESHOLD", 7)
# Funder reports show person counts below this as "< N" (kausa.reports.suppression).
REPORT_SUPPRESSION_THRESHOLD = env_int("REPORT_SUPPRESSION_THRESHOLD", 5)
if REPORT_SUPPRESSION_THRESHOLD < 1:
    raise ImproperlyConfigured("REPORT_SUPPRESSION_THRESHOLD must be >= 1")
if min(BSK_RADIUS_KM, BSK_CACHE_HOURS, BSK_POOLING_THRESHOLD) < 1:
    raise ImproperlyConfigured("BSK_RADIUS_KM, BSK_CACHE_HOURS, BSK_POOLING_THRESHOLD must be >= 1")
FORMS_URLFIELD_ASSUME_HTTPS = True
# Map tiles of the route pages (kausa.events): a tile server the offices may use (the public
# OpenStreetMap servers allow light use with attribution; set your own for heavy use). The
# route page's Content-Security-Policy allows images from this origin, and only there.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
MAP_TILE_ATTRIBUTION_URL = os.environ.get(
    "MAP_TILE_ATTRIBUTION_URL", "https://www.openstreetmap.org/copyright"
)


def _tile_origin(url: str) -> str:
    """The CSP source of the tile server ("{s}" sub-domains become a wildcard)."""
    import re
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = parts.netloc.replace("{s}", "*")
    if parts.scheme not in {"https", "http"} or not re.fullmatch(r"[A-Za-z0-9.*:-]+", host):
        raise ImproperlyConfigured(f"MAP_TILE_URL must be an http(s) URL, got {url!r}")
    return f"{parts.scheme}://{host}"


MAP_TILE_ORIGIN = _tile_origin(MAP_TILE_URL)
