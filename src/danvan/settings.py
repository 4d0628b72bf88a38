"""danvan settings: one file, every deploy-time choice read from the environment.

Defaults give a working local instance (SQLite in ./data, console e-mail). Production sets
DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS and HTTPS=1; see README "Configuration".
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def envbool(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("DATA_DIR", PROJECT_DIR / "data"))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in DATA_DIR."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG")
HTTPS = envbool("HTTPS")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_ROOT = os.environ.get("SITE_ROOT", "http://127.0.0.1:8000")
SITE_NAME = "Dân Vận Số"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "danvan.accounts",
    "danvan.org",
    "danvan.deadlines",
    "danvan.api",
    "danvan.cases",
    "danvan.exemplars",
    "danvan.emulation",
    "danvan.contests",
    "danvan.reports",
    "danvan.directives",
    "danvan.surveys",
    "danvan.participation",
    "danvan.insights",
    "danvan.campaigns",
    "danvan.portal",
    "danvan.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "danvan.portal.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "danvan.portal.security.NoStoreMiddleware",
    "danvan.portal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Bad input (control characters, huge numbers, bodies, content types) refused as
    # 400/413/415 before anything below or any view reads it; after the middleware that set
    # headers, so that its answers carry them too.
    "danvan.portal.hygiene.InputHygieneMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "danvan.accounts.middleware.TwoFactorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # simple_history's request middleware, for officers only (never names a citizen).
    "danvan.accounts.middleware.OfficerHistoryMiddleware",
]

ROOT_URLCONF = "danvan.urls"
WSGI_APPLICATION = "danvan.wsgi.application"

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
                "danvan.portal.context_processors.site",
            ],
        },
    }
]

# --- Database ---------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'danvan.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A health check is one more round trip per request (a fifth of a public
        # submission's time): off by default; after a database restart a stale connection
        # fails one request and is replaced (submissions are idempotent: clients retry).
        conn_health_checks=os.environ.get("DB_CONN_HEALTH_CHECKS", "0") == "1",
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web process write side by side.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation costs 100–200 ms on the big scans it triggers and buys nothing for
    # short OLTP queries (measured on the inbox at a million matters).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Public submissions arriving together in one process share one INSERT and one commit
# (cases.services.receipts). "0" writes each alone.
RECEIPT_GROUP_COMMIT = os.environ.get("RECEIPT_GROUP_COMMIT", "1") == "1"

# A shared cache (the database) so that login rate limits hold across processes and nodes.
CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", "danvan_cache"),
    }
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:landing"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins (a success is not counted). Per address: a burst and an hourly cap. Per
    # account *from one address* ("key": the adapter adds the address to it): five in five
    # minutes, so that nobody elsewhere can lock an officer out of their own address.
    "login_failed": os.environ.get("LOGIN_FAILED_RATE", "20/m/ip,100/h/ip,5/300s/key"),
    "reset_password": "20/m/ip,5/m/key",
    # Citizens looking up a matter by tracking code and secret (cases.views_public).
    "track_case": os.environ.get("TRACK_CASE_RATE", "10/m/ip"),
    # Open311 GeoReport v2 submissions (cases.open311).
    "open311_submit": os.environ.get("OPEN311_SUBMIT_RATE", "30/m/ip"),
    # Open311 look-ups by id (requests/<id>.json, or the list asked by ids).
    "open311_lookup": os.environ.get("OPEN311_LOOKUP_RATE", "60/m/ip"),
    # Survey answers (surveys.views_public). Generous: a one-stop shop's kiosk, and a mobile
    # network's shared address, send many people's answers from one address.
    "survey_answer": os.environ.get("SURVEY_ANSWER_RATE", "30/m/ip"),
    # Questions sent to a meeting with the people (participation.views_public_meetings).
    "meeting_question": os.environ.get("MEETING_QUESTION_RATE", "10/h/ip"),
    # Comments on drafts and the e-mail codes that verify their senders
    # (participation.views_public_consultations).
    "consultation_comment": os.environ.get("CONSULTATION_COMMENT_RATE", "10/m/ip,100/h/ip"),
    "consultation_code": os.environ.get("CONSULTATION_CODE_RATE", "5/m/ip,20/h/ip"),
}
# Per account across all addresses (accounts.adapters): past `free` failures within `window`
# seconds, each attempt from a browser that has not signed in to the account before waits
# 2^(failures - free) seconds after the last failure, at most `max_delay`.
SIGN_IN_BACKOFF = {"free": 10, "window": 24 * 3600, "max_delay": 300}
# Behind a reverse proxy the client's address is in X-Forwarded-For: say how many proxies
# append to it, or every address limit above applies to the proxy, i.e. to everyone.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ACCOUNT_ADAPTER = "danvan.accounts.adapters.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
if email_url := os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = email_url
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "1")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Dân Vận Số <no-reply@localhost>")

# --- Language, time, numbers --------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["danvan.formats"]
USE_THOUSAND_SEPARATOR = True

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))
NODE_MODULES = PROJECT_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end packages installed by `npm ci` from package-lock.json; never committed.
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/pico", NODE_MODULES / "@picocss" / "pico" / "css"),
    # Charts on dashboards and figures pages (decision 0016), loaded only where a chart is drawn.
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
    # Searchable selects for long lists of bodies and units (decision 0016).
    ("vendor/tom-select", NODE_MODULES / "tom-select" / "dist"),
    # Natural Earth's outline of Vietnam for maps drawn on the server (lib.maps).
    ("vendor/world-atlas", NODE_MODULES / "world-atlas"),
]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
# Attachments are private: served only through views that check permissions, never by URL.
MEDIA_URL = "/media-private/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# A body's fields other than files (bodies as a whole: danvan.portal.hygiene).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Citizen cases ---------------------------------------------------------------------
# How long petitioners' personal data is kept after a matter is closed (then erased by
# `danvan purge_personal_data`). Five years by default; set per the unit's records policy.
CASE_PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("CASE_PERSONAL_DATA_RETENTION_DAYS", "1825"))

# --- API --------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 500

# --- Security ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
X_FRAME_OPTIONS = "DENY"
# Nothing inline, nothing from elsewhere (portal.security; docs/decisions/0014). Maps are SVG
# drawn on the server; data: images are Pico's icons and the two-factor QR code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
