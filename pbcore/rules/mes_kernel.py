"""One run of the Method of Equal Shares on plain arrays, computed in floats and certified exactly.

Input: per project a cost, its supporting ballot groups and their utilities; per group a weight.
Each group starts with the same per-voter endowment ``e``. In each round the project with the lowest
price per unit of utility ρ is bought: every supporter pays ρ·u, or everything it has left if that
is less ("poor" supporters), and ρ is the smallest value for which the payments cover the cost.

Why floats *and* fractions. Exact rationals are 5–10× slower (ENGINE.md §4), and their denominators
grow round after round. Here every decision is taken on floats only when a rigorous error bound
shows the exact computation takes the same one: which supporters are poor, whether a project is
affordable, which project has the lowest ρ. Anything closer than the bound (in particular every exact
tie) is recomputed in exact arithmetic. The prices that are *paid* are always exact: a group's exact
budget is ``e − Σ payments of the rounds it paid in`` and the sum over any set of groups is rebuilt
from per-round integer weights (``_ExactState.money``), so no per-voter fraction is ever stored.

Float error bound. A float budget is updated once per round with one rounded product and one rounded
subtraction of numbers at most ``e``, so after ``R`` rounds it is within ``4·(R+1)·2⁻⁵³·e`` of the
exact budget; sums and quotients add the usual ``k·2⁻⁵³`` relative terms. The margins below are
these bounds times a safety factor of 4.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import accumulate
from math import inf
from operator import itemgetter, mul

UNIT = 2.0**-53
SAFETY = 4.0

# Sentinel results of a float evaluation
_UNAFFORDABLE = -1.0
_UNCERTAIN = -2.0


@dataclass(frozen=True)
class MesProblem:
    """Plain arrays describing an election for MES.

    ``utilities[j]`` is either one number (every supporter of ``j`` has that utility: cost or
    approval utilities) or a tuple aligned with ``supporters[j]`` (points).
    """

    costs: Sequence[Fraction]
    weights: Sequence[int]
    supporters: Sequence[Sequence[int]]
    utilities: Sequence[Fraction | Sequence[int]]

    @property
    def voters(self) -> int:
        return sum(self.weights)

    def prepared(self) -> PreparedProblem:
        return PreparedProblem(self)


class PreparedProblem:
    """Per-problem data computed once and shared by every run (Add1 runs MES many times)."""

    def __init__(self, problem: MesProblem) -> None:
        self.problem = problem
        weights = problem.weights
        self.uniform = [not isinstance(u, Sequence) for u in problem.utilities]
        self.utility_maps: list[dict[int, int] | None] = [
            None if uniform else dict(zip(groups, u, strict=True))  # type: ignore[arg-type]
            for uniform, groups, u in zip(self.uniform, problem.supporters, problem.utilities, strict=True)
        ]
        self.total_utility = [
            sum(weights[g] for g in groups) if umap is None else sum(weights[g] * u for g, u in umap.items())
            for groups, umap in zip(problem.supporters, self.utility_maps, strict=True)
        ]
        self.cost_float = [float(c) for c in problem.costs]
        self.utility_float = [float(u) if isinstance(u, Fraction) else 1.0 for u in problem.utilities]
        # the supporter lists are re-sorted in place by each run; the last order is a good start
        self.supporters = [list(groups) for groups in problem.supporters]


@dataclass
class MesRound:
    project: int
    rho: Fraction  # price per unit of utility
    poor: list[int]  # groups that paid everything they had left (may include already-broke ones)


@dataclass
class MesRun:
    endowment: Fraction
    rounds: list[MesRound] = field(default_factory=list)
    total_cost: Fraction = Fraction(0)
    over_cap: bool = False  # stopped because the outcome already cost more than ``cost_cap``
    ties: list[tuple[int, list[int], int, str | None]] = field(default_factory=list)
    # exact budgets are available from the final state through ``state``
    state: _ExactState | None = None

    @property
    def selected(self) -> list[int]:
        return [round_.project for round_ in self.rounds]


# chooses one project among exactly tied ones: returns (chosen, criterion or None)
TieChooser = Callable[[list[int]], tuple[int, str | None]]


class _ExactState:
    """Exact budgets rebuilt from the payment history (see module docstring)."""

    def __init__(self, problem: MesProblem, endowment: Fraction) -> None:
        self.problem = problem
        self.endowment = endowment
        count = len(problem.weights)
        self.broke = bytearray(count)
        self.broke_round = [0] * count  # the round (1-based) a group paid its last money, 0 = never
        self.history: list[list[int]] = [[] for _ in range(count)]
        self.round_project: list[int] = []
        self.round_rate: list[Fraction] = []  # π (uniform utility) or ρ (per-supporter utility)
        self.round_utility: list[dict[int, int] | None] = []

    def add_round(self, project: int, rate: Fraction, utility_of: dict[int, int] | None) -> None:
        self.round_project.append(project)
        self.round_rate.append(rate)
        self.round_utility.append(utility_of)

    def budget(self, group: int) -> Fraction:
        if self.broke[group]:
            return Fraction(0)
        spent = Fraction(0)
        for index in self.history[group]:
            utility_of = self.round_utility[index]
            rate = self.round_rate[index]
            spent += rate if utility_of is None else rate * utility_of[group]
        return self.endowment - spent

    def history_key(self, group: int, rounds: int) -> tuple[int, ...] | None:
        """What determines a group's budget after ``rounds`` rounds (None = nothing left)."""
        gone = self.broke_round[group]
        if gone and gone <= rounds:
            return None
        return tuple(index for index in self.history[group] if index < rounds)

    def budget_of_key(self, group: int, key: tuple[int, ...] | None) -> Fraction:
        if key is None:
            return Fraction(0)
        spent = Fraction(0)
        for index in key:
            utility_of = self.round_utility[index]
            rate = self.round_rate[index]
            spent += rate if utility_of is None else rate * utility_of[group]
        return self.endowment - spent

    def money_after(self, groups: Sequence[int], rounds: int) -> Fraction:
        """Σ weight·budget over ``groups`` after the first ``rounds`` rounds."""
        weights = self.problem.weights
        total_weight = 0
        per_round: dict[int, int] = {}
        for group in groups:
            gone = self.broke_round[group]
            if gone and gone <= rounds:
                continue
            weight = weights[group]
            total_weight += weight
            for index in self.history[group]:
                if index >= rounds:
                    break
                utility_of = self.round_utility[index]
                amount = weight if utility_of is None else weight * utility_of[group]
                per_round[index] = per_round.get(index, 0) + amount
        spent = sum((self.round_rate[index] * amount for index, amount in per_round.items()), Fraction(0))
        return self.endowment * total_weight - spent

    def money(self, groups: Sequence[int]) -> Fraction:
        """Σ weight·budget over ``groups``, from integer per-round weights."""
        weights = self.problem.weights
        broke = self.broke
        history = self.history
        utilities = self.round_utility
        total_weight = 0
        per_round: dict[int, int] = {}
        for group in groups:
            if broke[group]:
                continue
            weight = weights[group]
            total_weight += weight
            for index in history[group]:
                utility_of = utilities[index]
                amount = weight if utility_of is None else weight * utility_of[group]
                per_round[index] = per_round.get(index, 0) + amount
        spent = sum((self.round_rate[index] * amount for index, amount in per_round.items()), Fraction(0))
        return self.endowment * total_weight - spent


_SHORT_SCAN = 24


def _split_by_prefix_sums(
    group_list: list[int], budgets: list[float], weights: Sequence[int], cost: float, weight: int
) -> tuple[int, float, int]:
    """The poor/rich split of a sorted supporter list by binary search on prefix sums.

    Returns (number of poor, their money, weight of the rich). "Index k is rich" is monotone in k:
    if the k-th budget covers the price with the k cheapest paying in full, so does the next one.
    """
    if len(group_list) == 1:
        sorted_budgets: Sequence[float] = (budgets[group_list[0]],)
        sorted_weights: Sequence[int] = (weights[group_list[0]],)
    else:
        pick = itemgetter(*group_list)
        sorted_budgets = pick(budgets)
        sorted_weights = pick(weights)
    money = [0.0, *accumulate(map(mul, sorted_weights, sorted_budgets))]
    paid_weight = [0, *accumulate(sorted_weights)]
    size = len(group_list)
    if money[size] < cost:
        return size, money[size], 0
    low, high = 0, size - 1
    while low < high:
        middle = (low + high) // 2
        if cost - money[middle] <= sorted_budgets[middle] * (weight - paid_weight[middle]):
            high = middle
        else:
            low = middle + 1
    return low, money[low], weight - paid_weight[low]


class _Run:
    def __init__(self, prepared: PreparedProblem, endowment: Fraction, choose: TieChooser) -> None:
        problem = prepared.problem
        self.problem = problem
        self.choose = choose
        self.exact = _ExactState(problem, endowment)
        self.endowment_float = float(endowment)
        self.budgets = [self.endowment_float] * len(problem.weights)
        self.weights = problem.weights
        self.supporters = prepared.supporters
        self.uniform = prepared.uniform
        self.utility_maps = prepared.utility_maps
        self.total_utility = prepared.total_utility
        self.cost_float = prepared.cost_float
        self.utility_float = prepared.utility_float
        self.rounds_done = 0
        count = len(problem.costs)
        self.broke_weight = [0] * count  # utility weight of supporters dropped as broke
        self.dropped: list[list[int]] = [[] for _ in range(count)]

    def restore(self) -> None:
        """Put dropped supporters back: the lists are shared by every run of the problem."""
        for group_list, dropped in zip(self.supporters, self.dropped, strict=True):
            if dropped:
                group_list[:0] = dropped

    # -- error bounds -------------------------------------------------------------------------
    def budget_error(self) -> float:
        return SAFETY * 4.0 * (self.rounds_done + 1) * UNIT * self.endowment_float

    # -- float evaluation ---------------------------------------------------------------------
    def evaluate_float(self, project: int) -> tuple[float, float, int]:
        """(ρ, error bound, number of poor supporters) or a sentinel in the first slot."""
        if self.uniform[project]:
            return self._evaluate_float_uniform(project)
        return self._evaluate_float_points(project)

    def _evaluate_float_uniform(self, project: int) -> tuple[float, float, int]:
        budgets = self.budgets
        weights = self.weights
        group_list = self.supporters[project]
        group_list.sort(key=budgets.__getitem__)
        self._drop_broke(project, group_list)
        cost = self.cost_float[project]
        total = self.total_utility[project]
        remaining = total - self.broke_weight[project]
        paid = 0.0
        poor = 0
        last_poor = -inf
        price = inf
        for group in group_list:
            price = (cost - paid) / remaining
            budget = budgets[group]
            if price <= budget:
                break
            if poor == _SHORT_SCAN:
                poor, paid, remaining = _split_by_prefix_sums(
                    group_list, budgets, weights, cost, total - self.broke_weight[project]
                )
                price = (cost - paid) / remaining if remaining else inf
                last_poor = budgets[group_list[poor - 1]]
                break
            paid += budget * weights[group]
            remaining -= weights[group]
            poor += 1
            last_poor = budget
            if remaining == 0:
                break
        eb = self.budget_error()
        if remaining == 0:
            # everyone pays all they have: unaffordable unless the money is (nearly) enough
            slack = SAFETY * ((poor + 2) * UNIT * (paid + cost)) + total * eb
            return (_UNAFFORDABLE if paid + slack < cost else _UNCERTAIN), 0.0, poor
        poor_weight = total - remaining
        error = (
            SAFETY * (poor_weight * eb + (poor + 2) * UNIT * (paid + cost)) / remaining
            + SAFETY * 2 * UNIT * price
        )
        first_rich = budgets[group_list[poor]]
        if not (last_poor + eb < price - error and first_rich - eb >= price + error):
            return _UNCERTAIN, 0.0, poor
        utility = self.utility_float[project]
        rho = price / utility
        return rho, error / utility + SAFETY * 3 * UNIT * rho, poor

    def _drop_broke(self, project: int, group_list: list[int]) -> None:
        """Broke supporters (exactly 0 left) sort first; drop them, keeping their weight aside."""
        broke = self.exact.broke
        count = 0
        for group in group_list:
            if not broke[group]:
                break
            count += 1
        if count:
            weights = self.weights
            utility_of = self.utility_maps[project]
            if utility_of is None:
                self.broke_weight[project] += sum(weights[g] for g in group_list[:count])
            else:
                self.broke_weight[project] += sum(weights[g] * utility_of[g] for g in group_list[:count])
            self.dropped[project].extend(group_list[:count])
            del group_list[:count]

    def _evaluate_float_points(self, project: int) -> tuple[float, float, int]:
        budgets = self.budgets
        weights = self.weights
        utility_of = self.utility_maps[project]
        assert utility_of is not None
        group_list = self.supporters[project]
        group_list.sort(key=lambda g: budgets[g] / utility_of[g])
        cost = self.cost_float[project]
        remaining = self.total_utility[project]
        paid = 0.0
        poor = 0
        last_poor = -inf
        rho = inf
        for group in group_list:
            rho = (cost - paid) / remaining
            ratio = budgets[group] / utility_of[group]
            if rho <= ratio:
                break
            paid += budgets[group] * weights[group]
            remaining -= weights[group] * utility_of[group]
            poor += 1
            last_poor = ratio
            if remaining == 0:
                break
        eb = self.budget_error()
        if remaining == 0:
            slack = SAFETY * ((poor + 2) * UNIT * (paid + cost)) + self._weight(group_list) * eb
            return (_UNAFFORDABLE if paid + slack < cost else _UNCERTAIN), 0.0, poor
        poor_weight = self._weight(group_list[:poor])
        error = (
            SAFETY * (poor_weight * eb + (poor + 2) * UNIT * (paid + cost)) / remaining
            + SAFETY * 2 * UNIT * rho
        )
        first_rich = budgets[group_list[poor]] / utility_of[group_list[poor]]
        ratio_error = eb * 2  # utilities are ≥ 1
        if not (last_poor + ratio_error < rho - error and first_rich - ratio_error >= rho + error):
            return _UNCERTAIN, 0.0, poor
        return rho, error, poor

    def _weight(self, groups: Sequence[int]) -> int:
        weights = self.weights
        return sum(weights[g] for g in groups)

    # -- exact evaluation ---------------------------------------------------------------------
    def evaluate_exact(self, project: int, certified_poor: int | None) -> tuple[Fraction, list[int]] | None:
        """Exact ρ and the exact list of poor supporters, or None if unaffordable.

        With ``certified_poor`` the float split is known to be right: only the exact price is
        computed. Otherwise supporters are classified exactly, starting from the float order.
        """
        exact = self.exact
        cost = self.problem.costs[project]
        group_list = self.supporters[project]
        utility_of = self.utility_maps[project]
        if certified_poor is not None:
            poor = group_list[:certified_poor]
            rate = (cost - exact.money(poor)) / (
                self._rich_utility(project, poor) - self.broke_weight[project]
            )
            return self._as_rho(project, rate), poor
        # exact budgets of all supporters, in exact ratio order
        keyed = sorted(
            (exact.budget(g) / (1 if utility_of is None else utility_of[g]), g) for g in group_list
        )
        paid = Fraction(0)
        remaining = self.total_utility[project] - self.broke_weight[project]
        poor_list: list[int] = []
        for ratio, group in keyed:
            rate = (cost - paid) / remaining
            if rate <= ratio:
                return self._as_rho(project, rate), poor_list
            u = 1 if utility_of is None else utility_of[group]
            paid += ratio * u * self.weights[group]
            remaining -= self.weights[group] * u
            poor_list.append(group)
            if remaining == 0:
                break
        return None  # (money exactly equal to the cost is caught above: the last one is rich)

    def _rich_utility(self, project: int, poor: Sequence[int]) -> int:
        utility_of = self.utility_maps[project]
        weights = self.weights
        if utility_of is None:
            return self.total_utility[project] - sum(weights[g] for g in poor)
        return self.total_utility[project] - sum(weights[g] * utility_of[g] for g in poor)

    def _as_rho(self, project: int, rate: Fraction) -> Fraction:
        if self.uniform[project]:
            return rate / self.problem.utilities[project]  # type: ignore[operator]
        return rate

    # -- paying -------------------------------------------------------------------------------
    def buy(self, project: int, rho: Fraction, poor: list[int]) -> None:
        exact = self.exact
        budgets = self.budgets
        history = exact.history
        index = self.rounds_done
        utility_of = self.utility_maps[project]
        if utility_of is None:
            rate = rho * self.problem.utilities[project]  # type: ignore[operator]
            exact.add_round(project, rate, None)
            pay = float(rate)
            poor_set = set(poor)
            for group in self.supporters[project]:
                if group in poor_set:
                    budgets[group] = 0.0
                    exact.broke[group] = 1
                    exact.broke_round[group] = index + 1
                else:
                    budgets[group] -= pay
                    history[group].append(index)
        else:
            exact.add_round(project, rho, utility_of)
            rho_float = float(rho)
            poor_set = set(poor)
            for group in self.supporters[project]:
                if group in poor_set:
                    budgets[group] = 0.0
                    exact.broke[group] = 1
                    exact.broke_round[group] = index + 1
                else:
                    budgets[group] -= rho_float * utility_of[group]
                    history[group].append(index)
        self.rounds_done += 1


def run_mes(
    prepared: PreparedProblem,
    endowment: Fraction,
    choose: TieChooser,
    *,
    exclude: Sequence[int] = (),
    cost_cap: Fraction | None = None,
) -> MesRun:
    """Run MES once with per-voter ``endowment``; stop early once the cost exceeds ``cost_cap``."""
    problem = prepared.problem
    run = _Run(prepared, endowment, choose)
    try:
        return _run(run, problem, endowment, exclude, cost_cap)
    finally:
        run.restore()


def _run(
    run: _Run, problem: MesProblem, endowment: Fraction, exclude: Sequence[int], cost_cap: Fraction | None
) -> MesRun:
    result = MesRun(endowment=endowment, state=run.exact)
    excluded = set(exclude)
    active = [
        j
        for j in range(len(problem.costs))
        if j not in excluded and problem.costs[j] > 0 and run.total_utility[j] > 0
    ]
    lower = {j: run.cost_float[j] / run.total_utility[j] / run.utility_float[j] * (1 - 1e-9) for j in active}
    while active:
        step = _best_projects(run, active, lower)
        if step is None:
            break
        chosen, rho, poor, tied, criterion = step
        if len(tied) > 1:
            result.ties.append((run.rounds_done + 1, tied, chosen, criterion))
        run.buy(chosen, rho, poor)
        active.remove(chosen)
        result.rounds.append(MesRound(chosen, rho, poor))
        result.total_cost += problem.costs[chosen]
        if cost_cap is not None and result.total_cost > cost_cap:
            result.over_cap = True
            break
    return result


def _best_projects(
    run: _Run, active: list[int], lower: dict[int, float]
) -> tuple[int, Fraction, list[int], list[int], str | None] | None:
    """The project to buy this round: (project, exact ρ, poor list, tied projects, criterion)."""
    best_high = inf
    evaluated: list[tuple[int, float, int | None, tuple[Fraction, list[int]] | None]] = []
    for project in sorted(active, key=lower.__getitem__):
        if lower[project] > best_high:
            break
        rho, error, poor = run.evaluate_float(project)
        exact_value: tuple[Fraction, list[int]] | None = None
        certified: int | None = poor
        if rho == _UNAFFORDABLE:
            active.remove(project)
            continue
        if rho == _UNCERTAIN:
            exact_value = run.evaluate_exact(project, None)
            if exact_value is None:
                active.remove(project)
                continue
            rho = float(exact_value[0])
            error = 4 * UNIT * rho
            certified = None
        lower[project] = rho - error
        best_high = min(best_high, rho + error)
        evaluated.append((project, rho - error, certified, exact_value))
    near = [item for item in evaluated if item[1] <= best_high]
    if not near:
        return None
    exact_values: dict[int, tuple[Fraction, list[int]]] = {}
    for project, _low, certified, exact_value in near:
        value = exact_value if exact_value is not None else run.evaluate_exact(project, certified)
        assert value is not None
        exact_values[project] = value
    best = min(value[0] for value in exact_values.values())
    tied = sorted(j for j, value in exact_values.items() if value[0] == best)
    criterion = None
    chosen = tied[0]
    if len(tied) > 1:
        chosen, criterion = run.choose(tied)
    exact_rho, poor_groups = exact_values[chosen]
    return chosen, exact_rho, poor_groups, tied, criterion
