"""Writes about people: registration (self or 代录), consent, assisted-entry sessions."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roundtable.audit.models import AuditEntry
from roundtable.audit.services import audit_record
from roundtable.communities.models import Household, Jurisdiction
from roundtable.lib.privacy import encrypt, phone_hash, phone_normalize, refuse_id_card_number
from roundtable.people.models import Consent, Person, Residency

CONSENT_TEXT_VERSION = "2026-01"
MIN_ACCOUNT_AGE = 14
PHONE_TAKEN = _("这个手机号已经登记过了，请在居民名册中查找。")
TOO_YOUNG = _("未满14周岁的居民需由监护人陪同登记，请先登记监护人。")


def _refuse_id_numbers(**fields: str) -> None:
    errors = {}
    for name, value in fields.items():
        try:
            refuse_id_card_number(value)
        except ValidationError as e:
            errors[name] = e.messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def person_register(
    *,
    actor: Any,
    display_name: str,
    community: Jurisdiction,
    unit: Jurisdiction,
    basis: str,
    household_type: str,
    channel: str,
    legal_name: str = "",
    phone: str = "",
    birth_year: int | None = None,
    gender: str = "",
    consents: tuple[str, ...] = (Consent.Purpose.ACCOUNT, Consent.Purpose.VOTING),
    assisted: bool = True,
) -> Person:
    """Register a resident with their residency and consents. When staff enter it (代录),
    the audit entry names both the staff member and the resident."""
    _refuse_id_numbers(display_name=display_name, legal_name=legal_name)
    if birth_year and timezone.localdate().year - birth_year < MIN_ACCOUNT_AGE:
        raise ValidationError({"birth_year": TOO_YOUNG})
    normalised = phone_normalize(phone) if phone else ""
    if normalised and Person.objects.filter(phone_hash=phone_hash(normalised)).exists():
        raise ValidationError({"phone": PHONE_TAKEN})

    person = Person.objects.create(
        display_name=display_name.strip(),
        name_enc=encrypt(legal_name.strip()),
        phone_hash=phone_hash(normalised) if normalised else None,
        phone_enc=encrypt(normalised),
        birth_year=birth_year,
        gender=gender,
        created_by=actor,
    )
    household = Household.objects.create(
        unit=unit, address_label=_unit_label(unit), household_type=household_type
    )
    now = timezone.now()
    Residency.objects.create(
        person=person,
        household=household,
        community=community,
        basis=basis,
        verified_by=actor if assisted else None,
        verification_method="staff_document_check" if assisted else "",
        verified_at=now if assisted else None,
    )
    consent_channel = Consent.Channel.ASSISTED if assisted else Consent.Channel.ONLINE
    for purpose in consents:
        Consent.objects.create(
            person=person,
            purpose=purpose,
            text_version=CONSENT_TEXT_VERSION,
            granted_at=now,
            channel=consent_channel,
            recorded_by=actor,
        )
    if normalised:
        get_user_model().objects.create_user(username=f"r-{person.pk.hex[:12]}", person=person)
    audit_record(
        actor=actor,
        action="person.register",
        target=person,
        **_on_behalf(person, assisted),
        data={
            "community": str(community.pk),
            "basis": basis,
            "intake_channel": channel,
            "consents": list(consents),
        },
    )
    return person


def _unit_label(unit: Jurisdiction) -> str:
    parts = [unit.name]
    if unit.parent and unit.level == Jurisdiction.Level.UNIT:
        parts.insert(0, unit.parent.name)
    return "".join(parts)


@transaction.atomic
def consent_withdraw(*, actor: Any, person: Person, purpose: str, on_behalf: bool = False) -> int:
    count = Consent.objects.filter(person=person, purpose=purpose, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    if count:
        audit_record(
            actor=actor,
            action="consent.withdraw",
            target=person,
            **_on_behalf(person, on_behalf),
            data={"purpose": purpose},
        )
    return count


@transaction.atomic
def assist_log(*, staff: Any, person: Person, starting: bool) -> None:
    """Staff begin (or end) acting for a resident without a phone; everything in between is
    logged for both of them."""
    audit_record(
        actor=staff,
        action="assist.start" if starting else "assist.end",
        target=person,
        **_on_behalf(person, True),
    )


def _on_behalf(person: Person, assisted: bool) -> dict[str, Any]:
    """The audit fields that say whether staff wrote this for the resident (代录)."""
    if assisted:
        return {"on_behalf_of": person, "channel": AuditEntry.Channel.ASSISTED}
    return {"on_behalf_of": None, "channel": AuditEntry.Channel.WEB}
