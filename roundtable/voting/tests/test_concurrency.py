"""Racing submissions on PostgreSQL: a double tap and a retry storm from many threads leave exactly
one ballot and one receipt; a second voter racing with other keys is refused, never doubled."""

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from roundtable.testing import World, build_world
from roundtable.voting.models import Ballot, Participation
from roundtable.voting.services import vote_cast
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
