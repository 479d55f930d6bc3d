"""Roundtable settings: one file, every value from the environment (documented in docs/settings.md).

SQLite is the embedded default; DATABASE_URL selects PostgreSQL.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from roundtable.lib.database_url import postgres_from_url
from roundtable.lib.env import envbool, envint, envlist, envsecret, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"

DEBUG = envbool("DEBUG", False)
SECRET_KEY = envsecret("SECRET_KEY", DEFAULT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEFAULT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DEBUG is off and SECRET_KEY is the default: set SECRET_KEY (or SECRET_KEY_FILE)."
    )

# Keys for personal data: the phone hash key and the encryption key for phone numbers and names.
# They default to values derived from SECRET_KEY so that a demo needs nothing; production sets them.
PRIVACY_HASH_KEY = envsecret("PRIVACY_HASH_KEY", "hash:" + SECRET_KEY)
PRIVACY_ENCRYPTION_KEY = envsecret("PRIVACY_ENCRYPTION_KEY", "enc:" + SECRET_KEY)

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = envstr("SITE_NAME", "圆桌 Roundtable")
VAR_DIR = Path(envstr("VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "roundtable.audit",
    "roundtable.communities",
    "roundtable.people",
    "roundtable.accounts",
    "roundtable.rulebooks",
    "roundtable.councils",
    "roundtable.notices",
    "roundtable.cycles",
    "roundtable.ideas",
    "roundtable.proposals",
    "roundtable.meetings",
    "roundtable.voting",
    "roundtable.delivery",
    "roundtable.surveys",
    "roundtable.indicators",
    "roundtable.front",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "roundtable.lib.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "roundtable.accounts.middleware.AssistedEntryMiddleware",
]

ROOT_URLCONF = "roundtable.urls"
WSGI_APPLICATION = "roundtable.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["roundtable.accounts.backends.UserBackend"]
SESSION_ENGINE = "roundtable.accounts.sessions"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "front:home"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "roundtable" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "roundtable.accounts.context_processors.assisted_entry",
            ],
        },
    },
]

DATABASE_URL = envstr("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": postgres_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": envstr("SQLITE_PATH", str(VAR_DIR / "roundtable.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue
                # instead of failing with "database is locked" halfway through.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
            },
        }
    }

# The database cache is shared by every app-server process (rate limits must be), on both databases.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "roundtable_cache"}
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Time: aware datetimes stored in UTC, shown in China Standard Time.
USE_TZ = True
TIME_ZONE = envstr("TIME_ZONE", "Asia/Shanghai")

# Chinese first, English available; every user-facing string goes through gettext.
USE_I18N = True
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "roundtable" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "roundtable" / "static"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 14 * 24 * 3600)

# One-time sign-in codes for residents.
OTP_TTL_SECONDS = envint("OTP_TTL_SECONDS", 300)
OTP_MAX_ATTEMPTS = envint("OTP_MAX_ATTEMPTS", 5)
OTP_MAX_SENDS_PER_HOUR = envint("OTP_MAX_SENDS_PER_HOUR", 5)
OTP_MAX_SENDS_PER_IP_HOUR = envint("OTP_MAX_SENDS_PER_IP_HOUR", 30)
# Where messages to residents go: the demo outbox (console + staff page) or a real SMS gateway.
MESSAGE_BACKEND = envstr("MESSAGE_BACKEND", "roundtable.accounts.messaging.OutboxBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"roundtable": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")}},
}
