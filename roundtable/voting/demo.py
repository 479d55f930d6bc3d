"""Demo data for voting: a finished vote with published results on the second demo community (a
cycle of its own), and a vote ready to open on the running demo cycle. Fictional content only."""

import io
import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from roundtable.communities.models import Jurisdiction
from roundtable.cycles.models import Cycle, Phase
from roundtable.cycles.services import cycle_create, cycle_start, phase_set, pool_create
from roundtable.proposals.models import Proposal
from roundtable.proposals.services import proposal_photo_add
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
            _add_photos(shuji, running.proposals.filter(status=Proposal.Status.ON_BALLOT))
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
    _add_photos(shuji, cycle.proposals.all())
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


PALETTE = [(70, 130, 180), (60, 160, 110), (210, 140, 60), (170, 90, 150), (200, 80, 80), (90, 110, 200)]


def placeholder_jpeg(seed: int, size: tuple[int, int] = (480, 360)) -> bytes:
    """A small drawn "site photo" (sky, ground, a building with windows), made in code for the demo."""
    from PIL import Image, ImageDraw

    width, height = size
    sky, ground = PALETTE[seed % len(PALETTE)], (120, 150, 90)
    image = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height * 2 // 3, width, height), fill=ground)
    left = width // 5 + (seed * 37) % (width // 4)
    draw.rectangle((left, height // 4, left + width // 3, height * 2 // 3 + 10), fill=(235, 225, 205))
    for row in range(3):
        for col in range(3):
            x, y = left + 12 + col * (width // 10), height // 4 + 12 + row * (height // 9)
            draw.rectangle((x, y, x + width // 20, y + height // 18), fill=(90, 110, 140))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _add_photos(actor, proposals) -> None:  # type: ignore[no-untyped-def]
    """Demo candidates get a photo (through the same service staff use), unless they have one."""
    for index, proposal in enumerate(proposals.order_by("created_at", "pk")):
        if not proposal.photos.exists():
            upload = SimpleUploadedFile(
                f"demo-{index}.jpg", placeholder_jpeg(index), content_type="image/jpeg"
            )
            proposal_photo_add(actor=actor, proposal=proposal, upload=upload)
