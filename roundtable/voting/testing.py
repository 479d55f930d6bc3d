"""Builders for vote tests: a running cycle with proposals on the ballot and many residents."""

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from roundtable.cycles.models import Cycle
from roundtable.cycles.testing import running_cycle
from roundtable.people.models import Person, Residency
from roundtable.proposals.models import Proposal
from roundtable.proposals.services import proposal_photo_add
from roundtable.testing import World
from roundtable.voting.demo import placeholder_jpeg
from roundtable.voting.models import VoteEvent
from roundtable.voting.services import vote_create, vote_open

PROJECTS = [
    # (title, type, cost)
    ("加装楼道路灯", "construction", 60000),
    ("老年助餐点", "service", 90000),
    ("儿童绘本角", "goods", 30000),
    ("健身器材更新", "goods", 80000),
    ("电动车充电棚", "construction", 120000),
    ("独居老人呼叫器", "goods", 50000),
]


def on_ballot(world: World, cycle: Cycle, projects: list[tuple[str, str, int]] = PROJECTS) -> list[Proposal]:
    """Proposals already through review and the candidate notice (the proposals app tests that path)."""
    pool = cycle.pools.get()
    return [
        Proposal.objects.create(
            cycle=cycle,
            pool=pool,
            title=title,
            problem="居民反映的问题",
            solution=f"{title}：具体做法和预算见公示",
            type=kind,
            location=world.building,
            beneficiaries=200,
            cost_estimate=cost,
            cost_basis="两家报价",
            status=Proposal.Status.ON_BALLOT,
        )
        for title, kind, cost in projects
    ]


def residents(world: World, count: int, birth_year: int = 1970) -> list[Person]:
    people = Person.objects.bulk_create(
        [Person(display_name=f"居民{i}", birth_year=birth_year - i % 50) for i in range(count)]
    )
    Residency.objects.bulk_create(
        [Residency(person=p, community=world.community, basis=Residency.Basis.HUKOU) for p in people]
    )
    return people


def with_photo(world: World, proposal: Proposal, seed: int = 0) -> Any:
    """A staff photo on the proposal, through the service (cleaned, thumbnailed, audited)."""
    upload = SimpleUploadedFile(f"site-{seed}.jpg", placeholder_jpeg(seed), content_type="image/jpeg")
    return proposal_photo_add(actor=world.alice, proposal=proposal, upload=upload)


def open_vote(world: World, *, extra_residents: int = 0, photos: bool = False, **params: Any) -> VoteEvent:
    """An opened vote on PROJECTS; ``photos``: every candidate but the last gets a photo first."""
    params.setdefault("mass_vote_max_choices", 3)
    cycle = running_cycle(world, **params)
    proposals = on_ballot(world, cycle)
    if photos:
        for seed, proposal in enumerate(proposals[:-1]):
            with_photo(world, proposal, seed)
    residents(world, extra_residents)
    vote = vote_create(
        actor=world.secretary,
        cycle=cycle,
        title="2026年幸福微实事投票",
        closes_at=timezone.now() + timedelta(days=7),
    )
    return vote_open(actor=world.secretary, vote=vote)
