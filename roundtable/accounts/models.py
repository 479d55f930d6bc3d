"""Accounts: users (residents sign in by phone code, staff by password), one-time codes, API tokens, outbox."""

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.people.models import Person


class User(AbstractUser):
    person = models.OneToOneField(
        Person,
        verbose_name=_("居民档案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="user",
    )

    class Meta:
        verbose_name = _("账户")
        verbose_name_plural = _("账户")


class UserSession(AbstractBaseSession):
    """A session that also names its signed-in user, so that one statement reads both
    (roundtable/accounts/sessions.py). A user's sessions go with the user."""

    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    @classmethod
    def get_session_store_class(cls) -> Any:
        from roundtable.accounts.sessions import SessionStore

        return SessionStore


class OneTimeCode(models.Model):
    """A sign-in code. Issued for any well-formed number, delivered only to registered ones,
    so that neither the response nor a later check reveals who is registered."""

    phone_hash = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)


class ApiToken(models.Model):
    """A bearer token for staff tools. Only its hash is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=60)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")


class OutboxMessage(models.Model):
    """What the demo message backend 'sent': staff read it at /staff/outbox/ instead of a phone."""

    to_masked = models.CharField(max_length=16)
    to_hash = models.CharField(max_length=64, db_index=True)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
