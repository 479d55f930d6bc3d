"""Properties every rule promises, on random small elections (Hypothesis)."""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from pbcore.election import Election
from pbcore.outcome import Status
from pbcore.rules import PROJECT_ID_TIE_BREAKING, RULES, per_pool, with_category_quotas
from tests.core.rules_strategies import elections

RULE_KEYS = sorted(RULES)


def fits_everywhere(election: Election, selected: set[str], budget: Fraction) -> bool:
    return election.total_cost(election.indices(selected)) <= budget


@settings(max_examples=60, deadline=None)
@given(elections(), st.sampled_from(RULE_KEYS))
def test_every_rule_stays_within_the_budget(election: Election, key: str) -> None:
    outcome = RULES[key](election)
    assert outcome.total_cost == election.total_cost(election.indices(outcome.selected))
    assert outcome.total_cost <= election.budget
    assert len(set(outcome.selected)) == len(outcome.selected)


@settings(max_examples=60, deadline=None)
@given(elections(), st.sampled_from(RULE_KEYS))
def test_every_rule_is_deterministic(election: Election, key: str) -> None:
    assert RULES[key](election).selected == RULES[key](election).selected


@settings(max_examples=60, deadline=None)
@given(elections(pools=True), st.sampled_from(RULE_KEYS))
def test_selection_per_pool_is_feasible_within_every_pool(election: Election, key: str) -> None:
    outcome = per_pool(election, rule=RULES[key])
    for pool, amount in election.pools.items():
        members = {election.projects[i].id for i in election.pool_projects(pool)}
        assert fits_everywhere(election, set(outcome.selected) & members, amount)


@settings(max_examples=40, deadline=None)
@given(elections(), st.integers(0, 60))
def test_category_quota_is_spent_only_on_its_category_first(election: Election, reserve: int) -> None:
    outcome = with_category_quotas(election, rule=RULES["greedy"], quotas={"green": Fraction(reserve)})
    assert outcome.total_cost <= election.budget
    first_part = RULES["greedy"](
        election, budget=min(Fraction(reserve), election.budget), projects=election.category_projects("green")
    )
    assert set(first_part.selected) <= set(outcome.selected)


@settings(max_examples=60, deadline=None)
@given(elections())
def test_greedy_and_mes_add1_exhaustive_are_exhaustive(election: Election) -> None:
    for outcome in (
        RULES["greedy"](election),
        RULES["equal-shares"](election, completion="add1-greedy"),
    ):
        left = election.budget - outcome.total_cost
        chosen = set(outcome.selected)
        assert all(p.id in chosen or p.cost > left for p in election.projects)


@settings(max_examples=60, deadline=None)
@given(elections(), st.sampled_from(["cost", "approval"]))
def test_max_welfare_equals_brute_force(election: Election, utility: str) -> None:
    outcome = RULES["max-welfare"](election, utility=utility)
    votes = election.profile.approval_scores

    def welfare(subset: tuple[int, ...]) -> Fraction:
        return sum((votes[p] * (election.costs[p] if utility == "cost" else 1) for p in subset), Fraction(0))

    best = max(
        welfare(subset)
        for size in range(election.num_projects + 1)
        for subset in combinations(range(election.num_projects), size)
        if election.total_cost(subset) <= election.budget
    )
    assert welfare(election.indices(outcome.selected)) == best


@settings(max_examples=60, deadline=None)
@given(
    elections(points=True), st.sampled_from(["cost", "approval", "points"]), st.sampled_from(["none", "add1"])
)
def test_mes_payments_cover_each_bought_project_exactly(
    election: Election, utility: str, completion: str
) -> None:
    outcome = RULES["equal-shares"](election, utility=utility, completion=completion, endowment="exact")
    weights = election.profile.weights
    endowment = outcome.figures["endowment"]
    assert isinstance(endowment, Fraction)
    for project_id in outcome.selected:
        record = outcome.projects[project_id]
        assert record.status is Status.SELECTED
        assert sum(weights[p.group] * p.per_voter for p in record.payments) == record.cost
    for group in outcome.groups:
        assert group.paid_per_voter + group.budget_left_per_voter == endowment
        assert group.budget_left_per_voter >= 0


@settings(max_examples=40, deadline=None)
@given(elections())
def test_tie_breaking_by_project_id_never_leaves_a_tie_unresolved(election: Election) -> None:
    for key in RULE_KEYS:
        if key == "max-welfare":
            continue
        assert RULES[key](election, tie_breaking=PROJECT_ID_TIE_BREAKING).decided
