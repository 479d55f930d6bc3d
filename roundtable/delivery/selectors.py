"""Reads for delivery pages and the staff dashboard (overruns, overdue milestones)."""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from roundtable.cycles.models import Cycle
from roundtable.delivery.models import Implementation, Milestone
from roundtable.delivery.services import allowed_budget, spent_total


@dataclass
class DeliveryRow:
    implementation: Implementation
    allowed: int
    spent: int
    overdue: list[Milestone]
    referred: int

    @property
    def overrun(self) -> bool:
        return self.spent > self.implementation.budget

    @property
    def execution_pct(self) -> int:
        return round(100 * self.spent / self.allowed) if self.allowed else 0


def delivery_rows(implementations: Any) -> list[DeliveryRow]:
    today = timezone.localdate()
    rows = []
    for impl in implementations.select_related("proposal").prefetch_related("milestones", "change_requests"):
        overdue = [m for m in impl.milestones.all() if m.done_on is None and m.due_on < today]
        referred = sum(1 for c in impl.change_requests.all() if c.status == "referred")
        rows.append(DeliveryRow(impl, allowed_budget(impl), spent_total(impl), overdue, referred))
    return rows


def implementations_of_cycle(cycle: Cycle) -> Any:
    return Implementation.objects.filter(proposal__cycle=cycle)
