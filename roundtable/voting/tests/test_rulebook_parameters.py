"""The ballot's points and the open data's voter fields come from the cycle's pinned rulebook."""

import io
from pathlib import Path

import pytest
from django.test import Client

from pbcore.__main__ import main as pbcore_main
from roundtable.testing import World
from roundtable.voting.models import Ballot
from roundtable.voting.services import vote_cast
from roundtable.voting.testing import open_vote

pytestmark = pytest.mark.django_db


def cast(client: Client, vote: object, choices: list[object]) -> object:
    return client.post(
        f"/api/v1/votes/{vote.pk}/ballots",  # type: ignore[attr-defined]
        {"choices": choices, "key": "points-key-0001"},
        content_type="application/json",
    )


def test_cumulative_points_come_from_the_rulebook(world: World) -> None:
    vote = open_vote(world, mass_vote_ballot_type="cumulative", mass_vote_points_total=20)
    assert vote.points_total == 20
    bob = Client()
    bob.force_login(world.bob)
    assert "您一共有 20 票" in bob.get(f"/votes/{vote.pk}/").content.decode()
    over = cast(bob, vote, [[1, 11], [2, 10]])
    assert over.status_code == 422  # type: ignore[attr-defined]
    messages = " ".join(e["message"] for e in over.json()["detail"])  # type: ignore[attr-defined]
    assert "票数合计不能超过 20 票，现在是 21 票" in messages
    assert not Ballot.objects.filter(vote_event=vote).exists()
    assert cast(bob, vote, [[1, 11], [2, 9]]).status_code == 201  # type: ignore[attr-defined]
    assert Ballot.objects.get(vote_event=vote).choices == [[1, 11], [2, 9]]


def verify(path: Path) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = pbcore_main(["verify", str(path)], out=out, err=err)
    assert code == 0, out.getvalue() + err.getvalue()
    return out.getvalue()


@pytest.mark.parametrize(
    ("fields", "header"), [([], "voter_id;vote"), (["age_band"], "voter_id;vote;age_band")]
)
def test_open_data_carries_only_the_voter_fields_the_rulebook_allows(
    world: World, tmp_path: Path, fields: list[str], header: str
) -> None:
    vote = open_vote(world, extra_residents=20, open_data_voter_fields=fields)
    for i, entry in enumerate(vote.roll.order_by("pk")):
        vote_cast(actor=None, vote=vote, entry=entry, choices=[1 + i % 3, 4], key=f"fields-key-{i:04d}")
    secretary = Client()
    secretary.force_login(world.secretary)
    pool = secretary.post(f"/api/v1/votes/{vote.pk}/close").json()["pools"][0]
    response = Client().get(f"/votes/{vote.pk}/open-data/{pool['id']}.pb")
    assert response.status_code == 200
    text = response.content.decode()
    votes = text.split("VOTES\n", 1)[1].splitlines()
    assert votes[0] == header and len(votes) == 22
    assert ("age_band" in text) is bool(fields)
    path = tmp_path / "vote.pb"
    path.write_bytes(response.content)
    assert "AGREES" in verify(path)
