"""Hypothesis strategies: small random elections built directly on pbcore.election."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from pbcore.election import Ballot, Election, Profile, Project, VoteType


@st.composite
def elections(draw: st.DrawFn, *, pools: bool = False, points: bool = False) -> Election:
    count = draw(st.integers(1, 7))
    costs = draw(st.lists(st.integers(1, 60), min_size=count, max_size=count))
    pool_names = ("street", "community")
    projects = tuple(
        Project(
            id=f"p{i}",
            cost=Fraction(cost),
            categories=(draw(st.sampled_from(("green", "culture"))),),
            pool=draw(st.sampled_from(pool_names)) if pools else None,
        )
        for i, cost in enumerate(costs)
    )
    ballot_count = draw(st.integers(1, 9))
    ballots = []
    for _ in range(ballot_count):
        chosen = draw(st.lists(st.integers(0, count - 1), min_size=1, max_size=count, unique=True))
        if points:
            given = tuple(draw(st.integers(1, 5)) for _ in chosen)
            ballots.append(Ballot(tuple(chosen), given))
        else:
            ballots.append(Ballot(tuple(sorted(chosen))))
    vote_type = VoteType.CUMULATIVE if points else VoteType.APPROVAL
    profile = Profile(
        vote_type, tuple(f"v{i}" for i in range(ballot_count)), tuple(ballots), num_projects=count
    )
    budget = Fraction(draw(st.integers(1, 120)))
    pool_budgets = {name: Fraction(draw(st.integers(1, 60))) for name in pool_names} if pools else {}
    return Election(
        meta={"budget": str(budget), "vote_type": vote_type.value},
        budget=budget if not pools else sum(pool_budgets.values(), Fraction(0)),
        vote_type=vote_type,
        projects=projects,
        profile=profile,
        pools=pool_budgets,
    )
