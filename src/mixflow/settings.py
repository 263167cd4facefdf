"""Django settings, all read from the environment (listed in the README, "Configuration").

With no configuration Mixflow keeps its data in SQLite under ``MIXFLOW_DATA_DIR``;
``DATABASE_URL=postgres://…`` switches to PostgreSQL. Debug is off unless ``MIXFLOW_DEBUG`` is set.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from mixflow.conf import data_dir, env_bool, env_list, field_keys, index_key, secret_key

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

DEBUG = env_bool("MIXFLOW_DEBUG")
SECRET_KEY = secret_key(DATA_DIR)
# Sensitive fields are sealed under these keys (current first) and looked up through keyed
# hashes under the index key: both kept outside the database (``conf.field_keys``).
FIELD_ENCRYPTION_KEYS = field_keys(DATA_DIR)
BLIND_INDEX_KEY = index_key(DATA_DIR)
ALLOWED_HOSTS = env_list("MIXFLOW_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("MIXFLOW_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "mixflow.core",
    "mixflow.accounts",
    "mixflow.geo",
    "mixflow.identity",
    "mixflow.intake",
    "mixflow.protection",
    "mixflow.flows",
    "mixflow.web",
    "mixflow.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known: a NUL in a query is bad input, said in the user's language.
    "mixflow.core.null_bytes.RefuseNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor: who confirmed this sign-in with a code, then no page before they have.
    "django_otp.middleware.OTPMiddleware",
    "mixflow.web.two_factor.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # After authentication: it reads who the answer is for. Static files never reach it
    # (WhiteNoise answers them above), so they keep their own caching.
    "mixflow.core.no_store.NoStoreMiddleware",
    # Last, so that it sees the lockout flag its backend set during sign-in, and turns it into
    # the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Sign-in attempts go through django-axes first: it refuses an account or an address that has
# failed too often (mixflow.accounts.lockout) and records every attempt, failed or not.
AUTHENTICATION_BACKENDS = [
    "mixflow.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "mixflow.urls"
WSGI_APPLICATION = "mixflow.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Mixflow's look for the Django admin (admin/base_site.html), found before the admin's own.
        "DIRS": [PACKAGE_DIR / "web" / "overrides"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mixflow.web.context.navigation",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
        config.setdefault("TEST", {})
        return config
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "mixflow.sqlite3"),
        "OPTIONS": {
            # WAL lets the web server read while the worker writes; IMMEDIATE takes the write
            # lock at BEGIN so two writers queue on busy_timeout instead of failing mid-way.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                " PRAGMA busy_timeout=20000;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("MIXFLOW_TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("MIXFLOW_STATIC_ROOT") or None
MEDIA_ROOT = DATA_DIR / "media"
# The demo runs from an installed package without a collectstatic step: WhiteNoise serves the
# app directories directly, with far-future caching disabled since files are not hashed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_SECURE = env_bool("MIXFLOW_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A session ends this many hours after sign-in, whatever happens; for accounts that see
# sensitive data it also ends when the browser closes (mixflow.accounts.sessions).
SESSION_COOKIE_AGE = int(float(os.environ.get("MIXFLOW_SESSION_HOURS", "8")) * 3600)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("MIXFLOW_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("MIXFLOW_HSTS_SECONDS", "0"))
if env_bool("MIXFLOW_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# The JSON API (mixflow.api): tokens for scripts, the session for the browsable docs.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its ``WWW-Authenticate`` header turns "not signed in" into 401, not 403.
        "mixflow.api.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "mixflow.api.pagination.Pages",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "mixflow.api.errors.handle",
    "DEFAULT_THROTTLE_RATES": {"token": "30/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mixflow API",
    "DESCRIPTION": (
        "Read persons, encounters, groups, flow counts and questionnaires within your scope,"
        " and submit filled questionnaires. Authenticate with `Authorization: Token <key>`"
        " (get a key with `POST /api/token/`; list yours with `GET /api/tokens/` and revoke one"
        " with `DELETE /api/tokens/<id>/`; a password change revokes them all)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's files come from drf-spectacular-sidecar, served by the app: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets sharing a field name ("kind") need a name of their own in the schema.
    "ENUM_NAME_OVERRIDES": {
        "CaseKindEnum": "mixflow.protection.case_vocabulary.CaseKind",
        "ReferralStatusEnum": "mixflow.protection.vocabulary.ReferralStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "mixflow.api.schema_errors.document_errors",
    ],
}
# OpenRosa (ODK Collect) sends passwords with HTTP Basic: only over HTTPS, from this machine,
# or when this is set (a field laptop serving phones on its own Wi-Fi).
OPENROSA_ALLOW_PLAIN_HTTP = env_bool("MIXFLOW_OPENROSA_ALLOW_HTTP")
OPENROSA_MAX_SUBMISSION_BYTES = int(
    os.environ.get("MIXFLOW_OPENROSA_MAX_BYTES", str(20 * 1024 * 1024))
)

# Brute-force protection (django-axes): after MIXFLOW_LOCKOUT_FAILURES failed sign-ins, the
# account — and, separately, the address they came from — is refused for
# MIXFLOW_LOCKOUT_MINUTES, counted from the last attempt. This covers the sign-in page, the
# admin's, ODK Collect's Basic authentication and POST /api/token/.
AXES_FAILURE_LIMIT = int(os.environ.get("MIXFLOW_LOCKOUT_FAILURES", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("MIXFLOW_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "mixflow.web.lockout.lockout_response"
# Axes's own admin registers on Django's default site; ours shows its records read-only.
AXES_ENABLE_ADMIN = False
if env_bool("MIXFLOW_BEHIND_TLS_PROXY"):
    # The proxy in front appends the client's address: count attempts per client, not per proxy.
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# Two-factor authentication (mixflow.accounts.two_factor): required of accounts that see
# sensitive data. Turn off only on a closed test machine; `check --deploy` warns while off.
MIXFLOW_REQUIRE_TWO_FACTOR = env_bool("MIXFLOW_REQUIRE_TWO_FACTOR", default=True)
OTP_TOTP_ISSUER = "Mixflow"

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MIXFLOW_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Statistical disclosure control (flows.gate): no published cell from 1 to THRESHOLD - 1;
# sensitive tables only by country and quarter or coarser; ROUNDING_BASE rounds what is shown.
DISCLOSURE_CONTROL = {
    "THRESHOLD": int(os.environ.get("MIXFLOW_DISCLOSURE_THRESHOLD", "5")),
    "ROUNDING_BASE": int(os.environ["MIXFLOW_DISCLOSURE_ROUNDING"])
    if os.environ.get("MIXFLOW_DISCLOSURE_ROUNDING")
    else None,
}
