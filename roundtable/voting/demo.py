"""Demo data for voting: a finished vote with published results on the second demo community (a
cycle of its own), and a vote ready to open on the running demo cycle. Fictional content only."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from roundtable.communities.models import Jurisdiction
from roundtable.cycles.models import Cycle, Phase
from roundtable.cycles.services import cycle_create, cycle_start, phase_set, pool_create
from roundtable.proposals.models import Proposal
from roundtable.rulebooks.models import Rulebook
from roundtable.voting.models import VoteEvent
from roundtable.voting.services import (
    paper_entry_submit,
    paper_roll_mark,
    vote_cast,
    vote_close,
    vote_create,
    vote_open,
)

PROJECTS = [
    ("楼道扶手加装", "construction", 48000, 9),
    ("社区食堂送餐服务", "service", 60000, 8),
    ("小区充电桩", "construction", 85000, 6),
    ("儿童游乐区地垫更换", "goods", 32000, 5),
    ("老年合唱队乐器", "goods", 18000, 3),
    ("垃圾分类督导员", "service", 40000, 4),
]


def seed_vote_demo() -> None:
    if VoteEvent.objects.exists():
        return
    users = get_user_model().objects
    shuji, zhuren = users.filter(username="shuji").first(), users.filter(username="zhuren").first()
    communities = list(Jurisdiction.objects.filter(level="community").order_by("code"))
    rulebook = Rulebook.objects.filter(status=Rulebook.Status.ADOPTED).first()
    if shuji is None or zhuren is None or len(communities) < 2 or rulebook is None:
        return
    with transaction.atomic():
        running = Cycle.objects.filter(jurisdiction=communities[0], status=Cycle.Status.RUNNING).first()
        if running is not None:
            vote_create(
                actor=shuji,
                cycle=running,
                title=f"{running.name}投票",
                closes_at=timezone.now() + timedelta(days=30),
            )
        _finished_vote(shuji, zhuren, communities[1], rulebook)


def _finished_vote(shuji, zhuren, community, rulebook) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    cycle = cycle_create(
        actor=shuji, name=f"{now.year}年{community.name}幸福微实事", jurisdiction=community, rulebook=rulebook
    )
    pool = pool_create(actor=shuji, cycle=cycle, level="community", jurisdiction=community, amount=200000)
    phase_set(
        actor=shuji,
        cycle=cycle,
        kind=Phase.Kind.INTAKE,
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=30),
    )
    cycle = cycle_start(actor=shuji, cycle=cycle)
    building = (
        Jurisdiction.objects.filter(path__startswith=community.path, level="building")
        .order_by("path")
        .first()
    )
    for title, kind, cost, _weight in PROJECTS:
        Proposal.objects.create(
            cycle=cycle,
            pool=pool,
            title=title,
            problem="居民议事会收集的需求",
            solution=f"{title}，预算经两家报价核定。",
            type=kind,
            location=building,
            beneficiaries=300,
            cost_estimate=cost,
            cost_basis="两家报价",
            status=Proposal.Status.ON_BALLOT,
        )
    vote = vote_create(actor=shuji, cycle=cycle, title=f"{cycle.name}投票", closes_at=now + timedelta(days=1))
    vote = vote_open(actor=shuji, vote=vote)
    chooser = random.Random(6)
    weights = {number: w for number, (_t, _k, _c, w) in enumerate(PROJECTS, start=1)}
    k = vote.max_choices or 3
    entries = list(vote.roll.order_by("pk"))
    for index, entry in enumerate(entries):
        if chooser.random() < 0.35:
            continue  # did not vote
        picks = set(chooser.choices(list(weights), weights=list(weights.values()), k=k))
        if index % 15 == 0:
            paper_roll_mark(actor=shuji, vote=vote, entry=entry)
            sheet = f"P{index:03d}"
            paper_entry_submit(actor=shuji, vote=vote, sheet=sheet, choices=sorted(picks), batch="第1箱")
            paper_entry_submit(actor=zhuren, vote=vote, sheet=sheet, choices=sorted(picks), batch="第1箱")
        else:
            vote_cast(
                actor=None, vote=vote, entry=entry, choices=sorted(picks), key=f"demo-ballot-{index:05d}"
            )
    vote_close(actor=shuji, vote=vote, approved_by="社区党委")
    VoteEvent.objects.filter(pk=vote.pk).update(closes_at=now - timedelta(hours=1))
