"""Golden tier: pbcore's outcomes equal pabutools 1.2.3's (an independent implementation) exactly.

Files: ``golden_files.txt`` (211 small corpus files across vote types); ``PBCORE_GOLDEN_ALL=1`` runs
every file of ../shared/pabulib instead (slow: pabutools needs minutes on the large ones).

Both sides use the same definitions: endowment B/n, ties by project id as strings (pabutools'
default ``lexico_tie_breaking``), a project supports a ballot that names it (``Cost_Sat``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pbcore.election import Election, VoteType
from pbcore.pabulib import read_pabulib
from pbcore.rules import PROJECT_ID_TIE_BREAKING, equal_shares, greedy, sequential_phragmen

pabutools_election = pytest.importorskip("pabutools.election")
pabutools_rules = pytest.importorskip("pabutools.rules")

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "pabulib"
LIST = Path(__file__).with_name("golden_files.txt")

pytestmark = pytest.mark.golden


def golden_files() -> list[str]:
    if os.environ.get("PBCORE_GOLDEN_ALL") == "1":
        return sorted(p.name for p in CORPUS.glob("*.pb"))
    lines = LIST.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


class Case:
    """One file read by both libraries (pabutools with its multiprofile, as ENGINE.md §1.3)."""

    def __init__(self, name: str) -> None:
        self.path = CORPUS / name
        self.election: Election = read_pabulib(self.path)
        self.instance, profile = pabutools_election.parse_pabulib(str(self.path))
        self.profile = profile.as_multiprofile()

    def names(self, allocation: object) -> list[str]:
        return [project.name for project in allocation]  # type: ignore[attr-defined]


_cases: dict[str, Case] = {}


def case(name: str) -> Case:
    if name not in _cases:
        _cases.clear()  # keep one file in memory at a time
        _cases[name] = Case(name)
    return _cases[name]


def points_times_cost(instance, profile, ballot, project, precomputed_values):  # type: ignore[no-untyped-def]
    """Pabulib's points ranking as a pabutools satisfaction: density (points·cost)/cost = points."""
    return ballot.get(project, 0) * project.cost


class PointsCostSat(pabutools_election.AdditiveSatisfaction):  # type: ignore[misc, name-defined]
    def __init__(self, instance, profile, ballot):  # type: ignore[no-untyped-def]
        super().__init__(instance, profile, ballot, points_times_cost)


FILES = golden_files()


@pytest.mark.parametrize("name", FILES)
def test_greedy_equals_pabutools(name: str) -> None:
    c = case(name)
    if c.election.vote_type is VoteType.ORDINAL:
        pytest.skip("pabutools has no Pabulib-score greedy for ordinal ballots (see test_golden_official)")
    sat = PointsCostSat if c.election.vote_type.has_points else pabutools_election.Cost_Sat
    theirs = pabutools_rules.greedy_utilitarian_welfare(c.instance, c.profile, sat_class=sat)
    ours = greedy(c.election, tie_breaking=PROJECT_ID_TIE_BREAKING)
    assert list(ours.selected) == c.names(theirs)


@pytest.mark.parametrize("name", FILES)
def test_mes_without_completion_equals_pabutools(name: str) -> None:
    c = case(name)
    theirs = pabutools_rules.method_of_equal_shares(
        c.instance, c.profile, sat_class=pabutools_election.Cost_Sat
    )
    ours = equal_shares(
        c.election, tie_breaking=PROJECT_ID_TIE_BREAKING, endowment="exact", completion="none"
    )
    assert list(ours.selected) == c.names(theirs)


@pytest.mark.parametrize("name", FILES)
def test_mes_add1_equals_pabutools(name: str) -> None:
    c = case(name)
    theirs = pabutools_rules.method_of_equal_shares(
        c.instance, c.profile, sat_class=pabutools_election.Cost_Sat, voter_budget_increment=1
    )
    ours = equal_shares(
        c.election, tie_breaking=PROJECT_ID_TIE_BREAKING, endowment="exact", completion="add1-exhaustive"
    )
    assert list(ours.selected) == c.names(theirs)


@pytest.mark.parametrize("name", FILES)
def test_phragmen_equals_pabutools(name: str) -> None:
    c = case(name)
    if c.election.vote_type not in (VoteType.APPROVAL, VoteType.CHOOSE_1):
        pytest.skip("pabutools' sequential Phragmén is defined for approval profiles only")
    theirs = pabutools_rules.sequential_phragmen(c.instance, c.profile)
    ours = sequential_phragmen(c.election, tie_breaking=PROJECT_ID_TIE_BREAKING)
    assert sorted(ours.selected) == sorted(c.names(theirs))
