"""Sign-in by one-time code, and API tokens for staff tools."""

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.messaging import message_send
from roundtable.accounts.models import ApiToken, OneTimeCode, User
from roundtable.lib.privacy import phone_hash
from roundtable.people.models import Person


class SignInError(Exception):
    """A refusal whose message is shown to the resident as it is."""

    def __init__(self, message: str, *, field: str = "code") -> None:
        super().__init__(message)
        self.field = field


def _code_hash(code: str) -> str:
    return hmac.new(settings.PRIVACY_HASH_KEY.encode(), f"otp:{code}".encode(), hashlib.sha256).hexdigest()


def _ip_over_limit(ip: str) -> bool:
    """Count code requests per client address, so one machine cannot spray numbers."""
    key = f"otp-ip:{ip}"
    cache.add(key, 0, timeout=3600)
    return cache.incr(key) > settings.OTP_MAX_SENDS_PER_IP_HOUR


@transaction.atomic
def otp_request(*, phone: str, ip: str = "") -> None:
    """Issue a code for a normalised phone number. The code is delivered only if the number is
    registered, but a code is issued either way so nothing tells a stranger who is registered."""
    if ip and _ip_over_limit(ip):
        raise SignInError(_("这台设备获取验证码太频繁了，请一小时后再试。"), field="phone")
    key = phone_hash(phone)
    now = timezone.now()
    recent = OneTimeCode.objects.filter(phone_hash=key, created_at__gte=now - timedelta(hours=1)).count()
    if recent >= settings.OTP_MAX_SENDS_PER_HOUR:
        raise SignInError(_("获取验证码太频繁了，请一小时后再试。"), field="phone")
    code = f"{secrets.randbelow(10**6):06d}"
    OneTimeCode.objects.create(
        phone_hash=key,
        code_hash=_code_hash(code),
        created_at=now,
        expires_at=now + timedelta(seconds=settings.OTP_TTL_SECONDS),
    )
    if Person.objects.filter(phone_hash=key).exists():
        minutes = settings.OTP_TTL_SECONDS // 60
        body = _("【圆桌】您的登录验证码是 %(code)s，%(minutes)s 分钟内有效。请勿告诉他人。") % {
            "code": code,
            "minutes": minutes,
        }
        message_send(phone=phone, body=body)


def otp_verify(*, phone: str, code: str) -> User:
    """Check the newest code for this number and return the resident's account, or refuse.
    A wrong guess is counted even though the sign-in fails, so it commits before we refuse."""
    with transaction.atomic():
        user, refusal = _otp_check(phone_hash(phone), code.strip())
    if refusal:
        raise SignInError(refusal)
    assert user is not None
    return user


def _otp_check(key: str, code: str) -> tuple[User | None, str]:
    otp = (
        OneTimeCode.objects.select_for_update()
        .filter(phone_hash=key, used_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if otp is None:
        return None, _("请先获取验证码。")
    if otp.expires_at <= timezone.now():
        return None, _("验证码已过期，请重新获取。")
    if otp.attempts >= settings.OTP_MAX_ATTEMPTS:
        return None, _("输错次数太多，这个验证码已作废，请重新获取。")
    if not hmac.compare_digest(otp.code_hash, _code_hash(code)):
        otp.attempts += 1
        otp.save(update_fields=["attempts"])
        left = settings.OTP_MAX_ATTEMPTS - otp.attempts
        return None, _("验证码不正确，还可以再试 %(left)s 次。") % {"left": left}
    user = User.objects.filter(person__phone_hash=key, is_active=True).first()
    if user is None:
        # Only reachable with a code that was never delivered; refuse like a wrong code.
        return None, _("验证码不正确，请重新获取。")
    otp.used_at = timezone.now()
    otp.save(update_fields=["used_at"])
    return user, ""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: Any, name: str) -> str:
    """Create a token and return it; only its hash is kept."""
    token = "rt_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, token_hash=_token_hash(token))
    return token


# "Last used" is for spotting stale tokens; writing it on every request would add a write (and a
# disk flush) to every read, so it is refreshed at most once per interval.
TOKEN_LAST_USED_RESOLUTION = timedelta(minutes=5)


def api_token_user(*, token: str) -> User | None:
    """The active user a live token belongs to. One plain statement: every API call passes here, and
    the ORM would spend longer building the join than the database spends running it."""
    now = timezone.now()
    users = User.objects.raw(
        "SELECT u.*, t.id AS token_id,"
        " (t.last_used_at IS NULL OR t.last_used_at < %s) AS token_stale"
        " FROM accounts_apitoken t JOIN accounts_user u ON u.id = t.user_id"
        " WHERE t.token_hash = %s AND t.revoked_at IS NULL AND u.is_active",
        [
            ApiToken._meta.get_field("last_used_at").get_db_prep_value(
                now - TOKEN_LAST_USED_RESOLUTION, connection
            ),
            _token_hash(token),
        ],
    )
    user = next(iter(users), None)
    if user is not None and getattr(user, "token_stale"):  # noqa: B009 - a column of the raw query
        ApiToken.objects.filter(pk=getattr(user, "token_id")).update(last_used_at=now)  # noqa: B009
    return user
