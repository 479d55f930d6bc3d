"""A pool with a category quota: the published result applies the quota, and the open-data file carries
it (META categories / budget_per_category), so `pbcore verify` recounts the same winners."""

import pytest
from django.test import Client

from pbcore.pabulib import read_pabulib
from pbcore.verify import verify_election
from roundtable.testing import World
from roundtable.voting.services import vote_cast, vote_close
from roundtable.voting.testing import open_vote

pytestmark = pytest.mark.django_db
# Candidate numbers (1: construction ¥60k, 2: service ¥90k, 3: goods ¥30k, 4: goods ¥80k, 5: construction
# ¥120k) on ballots of at most three: 5 has 10 votes, 2 has 9, 1 has 8, 4 has 6, 3 has 3. Greedy over the
# whole ¥300k funds 5, 2, 1 and 3; with ¥80k reserved for goods it funds 4 there, then 5 and 2.
BALLOTS = [[5, 2, 4]] * 4 + [[5, 2, 1]] * 3 + [[5, 1, 3]] * 3 + [[2, 1, 4]] * 2


def test_a_quota_pool_is_published_and_recounted_with_its_quota(world: World, tmp_path) -> None:
    vote = open_vote(world, extra_residents=14)
    pool = vote.cycle.pools.get()
    pool.quota_goods = 80000
    pool.save(update_fields=["quota_goods"])
    for i, (entry, choices) in enumerate(zip(vote.roll.order_by("pk"), BALLOTS, strict=False)):
        vote_cast(actor=None, vote=vote, entry=entry, choices=choices, key=f"quota-{i:04d}")
    vote_close(actor=world.secretary, vote=vote)

    response = Client().get(f"/votes/{vote.pk}/open-data/{pool.pk}.pb")
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert "budget_per_category;" in text
    path = tmp_path / "pool.pb"
    path.write_text(text, encoding="utf-8")
    check = verify_election(read_pabulib(path))
    assert "4" in check.official  # the goods quota funded it
    assert not check.missing and not check.unexpected

    lines = [
        line for line in text.splitlines() if not line.startswith(("categories;", "budget_per_category;"))
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    without = verify_election(read_pabulib(path))
    assert without.missing or without.unexpected  # recounted without the quota, the winners differ
