"""Builders for proposal tests."""

from typing import Any

from roundtable.cycles.models import Cycle
from roundtable.ideas.services import idea_triage
from roundtable.ideas.testing import bob_idea
from roundtable.people.models import Person, Residency
from roundtable.people.services import person_register
from roundtable.proposals.models import Proposal
from roundtable.proposals.services import proposal_create
from roundtable.testing import World


def neighbour(world: World, name: str, phone: str = "") -> Person:
    return person_register(
        actor=world.alice,
        display_name=name,
        phone=phone,
        birth_year=1970,
        community=world.community,
        unit=world.unit,
        basis=Residency.Basis.OWNER,
        household_type="registered",
        channel="door_to_door",
    )


def pb_idea(world: World, cycle: Cycle) -> Any:
    idea = bob_idea(world, cycle)
    idea_triage(actor=world.alice, idea=idea, klass="pb_eligible", route="pb_pipeline", reason="纳入预算")
    idea.refresh_from_db()
    return idea


def draft_proposal(world: World, cycle: Cycle, cost: int = 50000, **kw: Any) -> Proposal:
    return proposal_create(
        actor=world.alice,
        idea=pb_idea(world, cycle),
        pool=cycle.pools.get(),
        title=kw.pop("title", "加装路灯"),
        problem="晚上太黑",
        solution="加装6盏太阳能路灯",
        type="construction",
        location=world.building,
        beneficiaries=300,
        cost_estimate=cost,
        cost_basis="两家报价",
        **kw,
    )
