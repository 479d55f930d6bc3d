"""The exact utilitarian welfare maximum: a 0/1 knapsack, solved exactly.

Maximise Σ welfare(p) over the selected projects subject to Σ cost(p) ≤ budget, where welfare(p) is
the total utility of its supporters (``cost``: votes × cost; ``approval``: votes; ``points``: total
points). Costs can be large (millions), so instead of a dynamic programme over money this is a
depth-first branch and bound over projects in decreasing welfare density, bounded by the fractional
(Dantzig) relaxation, in exact integer/rational arithmetic. Among optimal sets the search keeps the
first found in density order (ties broken by the tie-break chain's order); if several optimal sets
exist the outcome reports an unresolved tie between the projects they disagree on.

Paper: Talmon, Faliszewski, "A Framework for Approval-Based Budgeting Methods", AAAI 2019.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from pbcore.election import Election
from pbcore.outcome import Outcome, ProjectRecord, Status, Tie
from pbcore.rules.common import Utility, scores, supporter_points, tie_chooser_for, tie_params, votes
from pbcore.rules.tiebreak import TieBreaking


def max_welfare(
    election: Election,
    *,
    tie_breaking: TieBreaking | None = None,
    budget: Fraction | None = None,
    projects: Sequence[int] | None = None,
    utility: str = "cost",
) -> Outcome:
    """The feasible set of projects with the largest total utility (exact)."""
    kind = Utility(utility)
    limit = election.budget if budget is None else budget
    allowed = list(range(election.num_projects)) if projects is None else list(projects)
    welfare = project_welfare(election, kind)
    chain, cost_of, votes_of = tie_chooser_for(election, tie_breaking)
    key = chain.key_function(cost_of, votes_of)
    costs = election.costs
    free = [p for p in allowed if costs[p] == 0 and welfare[p] > 0]
    items = [p for p in allowed if 0 < costs[p] <= limit and welfare[p] > 0]
    items.sort(key=lambda p: (-welfare[p] / costs[p], key(election.projects[p].id), election.projects[p].id))
    best_set, optimum_count = _branch_and_bound([costs[p] for p in items], [welfare[p] for p in items], limit)
    chosen = free + [items[i] for i in best_set]
    ties: tuple[Tie, ...] = ()
    if optimum_count > 1:
        ties = (Tie(round=0, candidates=election.ids(sorted(items)), chosen="", resolved_by=None),)
    chosen_set = set(chosen)
    score = scores(election)
    records = {
        item.id: ProjectRecord(
            item.id,
            item.cost,
            Status.SELECTED
            if p in chosen_set
            else (Status.NOT_IN_OPTIMUM if p in allowed else Status.EXCLUDED),
            score[p],
        )
        for p, item in enumerate(election.projects)
    }
    ordered = sorted(chosen)
    return Outcome(
        rule="max-welfare",
        params={"utility": kind.value, **tie_params(tie_breaking)},
        budget=limit,
        selected=election.ids(ordered),
        total_cost=election.total_cost(ordered),
        projects=records,
        ties=ties,
        figures={"welfare": sum((welfare[p] for p in chosen), Fraction(0))},
    )


def project_welfare(election: Election, utility: Utility) -> tuple[Fraction, ...]:
    profile = election.profile
    count = votes(election)
    if utility is Utility.COST:
        return tuple(Fraction(count[p]) * election.costs[p] for p in range(election.num_projects))
    if utility is Utility.APPROVAL:
        return tuple(Fraction(c) for c in count)
    return tuple(
        Fraction(sum(profile.weights[g] * q for g, q in zip(groups, pts, strict=True)))
        for groups, pts in zip(profile.supporters, supporter_points(election), strict=True)
    )


def _branch_and_bound(
    costs: Sequence[Fraction], values: Sequence[Fraction], capacity: Fraction
) -> tuple[list[int], int]:
    """Items (sorted by decreasing density) of an optimal knapsack, and how many optima were seen.

    The count is exact for "1 vs more than 1": the search explores every branch whose bound
    reaches the incumbent value (≥, not >), so a second optimum is always visited.
    """
    size = len(costs)
    best_value = Fraction(-1)
    best: list[int] = []
    optima = 0
    chosen: list[int] = []

    def bound(index: int, room: Fraction, value: Fraction) -> Fraction:
        for item in range(index, size):
            if costs[item] <= room:
                room -= costs[item]
                value += values[item]
            else:
                return value + values[item] * room / costs[item]
        return value

    def search(index: int, room: Fraction, value: Fraction) -> None:
        nonlocal best_value, best, optima
        if index == size:
            if value > best_value:
                best_value, best, optima = value, list(chosen), 1
            elif value == best_value:
                optima += 1
            return
        if bound(index, room, value) < best_value:
            return
        if costs[index] <= room:
            chosen.append(index)
            search(index + 1, room - costs[index], value + values[index])
            chosen.pop()
        search(index + 1, room, value)

    search(0, capacity, Fraction(0))
    return best, optima
