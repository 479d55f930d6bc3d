"""The public record of a cycle as tables (docs/open-data.md): proposals, implementation, accounts,
surveys and indicators; CSV per table and one xlsx workbook. Only published, de-identified fields:
no names of residents, no answers of individuals."""

import csv
import io
from typing import Any

from django.db.models import Sum

from roundtable.cycles.models import Cycle
from roundtable.delivery.models import Expenditure, Implementation
from roundtable.indicators import adapters
from roundtable.indicators.compute import cycle_indicators
from roundtable.proposals.models import Proposal

TABLES = ("proposals", "implementation", "accounts", "indicators")


def _proposals(cycle: Cycle) -> list[list[Any]]:
    rows: list[list[Any]] = [
        ["proposal_id", "title", "type", "pool_level", "location", "cost_estimate", "status"]
    ]
    for p in (
        Proposal.objects.filter(cycle=cycle)
        .exclude(status=Proposal.Status.DRAFT)
        .select_related("pool", "location")
    ):
        rows.append([str(p.pk), p.title, p.type, p.pool.level, p.location.name, p.cost_estimate, p.status])
    return rows


def _implementation(cycle: Cycle) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [
            "proposal_id",
            "implementer",
            "procurement_method",
            "budget",
            "spent",
            "finish_planned",
            "finish_actual",
            "status",
            "acceptance",
        ]
    ]
    for i in Implementation.objects.filter(proposal__cycle=cycle).annotate(spent=Sum("expenditures__amount")):
        acc = i.acceptances.last()
        rows.append(
            [
                str(i.proposal_id),
                i.implementer,
                i.procurement_method,
                i.budget,
                int(i.spent or 0),
                i.finish_planned.isoformat() if i.finish_planned else "",
                i.finish_actual.isoformat() if i.finish_actual else "",
                i.status,
                acc.result if acc else "",
            ]
        )
    return rows


def _accounts(cycle: Cycle) -> list[list[Any]]:
    rows: list[list[Any]] = [["proposal_id", "date", "payee", "amount", "voucher_ref"]]
    for e in Expenditure.objects.filter(implementation__proposal__cycle=cycle).select_related(
        "implementation"
    ):
        rows.append(
            [str(e.implementation.proposal_id), e.spent_on.isoformat(), e.payee, e.amount, e.voucher_ref]
        )
    return rows


def _flatten(prefix: str, value: Any, out: list[list[Any]]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(f"{prefix}.{k}" if prefix else str(k), v, out)
    elif isinstance(value, list):
        for n, v in enumerate(value):
            _flatten(f"{prefix}[{n}]", v, out)
    else:
        out.append([prefix, "" if value is None else value])


def _indicators(cycle: Cycle, snapshot: dict[str, Any] | None = None) -> list[list[Any]]:
    rows: list[list[Any]] = [["indicator", "value"]]
    _flatten("", snapshot or cycle_indicators(cycle), rows)
    return rows


def table_rows(cycle: Cycle, table: str, snapshot: dict[str, Any] | None = None) -> list[list[Any]]:
    if table == "indicators":
        return _indicators(cycle, snapshot)
    return {"proposals": _proposals, "implementation": _implementation, "accounts": _accounts}[table](cycle)


def table_csv(cycle: Cycle, table: str, snapshot: dict[str, Any] | None = None) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(table_rows(cycle, table, snapshot))
    return out.getvalue()


def workbook(cycle: Cycle, snapshot: dict[str, Any] | None = None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for table in TABLES:
        ws = wb.create_sheet(table)
        for row in table_rows(cycle, table, snapshot):
            ws.append(row)
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def votes_pb(cycle: Cycle, pool_id: str | None) -> str | None:
    """One pool's votes as the voting app published them (Pabulib); the only pool when none is named."""
    files = adapters.votes_pb_files(cycle) or {}
    if pool_id is None and len(files) == 1:
        return next(iter(files.values()))
    return files.get(pool_id or "")
