"""Sequential Phragmén for participatory budgeting.

Every voter carries a *load* (money spent on their behalf), all starting at 0. In each round the
project whose supporters would end up with the smallest common load ``(Σ their loads + cost) / votes``
is bought and its supporters' loads are set to that value. The rule stops as soon as a project
with the smallest new load does not fit in the budget left (it is not exhaustive), as in pabutools.
Projects costing more than the budget never take part. Loads are exact fractions; floats only
pre-select the candidates closer than a safe margin to the minimum.

Paper: Brill, Freeman, Janson, Lackner, "Phragmén's Voting Methods and Justified Representation",
AAAI 2017; for PB: Los, Christoff, Grossi, "Proportional Budget Allocations", AAAI 2022.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import inf

from pbcore.election import Election
from pbcore.outcome import Outcome, ProjectRecord, Status, Tie
from pbcore.rules.common import make_tie, resolve_tie, scores, tie_params, votes
from pbcore.rules.tiebreak import TieBreaking

_CLOSE = 1e-9


def sequential_phragmen(
    election: Election,
    *,
    tie_breaking: TieBreaking | None = None,
    budget: Fraction | None = None,
    projects: Sequence[int] | None = None,
) -> Outcome:
    """Sequential Phragmén (approval: a project is supported by every ballot naming it)."""
    limit = election.budget if budget is None else budget
    profile = election.profile
    costs = election.costs
    vote_count = votes(election)
    allowed = list(range(election.num_projects)) if projects is None else list(projects)
    remaining = [p for p in allowed if costs[p] <= limit]
    groups = profile.groups
    last_round = [0] * len(groups)  # each group's load is the load of the last round it paid in
    loads: list[Fraction] = [Fraction(0)]
    # weight_by_round[p][r]: weight of p's supporters whose load is loads[r]
    weight_by_round: dict[int, dict[int, int]] = {p: {0: vote_count[p]} for p in remaining}
    selected: list[int] = []
    rounds: dict[int, tuple[int, Fraction | None]] = {}
    ties: list[Tie] = []
    spent = Fraction(0)
    while remaining:
        best, best_load = _least_loaded(remaining, weight_by_round, loads, costs, vote_count)
        if any(spent + costs[p] > limit for p in best):
            break
        chosen, criterion = best[0], None
        if len(best) > 1:
            chosen, criterion = resolve_tie(election, tie_breaking, best)
            ties.append(make_tie(election, len(selected) + 1, best, chosen, criterion))
        if not isinstance(best_load, Fraction):  # only unsupported projects left: no load moves
            remaining.remove(chosen)
            selected.append(chosen)
            spent += costs[chosen]
            rounds[chosen] = (len(selected), None)
            continue
        loads.append(best_load)
        new_round = len(loads) - 1
        for group in profile.supporters[chosen]:
            old, weight = last_round[group], groups[group].weight
            for project in groups[group].projects:
                counts = weight_by_round.get(project)
                if counts is not None:
                    counts[old] -= weight
                    counts[new_round] = counts.get(new_round, 0) + weight
            last_round[group] = new_round
        remaining.remove(chosen)
        del weight_by_round[chosen]
        selected.append(chosen)
        spent += costs[chosen]
        rounds[chosen] = (len(selected), best_load)
    return _outcome(election, limit, allowed, selected, rounds, spent, tie_breaking, tuple(ties))


def _least_loaded(
    remaining: list[int],
    weight_by_round: dict[int, dict[int, int]],
    loads: list[Fraction],
    costs: Sequence[Fraction],
    vote_count: Sequence[int],
) -> tuple[list[int], Fraction | float]:
    """Projects with the smallest new load (exact), found by a float pass then exact checks."""
    float_loads = [float(load) for load in loads]
    approx: dict[int, float] = {}
    for project in remaining:
        if vote_count[project] == 0:
            approx[project] = inf
            continue
        total = sum(float_loads[r] * w for r, w in weight_by_round[project].items())
        approx[project] = (total + float(costs[project])) / vote_count[project]
    least = min(approx.values())
    if least == inf:  # nobody supports what is left: every project ties at an infinite load
        return sorted(remaining), inf
    near = [p for p in remaining if approx[p] <= least * (1 + _CLOSE)]
    exact = {
        p: (sum((loads[r] * w for r, w in weight_by_round[p].items()), Fraction(0)) + costs[p])
        / vote_count[p]
        for p in near
    }
    best_load = min(exact.values())
    return sorted(p for p, load in exact.items() if load == best_load), best_load


def _outcome(
    election: Election,
    limit: Fraction,
    allowed: Sequence[int],
    selected: list[int],
    rounds: dict[int, tuple[int, Fraction | None]],
    spent: Fraction,
    tie_breaking: TieBreaking | None,
    ties: tuple[Tie, ...],
) -> Outcome:
    score = scores(election)
    records: dict[str, ProjectRecord] = {}
    allowed_set = set(allowed)
    for project, item in enumerate(election.projects):
        if project in rounds:
            number, load = rounds[project]
            status, rho = Status.SELECTED, load
            records[item.id] = ProjectRecord(
                item.id, item.cost, status, score[project], round=number, rho=rho
            )
        elif project not in allowed_set:
            records[item.id] = ProjectRecord(item.id, item.cost, Status.EXCLUDED, score[project])
        elif item.cost > limit:
            records[item.id] = ProjectRecord(item.id, item.cost, Status.DOES_NOT_FIT, score[project])
        else:
            records[item.id] = ProjectRecord(item.id, item.cost, Status.NOT_CHOSEN, score[project])
    return Outcome(
        rule="phragmen",
        params=dict(tie_params(tie_breaking)),
        budget=limit,
        selected=election.ids(selected),
        total_cost=spent,
        projects=records,
        ties=ties,
    )
