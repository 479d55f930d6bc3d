"""Builders for delivery tests: a selected proposal (the voting app will select them; until then the
status is set directly) and an implementation with a panel."""

from datetime import date
from typing import Any

from roundtable.cycles.testing import running_cycle
from roundtable.delivery.models import Implementation
from roundtable.delivery.services import implementation_create, panel_set
from roundtable.people.models import Person
from roundtable.proposals.models import Proposal
from roundtable.proposals.testing import draft_proposal, neighbour
from roundtable.testing import World


def selected_proposal(world: World, cost: int = 50000, **params: Any) -> Proposal:
    cycle = running_cycle(world, **params)
    proposal = draft_proposal(world, cycle, cost=cost)
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.SELECTED)
    proposal.refresh_from_db()
    return proposal


def implementation(world: World, cost: int = 50000, **params: Any) -> Implementation:
    return implementation_create(
        actor=world.alice,
        proposal=selected_proposal(world, cost, **params),
        implementer="平安物业工程部",
        procurement_method="three_quotes",
        procurement_note="甲 48000；乙 50000；丙 52000",
        finish_planned=date(2026, 12, 31),
    )


def with_panel(world: World, impl: Implementation) -> list[Person]:
    members = [world.bob.person, neighbour(world, "李四"), neighbour(world, "赵工")]
    panel_set(actor=world.alice, implementation=impl, members=members)
    return members
