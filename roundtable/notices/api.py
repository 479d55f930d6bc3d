"""Notice endpoints: read a public notice (names masked), object, answer an objection."""

from datetime import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from roundtable.accounts.auth import ANY_AUTH
from roundtable.lib.api_errors import FieldErrors
from roundtable.notices.access import access_objection_by_id, access_public_notice_by_id
from roundtable.notices.forms import AnswerForm, ObjectionForm
from roundtable.notices.models import PublicNotice
from roundtable.notices.selectors import notice_get_public
from roundtable.notices.services import objection_answer, objection_submit

router = Router(tags=["notices"])


class AnsweredObjectionOut(Schema):
    submitter: str  # masked
    text: str
    response: str


class NoticeOut(Schema):
    id: UUID
    type: str
    title: str
    body: str
    columns: list[str]
    rows: list[list[str]]
    posted_at: datetime
    period_days: int
    objection_deadline: datetime | None
    accepts_objections: bool
    answered_objections: list[AnsweredObjectionOut]

    @staticmethod
    def of(notice: PublicNotice) -> "NoticeOut":
        ctx = notice_get_public(notice=notice)
        return NoticeOut(
            id=notice.pk,
            type=notice.type,
            title=notice.title,
            body=notice.body,
            columns=notice.columns,
            rows=notice.rows,
            posted_at=notice.posted_at,
            period_days=notice.period_days,
            objection_deadline=notice.objection_deadline,
            accepts_objections=notice.accepts_objections(),
            answered_objections=[
                AnsweredObjectionOut(submitter=o.submitter.masked_name, text=o.text, response=o.response)
                for o in ctx["answered"]
            ],
        )


class ObjectionIn(Schema):
    text: str


class AnswerIn(Schema):
    response: str


class ObjectionOut(Schema):
    id: UUID
    status: str


@router.get("/notices/{notice_id}", response=NoticeOut)
def notice_get(request: HttpRequest, notice_id: UUID) -> NoticeOut:
    return NoticeOut.of(access_public_notice_by_id(notice_id))


@router.post("/notices/{notice_id}/objections", response={201: ObjectionOut}, auth=ANY_AUTH)
def objection_create(request: HttpRequest, notice_id: UUID, payload: ObjectionIn) -> Status[ObjectionOut]:
    notice = access_public_notice_by_id(notice_id)
    person = getattr(request.user, "person", None)
    if person is None:
        raise HttpError(403, "no resident profile")
    form = ObjectionForm(payload.dict())
    if not form.is_valid():
        raise FieldErrors(form.errors.get_json_data())
    try:
        objection = objection_submit(
            actor=request.user, notice=notice, person=person, text=form.cleaned_data["text"]
        )
    except ValidationError as e:
        raise FieldErrors.from_validation_error(e) from None
    return Status(201, ObjectionOut(id=objection.pk, status=objection.status))


@router.post("/objections/{objection_id}/answer", response=ObjectionOut, auth=ANY_AUTH)
def objection_answer_endpoint(request: HttpRequest, objection_id: UUID, payload: AnswerIn) -> ObjectionOut:
    objection = access_objection_by_id(request.user, objection_id)
    form = AnswerForm(payload.dict())
    if not form.is_valid():
        raise FieldErrors(form.errors.get_json_data())
    try:
        answered = objection_answer(
            actor=request.user, objection=objection, response=form.cleaned_data["response"]
        )
    except ValidationError as e:
        raise FieldErrors.from_validation_error(e) from None
    return ObjectionOut(id=answered.pk, status=answered.status)
