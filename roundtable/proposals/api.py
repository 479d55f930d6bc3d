"""Proposal endpoints: create from an idea, co-sign, review, move through the state machine, publish
the candidate notice. Same forms and services as the pages."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from roundtable.accounts.auth import ANY_AUTH
from roundtable.cycles.access import access_cycle_by_id
from roundtable.ideas.access import access_idea_by_id
from roundtable.lib.api_errors import FieldErrors
from roundtable.proposals import services
from roundtable.proposals.access import (
    access_proposal_by_id,
    access_proposal_for_resident,
    access_proposal_photo_by_id,
)
from roundtable.proposals.forms import ProposalForm, ReviewForm, TransitionForm
from roundtable.proposals.models import Proposal, ProposalPhoto

router = Router(tags=["proposals"])


class ProposalOut(Schema):
    id: UUID
    title: str
    status: str
    status_label: str
    cost_estimate: int
    co_signers: int
    reviews: int
    feasibility: str
    touches_common_parts: bool

    @staticmethod
    def of(p: Proposal) -> "ProposalOut":
        return ProposalOut(
            id=p.pk,
            title=p.title,
            status=p.status,
            status_label=str(p.get_status_display()),
            cost_estimate=p.cost_estimate,
            co_signers=p.co_signatures.count(),
            reviews=p.reviews.count(),
            feasibility=p.feasibility,
            touches_common_parts=p.touches_common_parts,
        )


class ProposalIn(Schema):
    idea_id: UUID
    pool_id: UUID
    title: str
    problem: str
    solution: str
    type: str
    location_id: UUID
    beneficiaries: int
    cost_estimate: int
    cost_basis: str
    touches_common_parts: bool = False


class ReviewIn(Schema):
    reviewer_role: str
    reviewer_name: str
    opinion: str
    cost_opinion: int | None = None
    recommendation: str


class TransitionIn(Schema):
    to: str
    reason: str = ""


class NoticeRef(Schema):
    id: UUID
    title: str


def _call(fn: Any, **kwargs: Any) -> Any:
    try:
        return fn(**kwargs)
    except ValidationError as e:
        raise FieldErrors.from_validation_error(e) from None


@router.post("/proposals", response={201: ProposalOut}, auth=ANY_AUTH)
def proposal_create(request: HttpRequest, payload: ProposalIn) -> Status[ProposalOut]:
    idea = access_idea_by_id(request.user, payload.idea_id)
    data = payload.dict() | {"pool": str(payload.pool_id), "location": str(payload.location_id)}
    form = ProposalForm(data, cycle=idea.cycle)
    if not form.is_valid():
        raise FieldErrors(form.errors.get_json_data())
    proposal = _call(services.proposal_create, actor=request.user, idea=idea, **form.cleaned_data)
    return Status(201, ProposalOut.of(proposal))


@router.post("/proposals/{proposal_id}/cosign", response=ProposalOut, auth=ANY_AUTH)
def proposal_cosign(request: HttpRequest, proposal_id: UUID) -> ProposalOut:
    """附议 by the signed-in resident."""
    person = getattr(request.user, "person", None)
    proposal = access_proposal_for_resident(person, proposal_id)
    _call(services.proposal_cosign, actor=request.user, proposal=proposal, person=person)
    return ProposalOut.of(proposal)


@router.post("/proposals/{proposal_id}/reviews", response={201: ProposalOut}, auth=ANY_AUTH)
def proposal_review(request: HttpRequest, proposal_id: UUID, payload: ReviewIn) -> Status[ProposalOut]:
    proposal = access_proposal_by_id(request.user, proposal_id)
    form = ReviewForm(payload.dict())
    if not form.is_valid():
        raise FieldErrors(form.errors.get_json_data())
    _call(services.proposal_review_add, actor=request.user, proposal=proposal, **form.cleaned_data)
    return Status(201, ProposalOut.of(proposal))


@router.post("/proposals/{proposal_id}/transition", response=ProposalOut, auth=ANY_AUTH)
def proposal_transition(request: HttpRequest, proposal_id: UUID, payload: TransitionIn) -> ProposalOut:
    """Move a proposal through its state machine; an illegal move is a 422 naming the current state."""
    proposal = access_proposal_by_id(request.user, proposal_id)
    form = TransitionForm(payload.dict())
    if not form.is_valid():
        raise FieldErrors(form.errors.get_json_data())
    moved = _call(services.proposal_transition, actor=request.user, proposal=proposal, **form.cleaned_data)
    return ProposalOut.of(moved)


@router.post("/cycles/{cycle_id}/candidate-notice", response={201: NoticeRef}, auth=ANY_AUTH)
def candidate_notice(request: HttpRequest, cycle_id: UUID) -> Status[NoticeRef]:
    cycle = access_cycle_by_id(request.user, cycle_id, permission="notice_publish")
    notice = _call(services.candidate_notice_publish, actor=request.user, cycle=cycle)
    if notice is None:  # pragma: no cover
        raise HttpError(500, "no notice")
    return Status(201, NoticeRef(id=notice.pk, title=notice.title))


class PhotoOut(Schema):
    id: int
    content_type: str
    size: int
    url: str

    @staticmethod
    def of(photo: ProposalPhoto) -> "PhotoOut":
        return PhotoOut(
            id=photo.pk,
            content_type=photo.content_type,
            size=photo.size,
            url=reverse("proposals:photo", args=[photo.pk]),
        )


@router.get("/proposals/{proposal_id}/photos", response=list[PhotoOut], auth=ANY_AUTH)
def proposal_photos(request: HttpRequest, proposal_id: UUID) -> list[PhotoOut]:
    """The proposal's public photos in order; the first is frozen onto the ballot when a vote opens."""
    proposal = access_proposal_by_id(request.user, proposal_id)
    return [PhotoOut.of(photo) for photo in proposal.photos.all()]


@router.post("/proposals/{proposal_id}/photos", response={201: PhotoOut}, auth=ANY_AUTH)
def proposal_photo_upload(
    request: HttpRequest, proposal_id: UUID, photo: File[UploadedFile]
) -> Status[PhotoOut]:
    """Multipart upload of one JPEG or PNG (field ``photo``); re-encoded without metadata."""
    proposal = access_proposal_by_id(request.user, proposal_id)
    stored = _call(services.proposal_photo_add, actor=request.user, proposal=proposal, upload=photo)
    return Status(201, PhotoOut.of(stored))


@router.delete("/proposals/{proposal_id}/photos/{photo_id}", response={204: None}, auth=ANY_AUTH)
def proposal_photo_delete(request: HttpRequest, proposal_id: UUID, photo_id: int) -> Status[None]:
    """Refused (422) once the proposal is a candidate on a vote that has opened."""
    photo = access_proposal_photo_by_id(request.user, photo_id)
    if photo.proposal_id != proposal_id:
        raise Http404
    _call(services.proposal_photo_remove, actor=request.user, photo=photo)
    return Status(204, None)
