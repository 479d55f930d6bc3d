"""Turn DATABASE_URL (postgres://user:pass@host:port/name?options) into a Django DATABASES entry."""

from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}


def postgres_from_url(url: str) -> dict[str, Any]:
    parts = urlsplit(url)
    if parts.scheme not in POSTGRES_SCHEMES:
        raise ImproperlyConfigured(f"DATABASE_URL scheme {parts.scheme!r}: only postgres:// is supported")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL names no database (postgres://user@host:port/NAME)")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": unquote(parts.hostname or ""),
        "PORT": str(parts.port or ""),
        "OPTIONS": dict(parse_qsl(parts.query)),
        # Reuse connections between requests. No health check per request (a round trip on every one):
        # a connection the server closed fails one request, after which Django drops it.
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": False,
    }
