"""Cycle set-up endpoints: the same forms, services and access checks as the staff pages."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from roundtable.accounts.auth import ANY_AUTH
from roundtable.cycles import services
from roundtable.cycles.access import access_cycle_by_id
from roundtable.cycles.forms import CycleForm, NegativeItemForm, PhaseForm, PoolForm, RulebookChangeForm
from roundtable.cycles.models import Cycle
from roundtable.cycles.selectors import cycle_get_detail
from roundtable.lib.api_errors import FieldErrors
from roundtable.people.access import scopes_with

router = Router(tags=["cycles"])


class PhaseOut(Schema):
    kind: str
    opens_at: datetime
    closes_at: datetime


class PoolOut(Schema):
    id: UUID
    level: str
    jurisdiction_id: UUID
    amount: int


class NegativeItemOut(Schema):
    id: UUID
    description: str
    rationale: str
    source: str


class CycleOut(Schema):
    id: UUID
    name: str
    status: str
    status_label: str
    jurisdiction_id: UUID
    rulebook_id: UUID
    phases: list[PhaseOut]
    pools: list[PoolOut]
    negative_items: list[NegativeItemOut]

    @staticmethod
    def of(cycle: Cycle) -> "CycleOut":
        c = cycle_get_detail(cycle=cycle)
        return CycleOut(
            id=c.pk,
            name=c.name,
            status=c.status,
            status_label=str(c.get_status_display()),
            jurisdiction_id=c.jurisdiction_id,
            rulebook_id=c.rulebook_id,
            phases=[
                PhaseOut(kind=p.kind, opens_at=p.opens_at, closes_at=p.closes_at) for p in c.phases.all()
            ],
            pools=[
                PoolOut(id=p.pk, level=p.level, jurisdiction_id=p.jurisdiction_id, amount=p.amount)
                for p in c.pools.all()
            ],
            negative_items=[
                NegativeItemOut(id=n.pk, description=n.description, rationale=n.rationale, source=n.source)
                for n in c.negative_items.all()
            ],
        )


class CycleIn(Schema):
    name: str
    jurisdiction_id: UUID
    rulebook_id: UUID
    fund_ids: list[UUID] = []


class RulebookIn(Schema):
    rulebook_id: UUID


class PhaseIn(Schema):
    kind: str
    opens_at: str
    closes_at: str


class PoolIn(Schema):
    level: str
    jurisdiction_id: UUID
    amount: int
    quota_construction: int | None = None
    quota_service: int | None = None
    quota_goods: int | None = None
    per_project_cap: int | None = None
    per_project_min: int | None = None
    contingency_pct: int | None = None


class NegativeItemIn(Schema):
    description: str
    rationale: str = ""
    source: str = ""


def _clean(form: Any) -> dict[str, Any]:
    if not form.is_valid():
        raise FieldErrors(form.errors.get_json_data())
    return dict(form.cleaned_data)


def _run(fn: Any, **kwargs: Any) -> Any:
    try:
        return fn(**kwargs)
    except ValidationError as e:
        raise FieldErrors.from_validation_error(e) from None


def _blank_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: ("" if v is None else v) for k, v in data.items()}


@router.post("/cycles", response={201: CycleOut}, auth=ANY_AUTH)
def cycle_create(request: HttpRequest, payload: CycleIn) -> Status[CycleOut]:
    """Create a draft cycle on a street or community in the caller's scope."""
    scopes = scopes_with(request.user, "cycle_manage")
    if not scopes:
        raise HttpError(403, _("您没有设置周期的权限。"))
    data = {
        "name": payload.name,
        "jurisdiction": str(payload.jurisdiction_id),
        "rulebook": str(payload.rulebook_id),
    }
    form = CycleForm(data | {"funds": [str(f) for f in payload.fund_ids]}, scopes=scopes)
    cycle = _run(services.cycle_create, actor=request.user, **_clean(form))
    return Status(201, CycleOut.of(cycle))


@router.get("/cycles/{cycle_id}", response=CycleOut, auth=ANY_AUTH)
def cycle_read(request: HttpRequest, cycle_id: UUID) -> CycleOut:
    return CycleOut.of(access_cycle_by_id(request.user, cycle_id))


@router.post("/cycles/{cycle_id}/rulebook", response=CycleOut, auth=ANY_AUTH)
def cycle_rulebook(request: HttpRequest, cycle_id: UUID, payload: RulebookIn) -> CycleOut:
    """Pin another adopted rulebook; refused (422) once the cycle has started."""
    cycle = access_cycle_by_id(request.user, cycle_id)
    form = RulebookChangeForm({"rulebook": str(payload.rulebook_id)})
    cycle = _run(services.cycle_set_rulebook, actor=request.user, cycle=cycle, **_clean(form))
    return CycleOut.of(cycle)


@router.post("/cycles/{cycle_id}/phases", response=CycleOut, auth=ANY_AUTH)
def cycle_phase(request: HttpRequest, cycle_id: UUID, payload: PhaseIn) -> CycleOut:
    cycle = access_cycle_by_id(request.user, cycle_id)
    form = PhaseForm(payload.dict())
    _run(services.phase_set, actor=request.user, cycle=cycle, **_clean(form))
    return CycleOut.of(cycle)


@router.post("/cycles/{cycle_id}/pools", response={201: CycleOut}, auth=ANY_AUTH)
def cycle_pool(request: HttpRequest, cycle_id: UUID, payload: PoolIn) -> Status[CycleOut]:
    cycle = access_cycle_by_id(request.user, cycle_id)
    data = _blank_none(payload.dict()) | {"jurisdiction": str(payload.jurisdiction_id)}
    form = PoolForm(data, cycle_place=cycle.jurisdiction)
    _run(services.pool_create, actor=request.user, cycle=cycle, **_clean(form))
    return Status(201, CycleOut.of(cycle))


@router.post("/cycles/{cycle_id}/negative-items", response={201: CycleOut}, auth=ANY_AUTH)
def cycle_negative_item(request: HttpRequest, cycle_id: UUID, payload: NegativeItemIn) -> Status[CycleOut]:
    cycle = access_cycle_by_id(request.user, cycle_id)
    form = NegativeItemForm(payload.dict())
    _run(services.negative_item_add, actor=request.user, cycle=cycle, **_clean(form))
    return Status(201, CycleOut.of(cycle))


@router.post("/cycles/{cycle_id}/start", response=CycleOut, auth=ANY_AUTH)
def cycle_start(request: HttpRequest, cycle_id: UUID) -> CycleOut:
    cycle = access_cycle_by_id(request.user, cycle_id)
    return CycleOut.of(_run(services.cycle_start, actor=request.user, cycle=cycle))
