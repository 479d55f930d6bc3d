"""Builders for PB tests: an adopted rulebook and a running cycle with an open intake phase."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from roundtable.cycles.models import Cycle, Phase
from roundtable.cycles.services import cycle_create, cycle_start, negative_item_add, phase_set, pool_create
from roundtable.rulebooks.models import Rulebook
from roundtable.rulebooks.services import rulebook_adopt, rulebook_create
from roundtable.testing import World


def adopted_rulebook(actor: Any, name: str = "测试规则", **params: Any) -> Rulebook:
    book = rulebook_create(actor=actor, name=name, parameters=params)
    return rulebook_adopt(
        actor=actor, rulebook=book, effective_from=timezone.localdate(), adopted_by="测试决议"
    )


def running_cycle(world: World, *, intake_open: bool = True, **params: Any) -> Cycle:
    params.setdefault("co_signers_min", 2)
    params.setdefault("per_project_cap", 200000)
    book = adopted_rulebook(world.secretary, **params)
    cycle = cycle_create(
        actor=world.secretary, name="2026年幸福微实事", jurisdiction=world.community, rulebook=book
    )
    pool_create(
        actor=world.secretary, cycle=cycle, level="community", jurisdiction=world.community, amount=300000
    )
    now = timezone.now()
    if intake_open:
        phase_set(
            actor=world.secretary,
            cycle=cycle,
            kind=Phase.Kind.INTAKE,
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=10),
        )
    else:
        phase_set(
            actor=world.secretary,
            cycle=cycle,
            kind=Phase.Kind.INTAKE,
            opens_at=now - timedelta(days=10),
            closes_at=now - timedelta(days=1),
        )
    negative_item_add(
        actor=world.secretary, cycle=cycle, description="物业服务合同内的维修", source="负面清单"
    )
    return cycle_start(actor=world.secretary, cycle=cycle)
