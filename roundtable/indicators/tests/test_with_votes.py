"""The dashboard and the open data read the tallied vote: turnout and voters by channel come from the
roll marks, and the cycle's `.pb` download is the published file, which pbcore recounts to the winners."""

import pytest
from django.test import Client

from pbcore.pabulib import read_pabulib
from pbcore.verify import verify_election
from roundtable.indicators import adapters
from roundtable.indicators.compute import reach
from roundtable.testing import World
from roundtable.voting.services import vote_cast, vote_close
from roundtable.voting.testing import open_vote

pytestmark = pytest.mark.django_db


def test_turnout_channels_and_pb_download_come_from_the_tallied_vote(world: World, tmp_path) -> None:
    vote = open_vote(world, extra_residents=15)
    cycle = vote.cycle
    assert adapters.votes_turnout(cycle) is None  # before the tally: "no data", not zero
    assert Client().get(f"/dashboard/cycle/{cycle.pk}/votes.pb").status_code == 404
    entries = list(vote.roll.order_by("pk"))[:9]
    for i, entry in enumerate(entries):
        vote_cast(
            actor=None, vote=vote, entry=entry, choices=[1, 3] if i % 3 else [2], key=f"turnout-{i:04d}"
        )
    vote_close(actor=world.secretary, vote=vote)

    roll = vote.roll.count()
    assert adapters.votes_turnout(cycle) == (9, roll)
    assert adapters.votes_by_group(cycle, "channel") == {"online": 9}
    turnout = reach(cycle)["turnout"]
    assert (turnout["numerator"], turnout["denominator"]) == (9, roll)

    response = Client().get(f"/dashboard/cycle/{cycle.pk}/votes.pb")
    assert response.status_code == 200
    path = tmp_path / "votes.pb"
    path.write_bytes(response.content)
    check = verify_election(read_pabulib(path))
    assert check.official and not check.missing and not check.unexpected
