"""People endpoints for staff tools: read a resident, register one by 代录."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from roundtable.accounts.auth import ANY_AUTH
from roundtable.lib.api_errors import FieldErrors
from roundtable.people.access import (
    access_jurisdiction_by_id,
    access_person_by_id,
    has_permission,
    scopes_with,
)
from roundtable.people.forms import ResidentRegistrationForm
from roundtable.people.models import Person
from roundtable.people.services import person_register

router = Router(tags=["people"])


class PersonOut(Schema):
    id: UUID
    display_name: str
    masked_name: str
    birth_year: int | None
    has_phone: bool
    communities: list[str]

    @staticmethod
    def of(person: Person) -> "PersonOut":
        return PersonOut(
            id=person.pk,
            display_name=person.display_name,
            masked_name=person.masked_name,
            birth_year=person.birth_year,
            has_phone=bool(person.phone_hash),
            communities=[r.community.name for r in person.residencies.select_related("community")],
        )


class PersonRegisterIn(Schema):
    display_name: str
    legal_name: str = ""
    phone: str = ""
    birth_year: int | None = None
    gender: str = ""
    community_id: UUID
    unit_id: UUID
    basis: str
    household_type: str
    channel: str
    consent_account: bool = True
    consent_voting: bool = True
    consent_survey: bool = False


@router.get("/persons/{person_id}", response=PersonOut, auth=ANY_AUTH)
def person_get(request: HttpRequest, person_id: UUID) -> PersonOut:
    return PersonOut.of(access_person_by_id(request.user, person_id))


@router.post("/persons", response={201: PersonOut}, auth=ANY_AUTH)
def person_create(request: HttpRequest, payload: PersonRegisterIn) -> Status[PersonOut]:
    """Register a resident on their behalf (代录). Bad input: 422 with a message per field."""
    if not has_permission(request.user, "assisted_entry"):
        raise HttpError(403, "assisted entry is not among your roles")
    community = access_jurisdiction_by_id(request.user, payload.community_id, permission="assisted_entry")
    unit = access_jurisdiction_by_id(request.user, payload.unit_id, permission="assisted_entry")
    data = payload.dict() | {"community": community.pk, "unit": unit.pk}
    form = ResidentRegistrationForm(data, scopes=scopes_with(request.user, "assisted_entry"))
    if not form.is_valid():
        raise FieldErrors(form.errors.get_json_data())
    try:
        person = person_register(
            actor=request.user,
            **{k: form.cleaned_data[k] for k in PERSON_FIELDS},
            consents=form.consents(),
        )
    except ValidationError as e:
        raise FieldErrors.from_validation_error(e) from None
    return Status(201, PersonOut.of(person))


PERSON_FIELDS = (
    "display_name",
    "legal_name",
    "phone",
    "birth_year",
    "gender",
    "community",
    "unit",
    "basis",
    "household_type",
    "channel",
)
