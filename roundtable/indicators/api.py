"""Indicator endpoints: a cycle's public figures (suppressed), open data tables, feedback letters and
the archive."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from roundtable.accounts.auth import ANY_AUTH
from roundtable.cycles.access import access_cycle_by_id
from roundtable.indicators import services
from roundtable.indicators.opendata import TABLES, table_rows
from roundtable.indicators.selectors import access_public_cycle, cycle_figures, public_cycles
from roundtable.lib.api_errors import FieldErrors

router = Router(tags=["indicators"])


class CycleRef(Schema):
    id: UUID
    name: str
    community: str
    status: str


class Sent(Schema):
    letters: int


class Archived(Schema):
    archived_at: str
    sha256: str


@router.get("/dashboard/cycles", response=list[CycleRef])
def dashboard_cycles(request: HttpRequest) -> list[CycleRef]:
    return [
        CycleRef(id=c.pk, name=c.name, community=c.jurisdiction.name, status=c.status)
        for c in public_cycles()
    ]


@router.get("/dashboard/cycles/{cycle_id}", response=dict[str, Any])
def dashboard_cycle(request: HttpRequest, cycle_id: UUID) -> dict[str, Any]:
    """Every figure on the public dashboard, small cells already suppressed; each with its method version."""
    return cycle_figures(access_public_cycle(cycle_id))


@router.get("/dashboard/cycles/{cycle_id}/open-data/{table}", response=list[list[Any]])
def open_data_table(request: HttpRequest, cycle_id: UUID, table: str) -> list[list[Any]]:
    """One open-data table as rows (first row = column names); see docs/open-data.md."""
    if table not in TABLES:
        raise Http404
    return table_rows(access_public_cycle(cycle_id), table)


@router.post("/cycles/{cycle_id}/feedback-letters", response={201: Sent}, auth=ANY_AUTH)
def feedback_letters(request: HttpRequest, cycle_id: UUID) -> Status[Sent]:
    cycle = access_cycle_by_id(request.user, cycle_id, permission="cycle_manage")
    try:
        n = services.feedback_letters_send(actor=request.user, cycle=cycle)
    except ValidationError as e:
        raise FieldErrors.from_validation_error(e) from None
    return Status(201, Sent(letters=n))


@router.post("/cycles/{cycle_id}/archive", response={201: Archived}, auth=ANY_AUTH)
def cycle_archive(request: HttpRequest, cycle_id: UUID) -> Status[Archived]:
    cycle = access_cycle_by_id(request.user, cycle_id, permission="cycle_manage")
    try:
        record = services.cycle_archive(actor=request.user, cycle=cycle)
    except ValidationError as e:
        raise FieldErrors.from_validation_error(e) from None
    return Status(201, Archived(archived_at=record.archived_at.isoformat(), sha256=record.open_data_sha256))
