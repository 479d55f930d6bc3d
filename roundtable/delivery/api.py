"""Delivery endpoints (P9–P11): plan, milestones, expenditures, change requests, photos, inspections,
problem reports, progress notices, acceptance and published accounts. Same services and access
checks as the pages; refusals are 422 with field errors."""

from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from roundtable.accounts.auth import ANY_AUTH
from roundtable.delivery import services
from roundtable.delivery.access import (
    access_change_request_by_id,
    access_implementation_by_id,
    access_implementation_public,
    access_milestone_by_id,
    implementations_in_scope,
)
from roundtable.delivery.models import ChangeRequest, Implementation, ProblemReport
from roundtable.lib.api_errors import FieldErrors
from roundtable.people.access import persons_in_scope
from roundtable.proposals.access import access_proposal_by_id

router = Router(tags=["delivery"])


def _call(fn: Any, **kwargs: Any) -> Any:
    try:
        return fn(**kwargs)
    except ValidationError as e:
        raise FieldErrors.from_validation_error(e) from None


class ImplementationOut(Schema):
    id: UUID
    proposal_id: UUID
    title: str
    implementer: str
    status: str
    budget: int
    allowed: int
    spent: int

    @staticmethod
    def of(i: Implementation) -> "ImplementationOut":
        return ImplementationOut(
            id=i.pk,
            proposal_id=i.proposal_id,
            title=i.proposal.title,
            implementer=i.implementer,
            status=i.status,
            budget=i.budget,
            allowed=services.allowed_budget(i),
            spent=services.spent_total(i),
        )


class ImplementationIn(Schema):
    implementer: str
    procurement_method: str
    procurement_note: str = ""
    contract_ref: str = ""
    budget: int | None = None
    start_planned: date | None = None
    finish_planned: date | None = None


class MilestoneIn(Schema):
    name: str
    due_on: date


class IdOut(Schema):
    id: str


class ExpenditureIn(Schema):
    amount: int
    spent_on: date
    payee: str
    voucher_ref: str


class ChangeIn(Schema):
    reason: str
    delta_budget: int = 0
    scope_change: str = ""
    scope_major: bool = False


class ChangeOut(Schema):
    id: UUID
    status: str
    delta_budget: int
    council_reference: str

    @staticmethod
    def of(c: ChangeRequest) -> "ChangeOut":
        return ChangeOut(
            id=c.pk, status=c.status, delta_budget=c.delta_budget, council_reference=c.council_reference
        )


class ApproveIn(Schema):
    approve: bool
    reason: str


class CouncilDecisionIn(Schema):
    decision: str
    reference: str


class TextIn(Schema):
    text: str


class PanelIn(Schema):
    member_ids: list[UUID]


class CompleteIn(Schema):
    finish_actual: date


class AcceptanceIn(Schema):
    result: str
    notes: str
    accepted_on: date


@router.post("/proposals/{proposal_id}/implementation", response={201: ImplementationOut}, auth=ANY_AUTH)
def implementation_create(
    request: HttpRequest, proposal_id: UUID, payload: ImplementationIn
) -> Status[ImplementationOut]:
    proposal = access_proposal_by_id(request.user, proposal_id, permission="delivery_manage")
    impl = _call(services.implementation_create, actor=request.user, proposal=proposal, **payload.dict())
    return Status(201, ImplementationOut.of(impl))


@router.get("/implementations/{impl_id}", response=ImplementationOut)
def implementation_read(request: HttpRequest, impl_id: UUID) -> ImplementationOut:
    """Public: the same figures as the project's public page."""
    return ImplementationOut.of(access_implementation_public(impl_id))


@router.post("/implementations/{impl_id}/milestones", response={201: IdOut}, auth=ANY_AUTH)
def milestone_add(request: HttpRequest, impl_id: UUID, payload: MilestoneIn) -> Status[IdOut]:
    impl = access_implementation_by_id(request.user, impl_id)
    m = _call(services.milestone_add, actor=request.user, implementation=impl, **payload.dict())
    return Status(201, IdOut(id=str(m.pk)))


@router.post("/milestones/{milestone_id}/complete", response=IdOut, auth=ANY_AUTH)
def milestone_complete(request: HttpRequest, milestone_id: int) -> IdOut:
    m = access_milestone_by_id(request.user, milestone_id)
    _call(services.milestone_complete, actor=request.user, milestone=m)
    return IdOut(id=str(m.pk))


@router.post("/implementations/{impl_id}/expenditures", response={201: ImplementationOut}, auth=ANY_AUTH)
def expenditure_record(
    request: HttpRequest, impl_id: UUID, payload: ExpenditureIn
) -> Status[ImplementationOut]:
    impl = access_implementation_by_id(request.user, impl_id)
    _call(services.expenditure_record, actor=request.user, implementation=impl, **payload.dict())
    return Status(201, ImplementationOut.of(impl))


@router.post("/implementations/{impl_id}/change-requests", response={201: ChangeOut}, auth=ANY_AUTH)
def change_request_submit(request: HttpRequest, impl_id: UUID, payload: ChangeIn) -> Status[ChangeOut]:
    """Above the rulebook's threshold the request is referred to the council (status "referred")."""
    impl = access_implementation_by_id(request.user, impl_id)
    cr = _call(services.change_request_submit, actor=request.user, implementation=impl, **payload.dict())
    return Status(201, ChangeOut.of(cr))


@router.post("/change-requests/{cr_id}/approve", response=ChangeOut, auth=ANY_AUTH)
def change_request_approve(request: HttpRequest, cr_id: UUID, payload: ApproveIn) -> ChangeOut:
    cr = access_change_request_by_id(request.user, cr_id)
    return ChangeOut.of(
        _call(services.change_request_approve, actor=request.user, change_request=cr, **payload.dict())
    )


@router.post("/change-requests/{cr_id}/council-decision", response=ChangeOut, auth=ANY_AUTH)
def change_request_decide(request: HttpRequest, cr_id: UUID, payload: CouncilDecisionIn) -> ChangeOut:
    """Record the council's resolution (reference to the meeting's resolution) on a referred change."""
    cr = access_change_request_by_id(request.user, cr_id)
    return ChangeOut.of(
        _call(services.change_request_decide, actor=request.user, change_request=cr, **payload.dict())
    )


@router.post("/implementations/{impl_id}/photos", response={201: IdOut}, auth=ANY_AUTH)
def progress_photo(
    request: HttpRequest, impl_id: UUID, photo: File[UploadedFile], caption: Form[str] = ""
) -> Status[IdOut]:
    impl = access_implementation_by_id(request.user, impl_id)
    _call(services.progress_photo_add, actor=request.user, implementation=impl, photo=photo, caption=caption)
    return Status(201, IdOut(id=str(impl.pk)))


@router.post("/implementations/{impl_id}/inspections", response={201: IdOut}, auth=ANY_AUTH)
def inspection_record(
    request: HttpRequest,
    impl_id: UUID,
    findings: Form[str],
    inspected_on: Form[date],
) -> Status[IdOut]:
    """Multipart: findings, inspected_on and any number of `photo` files (JPEG/PNG, EXIF removed)."""
    impl = access_implementation_by_id(request.user, impl_id, permission="delivery_inspect")
    insp = _call(
        services.inspection_record,
        actor=request.user,
        implementation=impl,
        inspector=request.user.person,  # type: ignore[union-attr]
        inspected_on=inspected_on,
        findings=findings,
        photos=request.FILES.getlist("photo"),
    )
    return Status(201, IdOut(id=str(insp.pk)))


@router.post("/implementations/{impl_id}/problems", response={201: IdOut}, auth=ANY_AUTH)
def problem_report(request: HttpRequest, impl_id: UUID, payload: TextIn) -> Status[IdOut]:
    """Any signed-in resident may report a problem with a project being built."""
    impl = access_implementation_public(impl_id)
    person = getattr(request.user, "person", None)
    if person is None:
        raise FieldErrors({"__all__": [{"message": "请先登录。"}]})
    report = _call(
        services.problem_report, actor=request.user, implementation=impl, person=person, text=payload.text
    )
    return Status(201, IdOut(id=str(report.pk)))


@router.post("/problems/{report_id}/answer", response=IdOut, auth=ANY_AUTH)
def problem_answer(request: HttpRequest, report_id: UUID, payload: TextIn) -> IdOut:
    """Staff answer a problem report; the resident gets the answer as a letter."""
    report = ProblemReport.objects.filter(
        pk=report_id, implementation__in=implementations_in_scope(request.user)
    ).first()
    if report is None:
        raise Http404
    _call(services.problem_answer, actor=request.user, report=report, response=payload.text)
    return IdOut(id=str(report.pk))


@router.post("/implementations/{impl_id}/progress-notice", response={201: IdOut}, auth=ANY_AUTH)
def progress_notice(request: HttpRequest, impl_id: UUID, payload: TextIn) -> Status[IdOut]:
    impl = access_implementation_by_id(request.user, impl_id)
    n = _call(services.progress_notice_publish, actor=request.user, implementation=impl, body=payload.text)
    return Status(201, IdOut(id=str(n.pk)))


@router.post("/implementations/{impl_id}/panel", response=IdOut, auth=ANY_AUTH)
def panel_set(request: HttpRequest, impl_id: UUID, payload: PanelIn) -> IdOut:
    impl = access_implementation_by_id(request.user, impl_id)
    members = list(persons_in_scope(request.user, "delivery_manage").filter(pk__in=payload.member_ids))
    if len(members) != len(set(payload.member_ids)):
        raise FieldErrors({"member_ids": [{"message": "有的成员不在您的辖区内。"}]})
    _call(services.panel_set, actor=request.user, implementation=impl, members=members)
    return IdOut(id=str(impl.pk))


@router.post("/implementations/{impl_id}/complete", response=ImplementationOut, auth=ANY_AUTH)
def implementation_complete(request: HttpRequest, impl_id: UUID, payload: CompleteIn) -> ImplementationOut:
    impl = access_implementation_by_id(request.user, impl_id)
    return ImplementationOut.of(
        _call(services.implementation_complete, actor=request.user, implementation=impl, **payload.dict())
    )


@router.post("/implementations/{impl_id}/acceptance", response={201: ImplementationOut}, auth=ANY_AUTH)
def acceptance_record(
    request: HttpRequest, impl_id: UUID, payload: AcceptanceIn
) -> Status[ImplementationOut]:
    """Recorded by a member of the acceptance panel, signed in as themself."""
    impl = access_implementation_public(impl_id)
    person = getattr(request.user, "person", None)
    _call(
        services.acceptance_record, actor=request.user, implementation=impl, person=person, **payload.dict()
    )
    impl.refresh_from_db()
    return Status(201, ImplementationOut.of(impl))


@router.post("/implementations/{impl_id}/accounts", response={201: IdOut}, auth=ANY_AUTH)
def accounts_publish(request: HttpRequest, impl_id: UUID) -> Status[IdOut]:
    impl = access_implementation_by_id(request.user, impl_id)
    n = _call(services.accounts_publish, actor=request.user, implementation=impl)
    return Status(201, IdOut(id=str(n.pk)))
