"""A simulated vote of a few hundred residents: the published tally equals a hand recount of the
stored ballots and pabutools' greedy, and the open-data .pb verifies with ``python -m pbcore verify``."""

import csv
import io
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from django.test import Client

from roundtable.notices.models import PublicNotice
from roundtable.proposals.models import Proposal
from roundtable.testing import World
from roundtable.voting.models import Ballot, VoteEvent
from roundtable.voting.services import vote_cast
from roundtable.voting.testing import PROJECTS, open_vote

pytestmark = pytest.mark.django_db

# Project j is approved by voters i with i % 10 < WEIGHTS[j]: distinct vote counts, no ties.
WEIGHTS = {1: 7, 2: 5, 3: 3, 4: 6, 5: 2, 6: 4}


def simulate(world: World, vote: VoteEvent, client: Client) -> None:
    entries = list(vote.roll.exclude(person=world.bob.person).order_by("pk"))
    for i, entry in enumerate(entries):
        choices = [j for j, w in WEIGHTS.items() if i % 10 < w] or [5]
        vote_cast(actor=None, vote=vote, entry=entry, choices=choices, key=f"simulated-{i:05d}")
    # bob votes through the API, with a network retry
    for _attempt in range(2):
        response = client.post(
            f"/api/v1/votes/{vote.pk}/ballots",
            {"choices": [1], "key": "bob-key-0001"},
            content_type="application/json",
        )
        assert response.status_code == 201


def hand_greedy(vote: VoteEvent, budget: int) -> list[int]:
    """Count approvals from the stored ballots; fund by votes, skipping what no longer fits."""
    votes = {c.number: 0 for c in vote.candidates.all()}
    for ballot in Ballot.objects.filter(vote_event=vote):
        for number in ballot.choices:
            votes[number] += 1
    cost = {c.number: c.cost for c in vote.candidates.all()}
    left, winners = budget, []
    for number in sorted(votes, key=lambda n: (-votes[n], cost[n], n)):
        if cost[number] <= left:
            winners.append(number)
            left -= cost[number]
    return sorted(winners)


def pabutools_greedy(path: Path) -> list[int]:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import greedy_utilitarian_welfare

    instance, profile = parse_pabulib(str(path))
    return sorted(int(p.name) for p in greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat))


@pytest.mark.parametrize("rule", ["greedy", "equal-shares"])
def test_tally_equals_recount_and_open_data_verifies(world: World, tmp_path: Path, rule: str) -> None:
    vote = open_vote(world, extra_residents=300, mass_vote_max_choices=6, selection_algorithm=rule)
    secretary, bob = Client(), Client()
    secretary.force_login(world.secretary)
    bob.force_login(world.bob)
    simulate(world, vote, bob)
    assert Ballot.objects.filter(vote_event=vote).count() == 301

    closed = secretary.post(f"/api/v1/votes/{vote.pk}/close")
    assert closed.status_code == 200, closed.content
    result = closed.json()
    pool = result["pools"][0]
    winners = sorted(pool["winners"])
    assert result["voted"] == result["ballots"] == 301 and result["roll"] == 301
    assert pool["spent"] == sum(
        c for (_t, _k, c), n in zip(PROJECTS, range(1, 7), strict=True) if n in winners
    )
    assert pool["spent"] <= pool["budget"] == 300000

    if rule == "greedy":
        assert winners == hand_greedy(vote, 300000) == [1, 2, 4, 6]

    # Open data through the public endpoint; pbcore recounts it to the same winners.
    pb = Client().get(f"/votes/{vote.pk}/open-data/{pool['id']}.pb")
    assert pb.status_code == 200
    path = tmp_path / "vote.pb"
    path.write_bytes(pb.content)
    text = pb.content.decode()
    assert "birth" not in text and "王小波" not in text
    run = subprocess.run(
        [sys.executable, "-m", "pbcore", "verify", str(path)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "AGREES" in run.stdout
    if rule == "greedy":
        assert pabutools_greedy(path) == winners

    # Voter ids are 1..n (not database ids); only the generalised age band travels with a ballot.
    votes_section = text.split("VOTES\n", 1)[1].splitlines()
    assert votes_section[0] == "voter_id;vote;age_band"
    assert [row.split(";")[0] for row in votes_section[1:4]] == ["1", "2", "3"]

    # Proposals moved through their state machine; the result is a notice with an objection period.
    statuses = dict(Proposal.objects.filter(cycle=vote.cycle).values_list("title", "status"))
    assert {t for t, s in statuses.items() if s == "selected"} == {PROJECTS[n - 1][0] for n in winners}
    assert set(statuses.values()) == {"selected", "not_selected"}
    notice = PublicNotice.objects.get(source=f"vote:{vote.pk}")
    assert notice.type == "result" and notice.objection_deadline is not None

    # The results page: winners, money per pool, turnout, a chart, a Chinese reason per project.
    page = Client().get(f"/votes/{vote.pk}/results/").content.decode()
    assert "300,000" in page and "100.0%" in page and "echarts.min.js" in page
    assert page.count('class="explanation"') == 6 and "入选：" in page and "未入选：" in page
    rows = list(csv.DictReader(io.StringIO(Client().get(f"/votes/{vote.pk}/results.csv").content.decode())))
    assert sorted(int(r["project_id"]) for r in rows if r["selected"] == "1") == winners


def test_results_suppress_small_groups(world: World) -> None:
    vote = open_vote(world, extra_residents=6)
    for i, entry in enumerate(vote.roll.order_by("pk")[:6]):
        vote_cast(actor=None, vote=vote, entry=entry, choices=[1 + i % 3], key=f"small-key-{i:04d}")
    from roundtable.voting.services import vote_close

    result = vote_close(actor=world.secretary, vote=vote).result
    shown = {row["band"]: row["voted"] for row in result["by_age"]}
    assert any(v is None for v in shown.values())  # bands below the minimum are not published
    assert all(v is None or v >= 5 for v in shown.values())
    assert sum(Fraction(p["score"]) for p in result["pools"][0]["projects"]) == 6


def test_the_published_result_is_in_chinese_whatever_the_closing_staff_reads(world: World) -> None:
    vote = open_vote(world, extra_residents=6)
    for i, entry in enumerate(vote.roll.order_by("pk")):
        vote_cast(actor=None, vote=vote, entry=entry, choices=[1 + i % 3], key=f"lang-key-{i:04d}")
    secretary = Client()
    secretary.force_login(world.secretary)
    secretary.post("/i18n/setlang/", {"language": "en", "next": "/"})
    result = secretary.post(f"/api/v1/votes/{vote.pk}/close").json()
    explanations = [p["explanation"] for p in result["pools"][0]["projects"]]
    assert all(e.startswith(("入选：", "未入选：")) for e in explanations), explanations
