"""One run of the Method of Equal Shares on plain arrays, computed in floats and certified exactly.

Input: per project a cost, its supporting ballot groups and their utilities; per group a weight.
Each group starts with the same per-voter endowment ``e``. In each round the project with the lowest
price per unit of utility ρ is bought: every supporter pays ρ·u, or everything it has left if that
is less ("poor" supporters), and ρ is the smallest value for which the payments cover the cost.

Why floats *and* fractions. Exact rationals are 5–10× slower (ENGINE.md §4), and their denominators
grow round after round. Here every decision is taken on floats (numpy arrays over ballot groups) only
when a rigorous error bound shows the exact computation takes the same one: which supporters are
poor, whether a project is affordable, which project has the lowest ρ. Anything closer than the
bound (in particular every exact tie) is recomputed in exact arithmetic. The prices that are *paid*
are always exact: a group that is not broke paid ``rate·units`` in every earlier round whose project
it supports, so its exact budget is ``e − Σ rate_r·units_r`` and the money of any set of groups is
rebuilt from per-round integer weights (``_ExactState.money_after``); no per-voter fraction is stored.

Float error bound. A float budget is updated once per round with one rounded product and one rounded
subtraction of numbers at most ``e``, so after ``R`` rounds it is within ``4·(R+1)·2⁻⁵³·e`` of the
exact budget; sums and quotients add the usual ``k·2⁻⁵³`` relative terms. The margins below are
these bounds times a safety factor of 4.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from math import inf, lcm
from typing import cast

import numpy as np
from numpy.typing import NDArray

UNIT = 2.0**-53
SAFETY = 4.0

# Sentinel results of a float evaluation
_UNAFFORDABLE = -1.0
_UNCERTAIN = -2.0
# poor-set refinements tried in floats before handing a project to the exact evaluation
_FIXED_POINT_ROUNDS = 16

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
_NO_POOR: IntArray = np.empty(0, dtype=np.int64)


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
    """Per-problem arrays computed once and shared by every run (Add1 runs MES many times)."""

    def __init__(self, problem: MesProblem) -> None:
        self.problem = problem
        self.groups = len(problem.weights)
        self.weight: IntArray = np.asarray(problem.weights, dtype=np.int64)
        self.weight_float = self.weight.astype(np.float64)
        self.uniform = [not isinstance(u, Sequence) for u in problem.utilities]
        self.supporters: list[IntArray] = [np.asarray(g, dtype=np.int64) for g in problem.supporters]
        # points of each supporter, aligned with ``supporters`` (None: every supporter has the same utility)
        self.points: list[IntArray | None] = [
            None if uniform else np.asarray(u, dtype=np.int64)
            for uniform, u in zip(self.uniform, problem.utilities, strict=True)
        ]
        self.utility_maps: list[dict[int, int] | None] = [
            None if uniform else dict(zip(groups, u, strict=True))  # type: ignore[arg-type]
            for uniform, groups, u in zip(self.uniform, problem.supporters, problem.utilities, strict=True)
        ]
        self.total_utility = [
            int(self.weight[groups].sum()) if points is None else int(self.weight[groups] @ points)
            for groups, points in zip(self.supporters, self.points, strict=True)
        ]
        self.cost_float = [float(c) for c in problem.costs]
        self.utility_float = [float(u) if isinstance(u, Fraction) else 1.0 for u in problem.utilities]
        # groups × projects: what each group pays per unit of a project's rate (1 or its points)
        most = max(
            (int(points.max()) for points in self.points if points is not None and len(points)), default=1
        )
        self.unit_matrix = np.zeros(
            (self.groups, len(problem.costs)), dtype=np.uint8 if most < 256 else np.int64
        )
        for project, (groups, points) in enumerate(zip(self.supporters, self.points, strict=True)):
            self.unit_matrix[groups, project] = 1 if points is None else points


@dataclass
class MesRound:
    project: int
    rho: Fraction  # price per unit of utility
    poor: list[int]  # groups that paid everything they had left


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
    """Exact budgets rebuilt from the rounds' exact rates (see module docstring).

    The rates are kept over one common denominator, so the money of any set of groups is one
    integer dot product and a single fraction, however many rounds it paid in.
    """

    def __init__(self, prepared: PreparedProblem, endowment: Fraction) -> None:
        self.prepared = prepared
        self.endowment = endowment
        # the round each group went broke in, 0 = never
        self.broke_round: IntArray = np.zeros(prepared.groups, dtype=np.int64)
        self.round_project: list[int] = []
        self.round_rate: list[Fraction] = []  # per unit: π (uniform utility) or ρ (points)
        self.round_rate_float: list[float] = []
        self.denominator = 1
        self.scaled_rates: list[int] = []  # rate · denominator

    def add_round(self, project: int, rate: Fraction) -> None:
        self.round_project.append(project)
        self.round_rate.append(rate)
        self.round_rate_float.append(float(rate))
        common = lcm(self.denominator, rate.denominator)
        if common != self.denominator:
            factor = common // self.denominator
            self.scaled_rates = [scaled * factor for scaled in self.scaled_rates]
            self.denominator = common
        self.scaled_rates.append(rate.numerator * (common // rate.denominator))

    def _units(self, groups: IntArray, rounds: int) -> IntArray:
        """len(groups) × rounds: what each group paid per unit of each round's rate."""
        units: IntArray = self.prepared.unit_matrix[
            np.ix_(groups, np.asarray(self.round_project[:rounds], dtype=np.int64))
        ]
        return units

    def _alive(self, groups: IntArray, rounds: int) -> NDArray[np.bool_]:
        gone = self.broke_round[groups]
        alive: NDArray[np.bool_] = (gone == 0) | (gone > rounds)
        return alive

    def money_after(self, groups: Sequence[int] | IntArray, rounds: int) -> Fraction:
        """Σ weight·budget over ``groups`` after the first ``rounds`` rounds."""
        group_array = np.asarray(groups, dtype=np.int64)
        alive = group_array[self._alive(group_array, rounds)]
        weight = self.prepared.weight[alive]
        money = self.endowment * int(weight.sum())
        if rounds == 0 or len(alive) == 0:
            return money
        counts = (weight @ self._units(alive, rounds)).tolist()
        spent = sum(scaled * count for scaled, count in zip(self.scaled_rates, counts, strict=False) if count)
        return money - Fraction(spent, self.denominator)

    def money_trajectory(self, groups: Sequence[int] | IntArray) -> list[float]:
        """The groups' money after 0, 1, …, all rounds, in floats (a guide for exact searches)."""
        group_array = np.asarray(groups, dtype=np.int64)
        rounds = len(self.round_project)
        weight = self.prepared.weight_float[group_array]
        rates = np.array(self.round_rate_float)
        paid = np.cumsum(self._units(group_array, rounds) * rates, axis=1)
        gone = self.broke_round[group_array]
        alive = (gone[:, None] == 0) | (gone[:, None] > np.arange(1, rounds + 1))
        after = weight @ np.where(alive, float(self.endowment) - paid, 0.0)
        return [float(self.endowment) * float(weight.sum()), *after.tolist()]

    def money(self, groups: Sequence[int] | IntArray) -> Fraction:
        return self.money_after(groups, len(self.round_project))

    def budgets_after(self, groups: Sequence[int] | IntArray, rounds: int) -> list[Fraction]:
        """Each group's exact budget after the first ``rounds`` rounds."""
        values, pattern_of = self.budget_patterns(groups, rounds)
        return [values[i] for i in pattern_of]

    def budget_patterns(
        self, groups: Sequence[int] | IntArray, rounds: int
    ) -> tuple[list[Fraction], list[int]]:
        """Budgets after ``rounds`` rounds, one per payment pattern, and each group's pattern.

        Groups that paid the same units in the same rounds have the same budget: it is worked out
        once. Pattern 0 is "broke" (nothing left).
        """
        group_array = np.asarray(groups, dtype=np.int64)
        alive = self._alive(group_array, rounds).tolist()
        if rounds == 0 or len(group_array) == 0:
            return [Fraction(0), self.endowment], [1 if a else 0 for a in alive]
        units = np.ascontiguousarray(self._units(group_array, rounds))
        rows = cast(list[bytes], units.view(np.dtype((np.void, units.itemsize * rounds))).ravel().tolist())
        index_of: dict[bytes, int] = {}
        representatives: list[int] = []  # a row showing each pattern
        pattern_of: list[int] = []
        for position, (row, is_alive) in enumerate(zip(rows, alive, strict=True)):
            pattern = index_of.get(row, 0) if is_alive else 0
            if is_alive and not pattern:
                pattern = index_of[row] = len(representatives) + 1
                representatives.append(position)
            pattern_of.append(pattern)
        patterns = units[representatives]
        spent = patterns.astype(object) @ np.array(self.scaled_rates[:rounds], dtype=object)
        return [Fraction(0)] + [
            self.endowment - Fraction(int(s), self.denominator) for s in spent
        ], pattern_of


class _Run:
    def __init__(self, prepared: PreparedProblem, endowment: Fraction, choose: TieChooser) -> None:
        self.prepared = prepared
        self.problem = prepared.problem
        self.choose = choose
        self.exact = _ExactState(prepared, endowment)
        self.endowment_float = float(endowment)
        self.budgets = np.full(prepared.groups, self.endowment_float)
        self.rounds_done = 0
        self.cost_float = prepared.cost_float
        self.utility_float = prepared.utility_float
        self.total_utility = prepared.total_utility
        # supporters not yet broke, their points and Σ weight·utility; refreshed after someone goes broke
        self.live = list(prepared.supporters)
        self.live_points = list(prepared.points)
        self.live_utility = list(prepared.total_utility)
        self.live_version = [0] * len(prepared.supporters)
        self.version = 0

    def _refresh(self, project: int) -> None:
        if self.live_version[project] == self.version:
            return
        self.live_version[project] = self.version
        groups = self.live[project]
        keep = self.exact.broke_round[groups] == 0
        if keep.all():
            return
        groups = self.live[project] = groups[keep]
        points = self.live_points[project]
        weight = self.prepared.weight[groups]
        if points is None:
            self.live_utility[project] = int(weight.sum())
        else:
            points = self.live_points[project] = points[keep]
            self.live_utility[project] = int(weight @ points)

    # -- error bounds -------------------------------------------------------------------------
    def budget_error(self) -> float:
        return SAFETY * 4.0 * (self.rounds_done + 1) * UNIT * self.endowment_float

    # -- float evaluation ---------------------------------------------------------------------
    def evaluate_float(self, project: int) -> tuple[float, float, IntArray | None]:
        """(ρ, error bound, positions of the poor among the live supporters); a sentinel ρ if not certain.

        The poor set is found by refining ``poor = {ratio < price}`` until it stops growing (the price
        only rises as poor supporters are taken out), then the split is certified with the error bound.
        """
        self._refresh(project)
        groups = self.live[project]
        if len(groups) == 0:
            return _UNAFFORDABLE, 0.0, None
        budgets = self.budgets[groups]
        points = self.live_points[project]
        ratios = budgets if points is None else budgets / points
        total = float(self.live_utility[project])
        cost = self.cost_float[project]
        price = cost / total
        ratio_error = self.budget_error() * (1 if points is None else 2)  # utilities are ≥ 1
        lowest = float(ratios.min())
        if lowest < price:
            weights = self.prepared.weight_float[groups]
            money = float(budgets @ weights)
            slack = (
                SAFETY * (len(groups) + 2) * UNIT * (money + cost)
                + float(weights.sum()) * self.budget_error()
            )
            if money + slack < cost:  # the common way a project drops out: its supporters cannot pay
                return _UNAFFORDABLE, 0.0, None
            return self._evaluate_with_poor(project, budgets, weights, ratios, price)
        # nobody is poor: every supporter pays the same price per unit
        error = SAFETY * 2 * UNIT * (cost / total + price)
        if lowest - ratio_error < price + error:
            return _UNCERTAIN, 0.0, None
        return self._rho(project, price, error, _NO_POOR)

    def _evaluate_with_poor(
        self, project: int, budgets: FloatArray, weights: FloatArray, ratios: FloatArray, price: float
    ) -> tuple[float, float, IntArray | None]:
        points = self.live_points[project]
        shares = weights if points is None else weights * points
        total = float(self.live_utility[project])
        cost = self.cost_float[project]
        eb = self.budget_error()
        ratio_error = eb if points is None else 2 * eb
        poor = ratios < price
        for _ in range(_FIXED_POINT_ROUNDS):
            paid = float(budgets[poor] @ weights[poor])
            remaining = total - float(shares[poor].sum())
            if remaining <= 0:
                break
            price = (cost - paid) / remaining
            grown = poor | (ratios < price)
            if np.count_nonzero(grown) == np.count_nonzero(poor):
                break
            poor = grown
        else:
            return _UNCERTAIN, 0.0, None
        poor_positions = np.flatnonzero(poor)
        if remaining <= 0:
            slack = SAFETY * ((len(poor_positions) + 2) * UNIT * (paid + cost)) + float(weights.sum()) * eb
            return (_UNAFFORDABLE if paid + slack < cost else _UNCERTAIN), 0.0, None
        poor_weight = float(weights[poor].sum())
        last_poor, first_rich = float(ratios[poor].max()), float(ratios[~poor].min())
        error = (
            SAFETY * (poor_weight * eb + (len(poor_positions) + 2) * UNIT * (paid + cost)) / remaining
            + SAFETY * 2 * UNIT * price
        )
        if not (last_poor + ratio_error < price - error and first_rich - ratio_error >= price + error):
            return _UNCERTAIN, 0.0, None
        return self._rho(project, price, error, poor_positions)

    def _rho(self, project: int, price: float, error: float, poor: IntArray) -> tuple[float, float, IntArray]:
        """From the price per unit of utility weight to ρ (they differ for uniform utilities)."""
        if self.live_points[project] is not None:
            return price, error, poor
        utility = self.utility_float[project]
        rho = price / utility
        return rho, error / utility + SAFETY * 3 * UNIT * rho, poor

    # -- exact evaluation ---------------------------------------------------------------------
    def evaluate_exact(self, project: int, certified: IntArray | None) -> tuple[Fraction, list[int]] | None:
        """Exact ρ and the exact list of poor supporters, or None if unaffordable.

        With ``certified`` (positions of the poor among the live supporters) the float split is known
        to be right: only the exact price is computed. Otherwise supporters are classified exactly.
        """
        cost = self.problem.costs[project]
        groups = self.live[project]
        points = self.live_points[project]
        weight = self.prepared.weight
        total = self.live_utility[project]
        if certified is not None:
            poor = groups[certified]
            poor_utility = weight[poor] if points is None else weight[poor] * points[certified]
            rate = (cost - self.exact.money(poor)) / (total - int(poor_utility.sum()))
            return self._as_rho(project, rate), poor.tolist()
        budgets = self.exact.budgets_after(groups, self.rounds_done)
        utility_of = [1] * len(groups) if points is None else points.tolist()
        keyed = sorted((budget / u, i) for i, (budget, u) in enumerate(zip(budgets, utility_of, strict=True)))
        paid = Fraction(0)
        remaining = total
        poor_list: list[int] = []
        for ratio, i in keyed:
            rate = (cost - paid) / remaining
            if rate <= ratio:
                return self._as_rho(project, rate), poor_list
            group = int(groups[i])
            share = int(weight[group]) * utility_of[i]
            paid += ratio * share
            remaining -= share
            poor_list.append(group)
            if remaining == 0:
                break
        return None  # (money exactly equal to the cost is caught above: the last one is rich)

    def _as_rho(self, project: int, rate: Fraction) -> Fraction:
        if self.prepared.uniform[project]:
            return rate / self.problem.utilities[project]  # type: ignore[operator]
        return rate

    # -- paying -------------------------------------------------------------------------------
    def buy(self, project: int, rho: Fraction, poor: list[int]) -> None:
        groups = self.live[project]
        points = self.live_points[project]
        rate = rho * self.problem.utilities[project] if points is None else rho  # type: ignore[operator]
        if points is None:
            self.budgets[groups] -= float(rate)
        else:
            self.budgets[groups] -= float(rate) * points
        poor_array = np.asarray(poor, dtype=np.int64)
        self.exact.add_round(project, rate)
        if poor:
            self.budgets[poor_array] = 0.0
            self.exact.broke_round[poor_array] = self.rounds_done + 1
            self.version += 1
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
    return _run(_Run(prepared, endowment, choose), problem, endowment, exclude, cost_cap)


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
    """The project to buy this round: (project, ρ, poor list, tied projects, criterion).

    Floats pick the candidates; the exact ρ of each candidate that could be cheapest decides.
    """
    best_high = inf
    evaluated: list[tuple[int, float, IntArray | None, tuple[Fraction, list[int]] | None]] = []
    for project in sorted(active, key=lower.__getitem__):
        if lower[project] > best_high:
            break
        rho, error, poor = run.evaluate_float(project)
        exact_value: tuple[Fraction, list[int]] | None = None
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
        lower[project] = rho - error
        best_high = min(best_high, rho + error)
        evaluated.append((project, rho - error, poor, exact_value))
    near = [item for item in evaluated if item[1] <= best_high]
    if not near:
        return None
    exact_values: dict[int, tuple[Fraction, list[int]]] = {}
    for project, _low, poor, exact_value in near:
        value = exact_value if exact_value is not None else run.evaluate_exact(project, poor)
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
