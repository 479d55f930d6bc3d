"""Idea endpoints: submit (resident or 代录), my ideas, triage. Same forms and services as the pages."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from roundtable.accounts.auth import ANY_AUTH
from roundtable.cycles.access import access_cycle_by_id
from roundtable.ideas.access import access_idea_by_id, access_idea_for_edit_by_id
from roundtable.ideas.forms import AssistedIdeaForm, CategoryForm, ProblemForm, TriageForm, WhereForm
from roundtable.ideas.models import Idea
from roundtable.ideas.selectors import cycle_for_intake, idea_list_mine, location_choices
from roundtable.ideas.services import idea_photo_add, idea_submit, idea_triage
from roundtable.lib.api_errors import FieldErrors
from roundtable.people.access import jurisdictions_under, persons_in_scope, scopes_with

router = Router(tags=["ideas"])


class ReplyOut(Schema):
    body: str
    created_at: datetime


class IdeaOut(Schema):
    id: UUID
    ack_number: str
    status: str
    status_label: str
    problem: str
    category: str
    channel: str
    replies: list[ReplyOut]

    @staticmethod
    def of(idea: Idea) -> "IdeaOut":
        return IdeaOut(
            id=idea.pk,
            ack_number=idea.ack_number,
            status=idea.status,
            status_label=str(idea.get_status_display()),
            problem=idea.problem,
            category=idea.category,
            channel=idea.channel,
            replies=[ReplyOut(body=r.body, created_at=r.created_at) for r in idea.replies.all()],
        )


class IdeaIn(Schema):
    problem: str
    location_id: UUID
    place_note: str = ""
    category: str


class AssistedIdeaIn(IdeaIn):
    cycle_id: UUID
    submitter_id: UUID
    channel: str


class TriageIn(Schema):
    klass: str
    route: str
    reason: str
    department: str = ""
    ticket_no: str = ""
    due_at: str | None = None
    merge_into_id: UUID | None = None
    negative_item_id: UUID | None = None


class TriageOut(Schema):
    idea: IdeaOut
    klass: str
    route: str


def _valid(*forms: Any) -> None:
    errors: dict[str, Any] = {}
    for form in forms:
        if not form.is_valid():
            errors |= form.errors.get_json_data()
    if errors:
        raise FieldErrors(errors)


@router.post("/ideas", response={201: IdeaOut}, auth=ANY_AUTH)
def idea_create(request: HttpRequest, payload: IdeaIn) -> Status[IdeaOut]:
    """A resident submits an idea (photos through the page). Bad input: 422 with a message per field."""
    person = getattr(request.user, "person", None)
    if person is None:
        raise HttpError(403, "no resident profile")
    cycle, _phase = cycle_for_intake(person=person)
    if cycle is None:
        raise FieldErrors({"__all__": [{"message": _("您所在的社区目前没有正在进行的点子征集。")}]})
    data = payload.dict() | {"location": str(payload.location_id)}
    forms = (
        ProblemForm(data),
        WhereForm(data, locations=location_choices(person=person)),
        CategoryForm(data),
    )
    _valid(*forms)
    try:
        idea = idea_submit(
            actor=request.user,
            person=person,
            cycle=cycle,
            location=forms[1].cleaned_data["location"],
            place_note=forms[1].cleaned_data["place_note"],
            problem=forms[0].cleaned_data["problem"],
            category=forms[2].cleaned_data["category"],
        )
    except ValidationError as e:
        raise FieldErrors.from_validation_error(e) from None
    return Status(201, IdeaOut.of(idea))


@router.post("/ideas/assisted", response={201: IdeaOut}, auth=ANY_AUTH)
def idea_create_assisted(request: HttpRequest, payload: AssistedIdeaIn) -> Status[IdeaOut]:
    """Staff enter an idea for a resident (代录), with the channel it came through."""
    cycle = access_cycle_by_id(request.user, payload.cycle_id, permission="assisted_entry")
    scopes = scopes_with(request.user, "assisted_entry")
    data = payload.dict() | {"location": str(payload.location_id), "submitter": str(payload.submitter_id)}
    form = AssistedIdeaForm(
        data,
        residents=persons_in_scope(request.user, "assisted_entry"),
        locations=jurisdictions_under(scopes).filter(level__in=["estate", "building"]),
    )
    _valid(form)
    d = form.cleaned_data
    try:
        idea = idea_submit(
            actor=request.user,
            person=d["submitter"],
            cycle=cycle,
            location=d["location"],
            place_note=d["place_note"],
            problem=d["problem"],
            category=d["category"],
            channel=d["channel"],
            assisted=True,
        )
    except ValidationError as e:
        raise FieldErrors.from_validation_error(e) from None
    return Status(201, IdeaOut.of(idea))


@router.get("/ideas/mine", response=list[IdeaOut], auth=ANY_AUTH)
def ideas_mine(request: HttpRequest) -> list[IdeaOut]:
    person = getattr(request.user, "person", None)
    return [IdeaOut.of(i) for i in idea_list_mine(person=person)] if person else []


@router.post("/ideas/{idea_id}/triage", response=TriageOut, auth=ANY_AUTH)
def idea_triage_endpoint(request: HttpRequest, idea_id: UUID, payload: TriageIn) -> TriageOut:
    """三事分流. Every route's required fields are checked; the reason reaches the submitter."""
    idea = access_idea_by_id(request.user, idea_id)
    data = payload.dict() | {
        "merge_into": str(payload.merge_into_id or ""),
        "negative_item": str(payload.negative_item_id or ""),
    }
    form = TriageForm(data, idea=idea)
    _valid(form)
    try:
        decision = idea_triage(actor=request.user, idea=idea, **form.cleaned_data)
    except ValidationError as e:
        raise FieldErrors.from_validation_error(e) from None
    idea.refresh_from_db()
    return TriageOut(idea=IdeaOut.of(idea), klass=decision.klass, route=decision.route)


class PhotoOut(Schema):
    id: int
    content_type: str
    size: int


@router.post("/ideas/{idea_id}/photos", response={201: PhotoOut}, auth=ANY_AUTH)
def idea_photo_upload(request: HttpRequest, idea_id: UUID, photo: File[UploadedFile]) -> Status[PhotoOut]:
    """Multipart upload of one JPEG or PNG; re-encoded without metadata like on the page."""
    idea = access_idea_for_edit_by_id(request.user, idea_id)
    try:
        stored = idea_photo_add(actor=request.user, idea=idea, upload=photo)
    except ValidationError as e:
        raise FieldErrors.from_validation_error(e) from None
    return Status(201, PhotoOut(id=stored.pk, content_type=stored.content_type, size=stored.size))
