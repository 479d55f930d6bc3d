"""Ballot validity: every limit produces a structured, readable violation; valid ballots produce none."""

from __future__ import annotations

from fractions import Fraction

import pytest

from pbcore.constraints import (
    BallotRules,
    InvalidBallotError,
    ViolationCode,
    ballot_violations,
    check_ballot,
    profile_violations,
    validate_ballot,
)
from pbcore.election import BallotLimits, Project, VoteType
from pbcore.pabulib import parse_pabulib_string

PROJECTS = {
    "a": Project("a", Fraction(100), categories=("green",)),
    "b": Project("b", Fraction(250), categories=("green", "youth")),
    "c": Project("c", Fraction(50), categories=("youth",)),
}


def _rules(vote_type: VoteType = VoteType.APPROVAL, **limits: object) -> BallotRules:
    return BallotRules(vote_type, PROJECTS, BallotLimits(**limits))  # type: ignore[arg-type]


def _codes(rules: BallotRules, ids: list[str], points: list[int] | None = None) -> list[ViolationCode]:
    return [v.code for v in ballot_violations(rules, ids, points)]


def test_a_valid_ballot_has_no_violations() -> None:
    rules = _rules(min_length=1, max_length=3, max_sum_cost=Fraction(400))
    assert ballot_violations(rules, ["a", "b"]) == []


def test_it_reports_length_limits_with_numbers() -> None:
    few = ballot_violations(_rules(min_length=2), ["a"])
    assert [(v.code, v.params) for v in few] == [(ViolationCode.TOO_FEW_PROJECTS, {"minimum": 2, "count": 1})]
    assert few[0].message == "Choose at least 2 projects (this ballot has 1)."
    many = ballot_violations(_rules(max_length=1), ["a", "c"])
    assert many[0].code is ViolationCode.TOO_MANY_PROJECTS
    assert many[0].message == "Choose at most 1 project (this ballot has 2)."


def test_choose_one_implies_exactly_one_project() -> None:
    rules = _rules(VoteType.CHOOSE_1)
    assert _codes(rules, []) == [ViolationCode.TOO_FEW_PROJECTS]
    assert _codes(rules, ["a", "b"]) == [ViolationCode.TOO_MANY_PROJECTS]
    assert _codes(rules, ["c"]) == []


def test_it_reports_the_total_cost_against_the_cap() -> None:
    violations = ballot_violations(_rules(max_sum_cost=Fraction(300)), ["a", "b"])
    assert violations[0].code is ViolationCode.COST_TOO_HIGH
    assert violations[0].params == {"maximum": 300, "total": 350}
    assert "350" in violations[0].message and "300" in violations[0].message
    assert _codes(_rules(min_sum_cost=Fraction(200)), ["c"]) == [ViolationCode.COST_TOO_LOW]


def test_it_reports_unknown_and_duplicate_projects() -> None:
    violations = ballot_violations(_rules(), ["a", "zz", "a"])
    assert [(v.code, v.params) for v in violations] == [
        (ViolationCode.UNKNOWN_PROJECT, {"project": "zz"}),
        (ViolationCode.DUPLICATE_PROJECT, {"project": "a", "times": 2}),
    ]


def test_it_checks_points_per_project_and_in_total() -> None:
    rules = _rules(VoteType.SCORING, min_points=1, max_points=5, max_sum_points=8)
    assert _codes(rules, ["a", "b"], [5, 3]) == []
    assert _codes(rules, ["a", "b"], [0, 6]) == [
        ViolationCode.POINTS_TOO_LOW,
        ViolationCode.POINTS_TOO_HIGH,
    ]
    assert _codes(rules, ["a", "b"], [5, 5]) == [ViolationCode.POINTS_SUM_TOO_HIGH]
    assert _codes(_rules(VoteType.CUMULATIVE, min_sum_points=3), ["a"], [2]) == [
        ViolationCode.POINTS_SUM_TOO_LOW
    ]


def test_cumulative_points_are_never_negative() -> None:
    assert _codes(_rules(VoteType.CUMULATIVE), ["a"], [-1]) == [ViolationCode.POINTS_TOO_LOW]


def test_points_must_match_the_ballot_and_the_vote_type() -> None:
    assert _codes(_rules(VoteType.CUMULATIVE), ["a", "b"], [1]) == [ViolationCode.POINTS_COUNT_MISMATCH]
    assert _codes(_rules(VoteType.CUMULATIVE), ["a"]) == [ViolationCode.POINTS_MISSING]
    assert _codes(_rules(VoteType.APPROVAL), ["a"], [1]) == [ViolationCode.POINTS_NOT_ALLOWED]


def test_it_checks_per_category_limits() -> None:
    rules = _rules(
        max_sum_cost_per_category={"green": Fraction(300)},
        min_length_per_category={"youth": 1},
        max_length_per_category={"green": 1},
    )
    codes = _codes(rules, ["a", "b"])
    assert codes == [ViolationCode.CATEGORY_COST_TOO_HIGH, ViolationCode.CATEGORY_TOO_MANY]
    assert _codes(rules, ["a"]) == [ViolationCode.CATEGORY_TOO_FEW]


def test_validate_ballot_raises_with_every_violation() -> None:
    with pytest.raises(InvalidBallotError) as info:
        validate_ballot(_rules(max_length=1, max_sum_cost=Fraction(100)), ["a", "b"])
    assert [v.code for v in info.value.violations] == [
        ViolationCode.TOO_MANY_PROJECTS,
        ViolationCode.COST_TOO_HIGH,
    ]


ELECTION = """META
key;value
budget;500
vote_type;approval
max_length;2
max_sum_cost;300
PROJECTS
project_id;cost
a;100
b;250
c;50
VOTES
voter_id;vote
1;a,c
2;a,b
3;a,b,c
4;a,c
"""


def test_check_ballot_reads_the_limits_from_the_election() -> None:
    election = parse_pabulib_string(ELECTION)
    assert check_ballot(election, ["a", "c"]) == []
    assert [v.code for v in check_ballot(election, ["a", "b"])] == [ViolationCode.COST_TOO_HIGH]


def test_profile_violations_lists_only_invalid_voters() -> None:
    invalid = profile_violations(parse_pabulib_string(ELECTION))
    assert sorted(invalid) == [1, 2]
    assert [v.code for v in invalid[2]] == [ViolationCode.TOO_MANY_PROJECTS, ViolationCode.COST_TOO_HIGH]
