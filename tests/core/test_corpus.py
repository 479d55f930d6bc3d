"""The real Pabulib corpus in ../shared/pabulib: everything parses, round-trips and agrees with pabutools.

pabutools (GPL) is a test-only oracle here; pbcore never imports it.
"""

from __future__ import annotations

import os
import random
from fractions import Fraction
from pathlib import Path

import pytest

from pbcore.election import Election
from pbcore.pabulib import pabulib_string, parse_pabulib_string, read_pabulib

CORPUS = Path(os.environ.get("PABULIB_DIR", Path(__file__).resolve().parents[3] / "shared" / "pabulib"))
ALL_FILES = sorted(CORPUS.glob("*.pb")) if CORPUS.is_dir() else []
# A fixed sample of small and medium files for the default run (the slow tier does all).
SAMPLE = sorted(
    random.Random(4).sample([p for p in ALL_FILES if p.stat().st_size < 400_000], min(30, len(ALL_FILES)))
)

needs_corpus = pytest.mark.skipif(not ALL_FILES, reason=f"no Pabulib corpus at {CORPUS}")


@needs_corpus
def test_it_parses_every_corpus_file() -> None:
    failures = []
    for path in ALL_FILES:
        try:
            election = read_pabulib(path)
        except Exception as error:  # collect them all: one report names every bad file
            failures.append(f"{path.name}: {error}")
            continue
        assert sum(g.weight for g in election.profile.groups) == election.profile.num_voters
    assert failures == []


def _assert_round_trip(election: Election) -> None:
    text = pabulib_string(election)
    again = parse_pabulib_string(text)
    assert again == election
    assert pabulib_string(again) == text


@needs_corpus
@pytest.mark.parametrize("path", SAMPLE, ids=lambda p: p.stem[:50])
def test_corpus_sample_round_trips(path: Path) -> None:
    _assert_round_trip(read_pabulib(path))


@needs_corpus
@pytest.mark.slow
def test_every_corpus_file_round_trips() -> None:
    for path in ALL_FILES:
        _assert_round_trip(read_pabulib(path))


@needs_corpus
@pytest.mark.golden
@pytest.mark.parametrize("path", SAMPLE[:12], ids=lambda p: p.stem[:50])
def test_it_reads_what_pabutools_reads(path: Path) -> None:
    pabutools_election = pytest.importorskip("pabutools.election")
    instance, profile = pabutools_election.parse_pabulib(str(path))
    election = read_pabulib(path)
    assert Fraction(str(instance.budget_limit)) == election.budget
    assert {p.name: Fraction(str(p.cost)) for p in instance} == {p.id: p.cost for p in election.projects}
    # pabutools turns an empty category cell into {''}; pbcore into no category.
    assert {p.name: set(p.categories) - {""} for p in instance} == {
        p.id: set(p.categories) for p in election.projects
    }
    assert len(profile) == election.profile.num_voters
    ids = [p.id for p in election.projects]
    theirs = sorted(sorted(p.name for p in ballot) for ballot in profile)
    ours = sorted(sorted({ids[i] for i in ballot.projects}) for ballot in election.profile.ballots)
    assert theirs == ours
    if election.vote_type.has_points:
        their_points = sorted(sorted((p.name, Fraction(str(v))) for p, v in b.items()) for b in profile)
        our_points = sorted(
            sorted((ids[i], Fraction(v)) for i, v in zip(b.projects, b.points or (), strict=True))
            for b in election.profile.ballots
        )
        assert their_points == our_points
