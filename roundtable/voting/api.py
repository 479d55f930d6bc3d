"""Voting endpoints: the ballot, receipts, results and open data, and the staff desk. Same services
and access checks as the pages."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema, Status

from roundtable.accounts.auth import ANY_AUTH
from roundtable.cycles.access import access_cycle_by_id
from roundtable.lib.api_errors import FieldErrors
from roundtable.people.access import _as_uuid
from roundtable.voting import ballot_box, selectors, services, tally
from roundtable.voting.access import access_vote_by_id, public_vote
from roundtable.voting.models import Participation, VoteEvent

router = Router(tags=["voting"])


def _call(fn: Any, **kwargs: Any) -> Any:
    try:
        return fn(**kwargs)
    except ValidationError as e:
        raise FieldErrors.from_validation_error(e) from None


class CandidateOut(Schema):
    number: int
    title: str
    summary: str
    category: str
    cost: int
    pool_id: UUID
    photo_url: str | None  # the thumbnail frozen at opening; null when the proposal had no photo


class VoteOut(Schema):
    id: UUID
    title: str
    status: str
    ballot_type: str
    max_choices: int | None
    points_total: int | None
    closes_at: datetime
    candidates: list[CandidateOut]

    @staticmethod
    def of(vote: VoteEvent) -> "VoteOut":
        return VoteOut(
            id=vote.pk,
            title=vote.title,
            status=vote.status,
            ballot_type=vote.ballot_type,
            max_choices=vote.max_choices,
            points_total=vote.points_total,
            closes_at=vote.closes_at,
            candidates=[
                CandidateOut(
                    number=c.number,
                    title=c.title,
                    summary=c.summary,
                    category=c.category,
                    cost=c.cost,
                    pool_id=c.pool_id,
                    photo_url=reverse("voting:candidate_photo", args=[vote.pk, c.number])
                    if c.photo_id
                    else None,
                )
                for c in vote.candidates.all()
            ],
        )


class BallotIn(Schema):
    choices: list[Any]
    key: str


class ReceiptOut(Schema):
    receipt: str
    counted: bool


class VoteIn(Schema):
    title: str
    closes_at: datetime


class PaperIn(Schema):
    sheet: str
    choices: list[Any]
    batch: str = ""


class PaperOut(Schema):
    sheet: str
    entry_no: int
    state: str


@router.get("/votes/{vote_id}", response=VoteOut)
def vote_detail(request: HttpRequest, vote_id: UUID) -> VoteOut:
    return VoteOut.of(public_vote(vote_id))


@router.post("/votes/{vote_id}/ballots", response={201: ReceiptOut}, auth=ANY_AUTH)
def ballot_cast(request: HttpRequest, vote_id: UUID, payload: BallotIn) -> Status[ReceiptOut]:
    """Cast the signed-in resident's ballot. The same ``key`` again returns the same receipt."""
    vote = ballot_box.vote_for_casting(_as_uuid(vote_id))
    if vote is None:
        raise Http404
    entry = services.roll_entry_for(vote, request.user.person_id)
    receipt = _call(
        services.vote_cast,
        actor=request.user,
        vote=vote,
        entry=entry,
        choices=payload.choices,
        key=payload.key,
        channel=Participation.Channel.ONLINE,
    )
    return Status(201, ReceiptOut(receipt=receipt, counted=True))


@router.get("/votes/{vote_id}/receipts", response=list[str])
def receipt_list(request: HttpRequest, vote_id: UUID) -> list[str]:
    vote = public_vote(vote_id)
    return list(vote.ballots.order_by("receipt").values_list("receipt", flat=True))


@router.get("/votes/{vote_id}/receipts/{code}", response=ReceiptOut)
def receipt_check(request: HttpRequest, vote_id: UUID, code: str) -> ReceiptOut:
    vote = public_vote(vote_id)
    if not vote.ballots.filter(receipt=code.strip().upper()).exists():
        raise Http404
    return ReceiptOut(receipt=code.strip().upper(), counted=True)


def _tallied(vote_id: UUID) -> VoteEvent:
    vote = public_vote(vote_id)
    if vote.status != VoteEvent.Status.TALLIED:
        raise Http404
    return vote


@router.get("/votes/{vote_id}/results")
def results(request: HttpRequest, vote_id: UUID) -> dict[str, Any]:
    return _tallied(vote_id).result


@router.get("/votes/{vote_id}/results.csv")
def results_csv(request: HttpRequest, vote_id: UUID) -> HttpResponse:
    return HttpResponse(selectors.results_csv(_tallied(vote_id)), content_type="text/csv; charset=utf-8")


@router.get("/votes/{vote_id}/pools/{pool_id}.pb")
def results_pb(request: HttpRequest, vote_id: UUID, pool_id: str) -> HttpResponse:
    vote = _tallied(vote_id)
    pool = vote.cycle.pools.filter(pk=_as_uuid(pool_id)).first()
    if pool is None or str(pool.pk) not in {p["id"] for p in vote.result["pools"]}:
        raise Http404
    return HttpResponse(tally.pabulib_export(vote, pool), content_type="text/plain; charset=utf-8")


# -- staff -----------------------------------------------------------------------------------------


@router.post("/cycles/{cycle_id}/vote", response={201: VoteOut}, auth=ANY_AUTH)
def vote_create(request: HttpRequest, cycle_id: UUID, payload: VoteIn) -> Status[VoteOut]:
    cycle = access_cycle_by_id(request.user, cycle_id, permission="vote_manage")
    vote = _call(
        services.vote_create,
        actor=request.user,
        cycle=cycle,
        title=payload.title,
        closes_at=payload.closes_at,
    )
    return Status(201, VoteOut.of(vote))


@router.post("/votes/{vote_id}/open", response=VoteOut, auth=ANY_AUTH)
def vote_open(request: HttpRequest, vote_id: UUID) -> VoteOut:
    vote = access_vote_by_id(request.user, vote_id)
    return VoteOut.of(_call(services.vote_open, actor=request.user, vote=vote))


@router.post("/votes/{vote_id}/close", auth=ANY_AUTH)
def vote_close(request: HttpRequest, vote_id: UUID) -> dict[str, Any]:
    vote = access_vote_by_id(request.user, vote_id)
    return _call(services.vote_close, actor=request.user, vote=vote).result


@router.post("/votes/{vote_id}/paper-entries", response={201: PaperOut}, auth=ANY_AUTH)
def paper_entry(request: HttpRequest, vote_id: UUID, payload: PaperIn) -> Status[PaperOut]:
    vote = access_vote_by_id(request.user, vote_id, permission="paper_ballot_entry")
    entry = _call(
        services.paper_entry_submit,
        actor=request.user,
        vote=vote,
        sheet=payload.sheet,
        choices=payload.choices,
        batch=payload.batch,
    )
    return Status(201, PaperOut(sheet=entry.sheet, entry_no=entry.entry_no, state=entry.state))


@router.post("/votes/{vote_id}/paper-entries/resolve", response={201: PaperOut}, auth=ANY_AUTH)
def paper_resolve(request: HttpRequest, vote_id: UUID, payload: PaperIn) -> Status[PaperOut]:
    vote = access_vote_by_id(request.user, vote_id, permission="paper_ballot_entry")
    entry = _call(
        services.paper_mismatch_resolve,
        actor=request.user,
        vote=vote,
        sheet=payload.sheet,
        choices=payload.choices,
    )
    return Status(201, PaperOut(sheet=entry.sheet, entry_no=entry.entry_no, state=entry.state))


@router.post("/votes/{vote_id}/roll/{entry_id}/paper", response={201: dict}, auth=ANY_AUTH)
def paper_issue(request: HttpRequest, vote_id: UUID, entry_id: int) -> Status[dict]:
    vote = access_vote_by_id(request.user, vote_id, permission="paper_ballot_entry")
    entry = vote.roll.filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    _call(services.paper_roll_mark, actor=request.user, vote=vote, entry=entry)
    return Status(201, {"channel": "paper"})
