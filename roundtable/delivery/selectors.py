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


def attention_for_staff(user: Any) -> list[Any]:
    """For the staff dashboard: per cycle in the user's area, overruns, overdue milestones and changes
    waiting for the council."""
    from django.db.models import Q
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from roundtable.front.selectors import Attention
    from roundtable.people.access import scopes_with

    scopes = scopes_with(user, "delivery_manage")
    if not scopes:
        return []
    area = Q()
    for scope in scopes:
        area |= Q(jurisdiction__path__startswith=scope.path)
    items = []
    for cycle in Cycle.objects.filter(area, pk__in=Implementation.objects.values("proposal__cycle")):
        rows = delivery_rows(implementations_of_cycle(cycle))
        overrun = sum(1 for row in rows if row.overrun)
        overdue = sum(len(row.overdue) for row in rows)
        referred = sum(row.referred for row in rows)
        if overrun or overdue or referred:
            title = _("%(cycle)s：%(o)s 个项目超支，%(d)s 个节点逾期，%(r)s 项变更待议事会决定") % {
                "cycle": cycle.name,
                "o": overrun,
                "d": overdue,
                "r": referred,
            }
            items.append(
                Attention(title, reverse("delivery:dashboard", args=[cycle.pk]), overrun + overdue + referred)
            )
    return items
