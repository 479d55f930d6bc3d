"""Racing submissions on PostgreSQL: a double tap and a retry storm from many threads leave exactly
one ballot and one receipt; a second voter racing with other keys is refused, never doubled; a
close racing with casts counts every acknowledged ballot and lets none in after it."""

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from roundtable.testing import World, build_world
from roundtable.voting.models import Ballot, Participation, VoteEvent
from roundtable.voting.services import vote_cast, vote_close
from roundtable.voting.testing import open_vote

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="real concurrent writers need PostgreSQL"
)


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    return build_world()


def _race(vote: Any, entry: Any, keys: list[str]) -> list[str]:
    def cast(key: str) -> str:
        try:
            return vote_cast(actor=None, vote=vote, entry=entry, choices=[1, 2], key=key)
        except ValidationError:
            return "refused"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(cast, keys))


def test_a_retry_storm_stores_one_ballot(live_world: World) -> None:
    vote = open_vote(live_world, extra_residents=1)
    entry = vote.roll.get(person=live_world.bob.person)
    receipts = _race(vote, entry, ["same-key-storm"] * 16)
    assert len(set(receipts)) == 1 and "refused" not in receipts
    assert Ballot.objects.count() == Participation.objects.count() == 1
    assert Ballot.objects.get().receipt == receipts[0]


def test_different_keys_racing_give_one_vote(live_world: World) -> None:
    vote = open_vote(live_world, extra_residents=1)
    entry = vote.roll.get(person=live_world.bob.person)
    results = _race(vote, entry, [f"key-number-{i:03d}" for i in range(16)])
    assert sum(r != "refused" for r in results) == 1
    assert Ballot.objects.count() == Participation.objects.count() == 1


def test_a_close_racing_with_casts_counts_every_acknowledged_ballot(live_world: World) -> None:
    vote = open_vote(live_world, extra_residents=40)
    entries = list(vote.roll.all())

    def cast(entry: Any) -> str:
        try:
            return vote_cast(actor=None, vote=vote, entry=entry, choices=[1, 2], key=f"key-{entry.pk:08d}")
        except ValidationError:
            return "refused"
        finally:
            connections.close_all()

    def close() -> None:
        try:
            vote_close(actor=live_world.secretary, vote=vote)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        casts = [pool.submit(cast, entry) for entry in entries[:20]]
        closing = pool.submit(close)
        casts += [pool.submit(cast, entry) for entry in entries[20:]]
        closing.result()
        receipts = [c.result() for c in casts]
    acknowledged = {r for r in receipts if r != "refused"}
    stored = set(Ballot.objects.filter(vote_event=vote).values_list("receipt", flat=True))
    tallied = VoteEvent.objects.get(pk=vote.pk).result["ballots"]
    assert acknowledged == stored and len(stored) == tallied == Participation.objects.count()
