"""Survey endpoints: open a survey on a sample, answer online (signed in or with the one-time token),
staff-entered paper and phone answers, results with small cells suppressed, close."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from roundtable.accounts.auth import ANY_AUTH
from roundtable.cycles.access import access_cycle_by_id
from roundtable.delivery.access import access_implementation_by_id
from roundtable.lib.api_errors import FieldErrors
from roundtable.people.access import access_jurisdiction_by_id, access_person_by_id
from roundtable.surveys import services
from roundtable.surveys.access import access_survey_by_id, access_survey_public
from roundtable.surveys.models import Response, Survey
from roundtable.surveys.selectors import survey_results

router = Router(tags=["surveys"])


def _call(fn: Any, **kwargs: Any) -> Any:
    try:
        return fn(**kwargs)
    except ValidationError as e:
        raise FieldErrors.from_validation_error(e) from None


class SurveyIn(Schema):
    instrument: str
    title: str = ""
    sampling: str
    jurisdiction_id: UUID | None = None
    cycle_id: UUID | None = None
    implementation_id: UUID | None = None
    wave: str = ""
    sample_size: int = 0
    attendee_ids: list[UUID] = []


class SurveyOut(Schema):
    id: UUID
    title: str
    instrument: str
    version: int
    status: str
    invited: int
    responses: int
    items: list[dict[str, Any]]

    @staticmethod
    def of(s: Survey) -> "SurveyOut":
        return SurveyOut(
            id=s.pk,
            title=s.title,
            instrument=s.instrument.code,
            version=s.instrument.version,
            status=s.status,
            invited=s.invitations.count(),
            responses=s.responses.count(),
            items=s.instrument.items,
        )


class AnswersIn(Schema):
    answers: dict[str, Any]


class EntryIn(Schema):
    person_id: UUID
    channel: str
    answers: dict[str, Any]


class Ack(Schema):
    ok: bool = True


@router.post("/surveys", response={201: SurveyOut}, auth=ANY_AUTH)
def survey_open(request: HttpRequest, payload: SurveyIn) -> Status[SurveyOut]:
    """Opens the survey and sends each sampled person a letter with their one-time link."""
    user = request.user
    impl = access_implementation_by_id(user, payload.implementation_id) if payload.implementation_id else None
    cycle = (
        access_cycle_by_id(user, payload.cycle_id, permission="survey_manage") if payload.cycle_id else None
    )
    if payload.jurisdiction_id:
        place = access_jurisdiction_by_id(user, payload.jurisdiction_id, permission="survey_manage")
    elif impl or cycle:
        place = (impl.proposal.cycle if impl else cycle).jurisdiction  # type: ignore[union-attr]
    else:
        raise FieldErrors({"jurisdiction_id": [{"message": "请指定范围：社区、周期或项目。"}]})
    survey, _tokens = _call(
        services.survey_open,
        actor=user,
        instrument_code=payload.instrument,
        title=payload.title,
        jurisdiction=place,
        sampling=payload.sampling,
        cycle=cycle,
        implementation=impl,
        wave=payload.wave,
        sample_size=payload.sample_size,
        attendee_ids=payload.attendee_ids,
    )
    return Status(201, SurveyOut.of(survey))


@router.get("/surveys/{survey_id}", response=SurveyOut)
def survey_read(request: HttpRequest, survey_id: UUID) -> SurveyOut:
    return SurveyOut.of(access_survey_public(survey_id))


@router.post("/surveys/{survey_id}/responses", response={201: Ack}, auth=ANY_AUTH)
def survey_respond(request: HttpRequest, survey_id: UUID, payload: AnswersIn) -> Status[Ack]:
    """The signed-in resident answers, if they are in the sample; once only."""
    survey = access_survey_public(survey_id)
    invitation = _call(
        services.invitation_for_person, survey=survey, person=getattr(request.user, "person", None)
    )
    _call(
        services.survey_respond,
        actor=request.user,
        survey=survey,
        invitation=invitation,
        answers=payload.answers,
    )
    return Status(201, Ack())


@router.post("/surveys/token/{token}/responses", response={201: Ack})
def survey_respond_by_token(request: HttpRequest, token: str, payload: AnswersIn) -> Status[Ack]:
    """Answer with the one-time link from the invitation letter, without signing in."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        raise Http404
    _call(
        services.survey_respond,
        actor=None,
        survey=invitation.survey,
        invitation=invitation,
        answers=payload.answers,
    )
    return Status(201, Ack())


@router.post("/surveys/{survey_id}/entries", response={201: Ack}, auth=ANY_AUTH)
def survey_entry(request: HttpRequest, survey_id: UUID, payload: EntryIn) -> Status[Ack]:
    """Staff enter a paper form or a phone interview for a sampled resident."""
    survey = access_survey_by_id(request.user, survey_id)
    if payload.channel not in (Response.Channel.PAPER, Response.Channel.PHONE):
        raise FieldErrors({"channel": [{"message": "代录渠道应为 paper 或 phone。"}]})
    person = access_person_by_id(request.user, payload.person_id)
    invitation = _call(services.invitation_for_person, survey=survey, person=person)
    _call(
        services.survey_respond,
        actor=request.user,
        survey=survey,
        invitation=invitation,
        answers=payload.answers,
        channel=payload.channel,
    )
    return Status(201, Ack())


@router.get("/surveys/{survey_id}/results", response=dict[str, Any])
def survey_results_read(request: HttpRequest, survey_id: UUID) -> dict[str, Any]:
    """Public, with every cell from fewer people than the rulebook's minimum suppressed."""
    return survey_results(access_survey_public(survey_id))


@router.post("/surveys/{survey_id}/close", response=SurveyOut, auth=ANY_AUTH)
def survey_close(request: HttpRequest, survey_id: UUID) -> SurveyOut:
    survey = access_survey_by_id(request.user, survey_id)
    return SurveyOut.of(_call(services.survey_close, actor=request.user, survey=survey))
