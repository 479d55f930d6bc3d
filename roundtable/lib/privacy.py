"""Personal-data helpers (DOMAIN.md E): phone hashing and encryption, ID-number refusal, name masking.

A phone number is stored only as a keyed hash (to look people up) plus an encrypted copy (to send
them messages). No field ever holds a resident ID-card number: anything shaped like one is refused.
"""

import base64
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Mainland mobile numbers: 11 digits starting 1[3-9]; +86 / 0086 prefixes and spaces/dashes allowed.
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# 18-digit resident ID (last may be X) or the old 15-digit form, not glued to other digits.
ID_CARD_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")

PHONE_INVALID = _("请输入11位手机号码，例如 13812345678。")
ID_CARD_REFUSED = _("这里不能填写身份证号码：为保护个人信息，本平台不收集身份证号。请删除这串数字后再提交。")


def phone_normalize(raw: str) -> str:
    """Return the 11-digit mobile number, or raise ValidationError with an actionable message."""
    digits = re.sub(r"[\s\-()]", "", raw or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if not MOBILE_RE.match(digits):
        raise ValidationError(PHONE_INVALID, code="phone_invalid")
    return digits


def phone_hash(phone: str) -> str:
    """Keyed hash of a normalised phone number: a lookup key that reveals nothing without the key."""
    key = settings.PRIVACY_HASH_KEY.encode()
    return hmac.new(key, phone.encode(), hashlib.sha256).hexdigest()


def _fernet() -> Fernet:
    digest = hashlib.sha256(settings.PRIVACY_ENCRYPTION_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode() if text else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def phone_mask(phone: str) -> str:
    """138****5678: enough for a person to recognise their own number."""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else "****"


def contains_id_card_number(text: str) -> bool:
    return bool(ID_CARD_RE.search(text or ""))


def refuse_id_card_number(value: object) -> None:
    """Validator for every free-text field: refuse anything shaped like an ID-card number."""
    if isinstance(value, str) and contains_id_card_number(value):
        raise ValidationError(ID_CARD_REFUSED, code="id_card_number")


def name_mask(name: str) -> str:
    """张三丰 -> 张**, 张三 -> 张*: the surname stays, the given name is hidden."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)
