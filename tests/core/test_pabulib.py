"""Pabulib reader and writer: real files, round trips, odd encodings and every error message."""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import pytest

from pbcore.election import VoteType
from pbcore.pabulib import (
    PabulibError,
    format_number,
    pabulib_string,
    parse_number,
    parse_pabulib_string,
    read_pabulib,
    write_pabulib,
)

DATA = Path(__file__).resolve().parents[1] / "data"
DATA_FILES = sorted(DATA.glob("*.pb"))

SMALL = """META
key;value
description;Test
num_votes;3
budget;100
vote_type;approval
min_length;1
PROJECTS
project_id;cost;votes;name;category
p1;60;2;Park;green,youth
p2;50;2;"Bench; blue";green
p3;40;1;Lamp;
VOTES
voter_id;vote;age;sex
v1;p1,p2;30;F
v2;p2,p1;41;M
v3;p3;30;F
"""


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


def _error(text: str) -> PabulibError:
    with pytest.raises(PabulibError) as info:
        parse_pabulib_string(text)
    return info.value


# -- reading ----------------------------------------------------------------------------------------


def test_it_reads_projects_budget_ballots_and_voter_columns() -> None:
    election = parse_pabulib_string(SMALL)
    assert election.budget == 100
    assert election.vote_type is VoteType.APPROVAL
    assert [p.id for p in election.projects] == ["p1", "p2", "p3"]
    assert election.projects[1].name == "Bench; blue"
    assert election.projects[0].categories == ("green", "youth")
    assert election.projects[2].categories == ()
    assert election.projects[0].extra == (("votes", "2"),)
    assert election.limits.min_length == 1
    profile = election.profile
    assert profile.voter_ids == ("v1", "v2", "v3")
    assert [b.projects for b in profile.ballots] == [(0, 1), (1, 0), (2,)]
    assert profile.voter(1).extra == {"age": "41", "sex": "M"}
    assert profile.voter_value(2, "sex") == "F"
    assert profile.voter_value(2, "district") is None


def test_it_collapses_identical_ballot_contents_with_weights() -> None:
    profile = parse_pabulib_string(SMALL).profile
    assert [(g.projects, g.weight) for g in profile.groups] == [((0, 1), 2), ((2,), 1)]
    assert profile.group_of_voter == (0, 0, 1)
    assert profile.group_voters == ((0, 1), (2,))
    assert profile.supporters == ((0,), (0,), (1,))
    assert profile.approval_scores == (2, 2, 1)
    assert profile.supporter_points is None


def test_it_keeps_the_ranking_of_ordinal_ballots_in_groups() -> None:
    text = _replace(SMALL, "vote_type;approval", "vote_type;ordinal")
    profile = parse_pabulib_string(text).profile
    assert [g.projects for g in profile.groups] == [(0, 1), (1, 0), (2,)]


def test_it_reads_points_and_groups_them_by_content() -> None:
    text = """META
key;value
budget;10
vote_type;cumulative
max_sum_points;10
PROJECTS
project_id;cost
a;5
b;5
VOTES
voter_id;vote;points
1;a,b;7,3
2;b,a;3,7
3;a;2.5
"""
    election = parse_pabulib_string(text)
    profile = election.profile
    assert profile.ballots[1].points == (3, 7)
    assert profile.ballots[2].points == (Fraction(5, 2),)
    assert [(g.projects, g.points, g.weight) for g in profile.groups] == [
        ((0, 1), (7, 3), 2),
        ((0,), (Fraction(5, 2),), 1),
    ]
    assert profile.supporter_points == ((7, Fraction(5, 2)), (3,))
    assert profile.point_totals == (14 + Fraction(5, 2), 6)
    assert election.limits.max_sum_points == 10


def test_it_accepts_bom_crlf_and_decimal_commas() -> None:
    text = "\ufeff" + _replace(SMALL, "budget;100", "budget;1000000,50").replace("\n", "\r\n")
    election = parse_pabulib_string(text)
    assert election.budget == Fraction(2000001, 2)
    assert election.meta["description"] == "Test"
    assert election.profile.voter_ids == ("v1", "v2", "v3")
    stream = io.StringIO(text.removeprefix("\ufeff"), newline="")
    assert read_pabulib(stream) == election


def test_it_reads_a_file_path_with_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.pb"
    path.write_bytes(b"\xef\xbb\xbf" + SMALL.replace("\n", "\r\n").encode())
    assert read_pabulib(path) == parse_pabulib_string(SMALL)


def test_it_tolerates_a_repeated_section_marker_and_blank_lines() -> None:
    text = _replace(SMALL, "PROJECTS\n", "PROJECTS\nPROJECTS\n") + "\n\n"
    assert parse_pabulib_string(text) == parse_pabulib_string(SMALL)


def test_it_maps_beneficiaries_to_targets_and_reads_pools() -> None:
    text = """META
key;value
budget;100
vote_type;approval
pools;street,community
budget_per_pool;60,40
categories;green,youth
budget_per_category;70,30
PROJECTS
project_id;cost;beneficiaries;pool;category
a;10;children,seniors;street;green
b;20;;community;youth
VOTES
voter_id;vote
1;a
"""
    election = parse_pabulib_string(text)
    assert election.projects[0].targets == ("children", "seniors")
    assert [p.pool for p in election.projects] == ["street", "community"]
    assert election.pools == {"street": 60, "community": 40}
    assert election.category_quotas == {"green": 70, "youth": 30}
    assert election.pool_projects("street") == (0,)
    assert parse_pabulib_string(pabulib_string(election)) == election


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.stem[:40])
def test_it_reads_the_committed_corpus_files(path: Path) -> None:
    election = read_pabulib(path)
    assert election.num_projects == int(election.meta["num_projects"])
    assert election.profile.num_voters == int(election.meta["num_votes"])
    assert sum(group.weight for group in election.profile.groups) == election.profile.num_voters


def test_it_counts_the_same_votes_as_the_votes_column() -> None:
    election = read_pabulib(DATA / "Poland_Swiecie_2023.pb")
    published = tuple(int(p.extra_value("votes") or -1) for p in election.projects)
    assert election.profile.approval_scores == published


# -- writing and round trips ------------------------------------------------------------------------


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.stem[:40])
def test_it_round_trips_every_committed_file(path: Path, tmp_path: Path) -> None:
    election = read_pabulib(path)
    out = tmp_path / "out.pb"
    write_pabulib(election, out)
    again = read_pabulib(out)
    assert again == election
    assert pabulib_string(again) == out.read_text(encoding="utf-8")


def test_round_trip_keeps_voter_columns_and_quoted_names() -> None:
    election = parse_pabulib_string(SMALL)
    text = pabulib_string(election)
    assert '"Bench; blue"' in text
    assert "v2;p2,p1;41;M" in text
    assert parse_pabulib_string(text) == election


def test_equality_notices_a_changed_voter_column() -> None:
    changed = _replace(SMALL, "v2;p2,p1;41;M", "v2;p2,p1;42;M")
    assert parse_pabulib_string(changed) != parse_pabulib_string(SMALL)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("-3", -3),
        ("1000000.50", Fraction(2000001, 2)),
        ("1000000,50", Fraction(2000001, 2)),
        (" 7.0 ", 7),
        ("1/3", Fraction(1, 3)),
        ("1e3", 1000),
    ],
)
def test_it_parses_exact_numbers(text: str, value: Fraction) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1,000,000", "nan", "inf", "1/0", "1_000"])
def test_it_rejects_what_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    "value", [Fraction(0), Fraction(5), Fraction(-7, 4), Fraction(1, 3), Fraction(3, 40)]
)
def test_format_number_is_exact(value: Fraction) -> None:
    assert parse_number(format_number(value)) == value


# -- errors ------------------------------------------------------------------------------------------


def test_missing_budget_is_named() -> None:
    error = _error(_replace(SMALL, "budget;100\n", ""))
    assert (error.section, error.field) == ("META", "budget")
    assert "missing budget" in str(error)


def test_a_bad_budget_number_is_named() -> None:
    error = _error(_replace(SMALL, "budget;100", "budget;lots"))
    assert error.field == "budget"
    assert "'lots'" in str(error)


def test_unknown_vote_type_is_named() -> None:
    error = _error(_replace(SMALL, "vote_type;approval", "vote_type;borda"))
    assert error.field == "vote_type"
    assert "unknown vote_type 'borda'" in str(error)


def test_a_vote_for_an_unknown_project_names_line_and_project() -> None:
    error = _error(_replace(SMALL, "v3;p3;", "v3;p9;"))
    assert (error.line, error.section, error.field) == (17, "VOTES", "vote")
    assert str(error) == "line 17, section VOTES, field 'vote': voter 'v3' votes for unknown project 'p9'"


def test_a_duplicate_voter_id_names_both_lines() -> None:
    error = _error(_replace(SMALL, "v3;p3;", "v1;p3;"))
    assert (error.line, error.field) == (17, "voter_id")
    assert "voter id 'v1' appears twice (first on line 15)" in str(error)


def test_a_points_list_of_the_wrong_length_is_named() -> None:
    text = """META
key;value
budget;10
vote_type;cumulative
PROJECTS
project_id;cost
a;5
b;5
VOTES
voter_id;vote;points
1;a,b;7
"""
    error = _error(text)
    assert (error.line, error.field) == (11, "points")
    assert "lists 2 projects but 1 points" in str(error)


def test_a_points_election_without_a_points_column_is_rejected() -> None:
    error = _error(_replace(SMALL, "vote_type;approval", "vote_type;scoring"))
    assert (error.section, error.field) == ("VOTES", "points")


def test_a_bad_cost_names_project_line_and_field() -> None:
    error = _error(_replace(SMALL, "p3;40;", "p3;forty;"))
    assert (error.line, error.section, error.field) == (12, "PROJECTS", "cost")
    assert "project 'p3' has a cost that is not a number: 'forty'" in str(error)


def test_a_bad_points_value_is_named() -> None:
    text = "META\nkey;value\nbudget;1\nvote_type;scoring\nPROJECTS\nproject_id;cost\na;1\nVOTES\nvoter_id;vote;points\n1;a;x\n"
    error = _error(text)
    assert (error.line, error.field) == (10, "points")
    assert "'x'" in str(error)


def test_a_missing_column_is_named() -> None:
    error = _error(_replace(SMALL, "project_id;cost;votes", "project_id;price;votes"))
    assert (error.section, error.field) == ("PROJECTS", "cost")
    assert "no 'cost' column" in str(error)


def test_a_missing_section_is_named() -> None:
    error = _error(SMALL[: SMALL.index("VOTES")])
    assert error.section == "VOTES"
    assert "ends before the VOTES section" in str(error)


def test_a_row_wider_than_its_header_is_rejected() -> None:
    error = _error(_replace(SMALL, "v3;p3;30;F", "v3;p3;30;F;extra"))
    assert (error.line, error.section) == (17, "VOTES")
    assert "5 fields but the header has 4" in str(error)


def test_a_duplicate_project_id_is_rejected() -> None:
    error = _error(_replace(SMALL, "p3;40;", "p1;40;"))
    assert (error.line, error.field) == (12, "project_id")
    assert "first on line 10" in str(error)


def test_a_category_quota_without_categories_is_rejected() -> None:
    error = _error(_replace(SMALL, "min_length;1", "budget_per_category;5,5"))
    assert error.field == "budget_per_category"
