"""Hypothesis: writing any election and reading it back gives the same election."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pbcore.election import Ballot, BallotLimits, Election, Number, Profile, Project, VoteType
from pbcore.pabulib import format_number, pabulib_string, parse_pabulib_string

# Free text may hold the separators, quotes and line breaks: the writer must quote them.
FREE_TEXT = st.text(alphabet=st.sampled_from('abcxyzĄ漢 ;,"\n\t'), max_size=12)
LABEL = st.text(alphabet=st.sampled_from("abcdeĄ漢 -/"), min_size=1, max_size=8).map(str.strip).filter(bool)
PROJECT_ID = st.text(alphabet=st.sampled_from('abcp0123456789_-;"'), min_size=1, max_size=6)
MONEY = st.builds(
    Fraction, st.integers(min_value=0, max_value=10**9), st.sampled_from([1, 1, 2, 4, 10, 100, 3, 7])
)
POINTS = st.one_of(
    st.integers(min_value=-5, max_value=100), st.builds(Fraction, st.integers(0, 99), st.just(4))
)


def _normalise(value: Number) -> Number:
    value = Fraction(value)
    return value.numerator if value.denominator == 1 else value


@st.composite
def elections(draw: st.DrawFn) -> Election:
    vote_type = draw(st.sampled_from(list(VoteType)))
    ids = draw(
        st.lists(PROJECT_ID, min_size=1, max_size=6, unique_by=str.strip).map(
            lambda xs: [x.strip() for x in xs]
        )
    )
    ids = [pid.replace(",", "_") for pid in ids if pid]
    if not ids or len(set(ids)) != len(ids):
        ids = [f"p{i}" for i in range(3)]
    extra_columns = draw(st.lists(st.sampled_from(["votes", "selected", "score", "latitude"]), unique=True))
    projects = tuple(
        Project(
            id=pid,
            cost=draw(MONEY),
            name=draw(FREE_TEXT),
            categories=tuple(draw(st.lists(LABEL, max_size=3, unique=True))),
            targets=tuple(draw(st.lists(LABEL, max_size=2, unique=True))),
            pool=draw(st.one_of(st.none(), LABEL)),
            extra=tuple((column, draw(FREE_TEXT)) for column in extra_columns),
        )
        for pid in ids
    )
    profile = draw(profiles(vote_type, len(projects)))
    budget = draw(MONEY)
    meta = {"description": draw(FREE_TEXT), "budget": format_number(budget), "vote_type": vote_type.value}
    limits = BallotLimits(
        min_length=draw(st.one_of(st.none(), st.integers(0, 3))),
        max_sum_cost=draw(st.one_of(st.none(), MONEY)),
        max_sum_points=draw(st.one_of(st.none(), st.integers(0, 50))),
    )
    return Election(meta, budget, vote_type, projects, profile, limits=limits)


@st.composite
def profiles(draw: st.DrawFn, vote_type: VoteType, num_projects: int) -> Profile:
    fields = tuple(draw(st.lists(st.sampled_from(["age", "sex", "voting_method", "district"]), unique=True)))
    count = draw(st.integers(min_value=0, max_value=8))
    voter_ids = tuple(
        draw(st.lists(FREE_TEXT.map(lambda t: t + "#"), min_size=count, max_size=count, unique=True))
    )
    ballots = []
    for _ in voter_ids:
        chosen = draw(st.lists(st.integers(0, num_projects - 1), max_size=num_projects, unique=True))
        with_points = vote_type.has_points or (vote_type is VoteType.ORDINAL and draw(st.booleans()))
        points = tuple(_normalise(draw(POINTS)) for _ in chosen) if with_points else None
        ballots.append(Ballot(tuple(chosen), points))
    # A file's points column is all-or-nothing.
    if vote_type is VoteType.ORDINAL and any(b.points is None for b in ballots):
        ballots = [Ballot(b.projects) for b in ballots]
    values = tuple(tuple(draw(FREE_TEXT) for _ in fields) for _ in voter_ids) if fields else ()
    return Profile(vote_type, voter_ids, tuple(ballots), fields, values, num_projects)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections())
def test_write_then_read_gives_the_same_election(election: Election) -> None:
    again = parse_pabulib_string(pabulib_string(election))
    assert again.budget == election.budget
    assert again.vote_type == election.vote_type
    assert again.projects == election.projects
    assert again.limits == election.limits
    assert again.profile == election.profile
    # META may gain the limit keys the writer had to add; after that it is a fixed point.
    assert {k: v for k, v in again.meta.items() if k in election.meta} == dict(election.meta)
    assert parse_pabulib_string(pabulib_string(again)) == again


@settings(max_examples=60, deadline=None)
@given(elections())
def test_collapsed_groups_account_for_every_voter(election: Election) -> None:
    profile = election.profile
    assert sum(profile.weights) == profile.num_voters
    for group_index, voters in enumerate(profile.group_voters):
        assert len(voters) == profile.groups[group_index].weight
        for voter in voters:
            assert set(profile.ballots[voter].projects) == set(profile.groups[group_index].projects)
    for project, groups in enumerate(profile.supporters):
        assert all(project in profile.groups[g].projects for g in groups)
