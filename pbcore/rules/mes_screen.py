"""Many Add1 steps of MES at once, in floats, with every decision certified by an error bound.

Add1 runs MES again and again, the endowment raised by 1 each time. Only the step where it stops
needs its exact payments (for the explanations); of every other step two facts matter: which
projects it buys and whether it goes over budget. This module finds them for a batch of endowments
without exact arithmetic:

* Lockstep. Steps that have bought the same set of projects so far are the rows of one float
  matrix (rows = steps, columns = ballot groups), so each numpy call serves all of them. The rows
  advance one round at a time and split where steps buy different projects. Where the ballot groups
  are few, so that a copy is cheap, nodes that have bought the same set in another order join again
  (their rows are independent). Consecutive steps buy much the same projects, so there are far
  fewer nodes than steps' rounds.
* Certified floats. Every budget carries its own bound on |float budget − exact budget| (an
  error vector per row, one entry per group). A decision (is a project affordable, which
  supporters are poor, which project has the lowest ρ) is taken only when the float values are
  further apart than their error bounds; then the exact computation takes the same one. The bounds
  follow what each group did, so that one group's history does not blur another's decisions:

  - at the start every budget is the endowment rounded once;
  - a poor supporter pays everything it has: its budget is exactly 0 in both computations, so its
    error becomes 0 (the poor set is certified, so the exact run makes it poor too);
  - a rich supporter pays the float price per unit times its units; the exact run pays the exact
    price, so its error grows by the price's error times its units, plus the rounding of the
    product and the subtraction (both at most the endowment);
  - a group that does not support the bought project keeps its budget and its error.

  The money of a set of supporters is then off by at most Σ wᵢ·errᵢ (plus the rounding of the
  sum); a supporter's ratio budget/units by errᵢ (uniform utilities) or 2·errᵢ (points: units ≥ 1,
  and errᵢ ≥ 4·2⁻⁵³·endowment ≥ 4·2⁻⁵³·budget covers the rounding of the division; a
  budget with error 0 is 0, its ratio exact); the price (cost − money of the
  poor) / (their remaining utility weight) by Σ_{poor} wᵢ·errᵢ / remaining plus its rounding. Each
  supporter is certified poor or rich against its own ratio error and the price error.
* A row with a decision that cannot be certified (in particular every exact tie) gets no answer
  here: the caller runs that step with the exact kernel, which also reports its ties.

The error terms follow :mod:`pbcore.rules.mes_kernel` (sums of ``k`` terms: ``(k+2)·2⁻⁵³`` relative,
times a safety factor).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from pbcore.rules.mes_kernel import SAFETY, UNIT, PreparedProblem

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

_FIXED_POINT_ROUNDS = 16
_INF = float("inf")
# propagated errors are bounded as they are; this covers the rounding of the bound itself
_SLACK = 1 + 1e-9
# with at most this many ballot groups, copying a node costs little next to the fixed cost of a
# round, so nodes that bought the same set are joined; with more, a node of a few rows goes row by row
_JOIN_GROUPS = 4096
_FEW_ROWS = 4
# new state = state · _SCALE + payment: budgets as they are, error bounds with their own rounding
_SCALE = np.array([[1.0], [_SLACK]])
# prices (relative to the best ρ so far) at which a contender's supporters are tried
_LADDER = np.array([1 + 8 * UNIT, 1.01, 1.05, 1.2, 1.5, 2.5, _INF])


@dataclass(frozen=True)
class ScreenedStep:
    """The certified outcome of one MES run: what it bought (sorted) and whether it went over the cap."""

    selected: list[int]
    total_cost: Fraction
    over_cap: bool


@dataclass(frozen=True)
class _Project:
    supporters: IntArray
    weights: FloatArray  # per supporting group
    units: FloatArray | None  # points per supporter; None: every supporter pays the same (uniform)
    shares: FloatArray  # weight · units
    total: float  # Σ weight · units
    weight_sum: float
    cost: float
    utility: float  # ρ = price / utility for uniform utilities
    rounding: float  # relative rounding bound of a sum over the supporters


@dataclass
class _Evaluation:
    """One project evaluated on every row of a node."""

    rho: FloatArray
    error: FloatArray
    low: FloatArray  # ρ − error: a lower bound on the exact ρ
    unaffordable: BoolArray  # certified
    certain: BoolArray  # ρ and the poor set certified (False where unaffordable)
    poor: BoolArray  # rows × supporters
    price: FloatArray  # what each rich supporter pays per unit
    price_error: FloatArray
    state: FloatArray  # the supporters' columns of the node's state (reused if it is bought)

    @staticmethod
    def unaffordable_everywhere(unaffordable: BoolArray) -> _Evaluation:
        nothing = np.zeros(len(unaffordable))
        no = np.zeros(len(unaffordable), dtype=np.bool_)
        return _Evaluation(
            nothing, nothing, nothing, unaffordable, no, no[:, None], nothing, nothing, nothing
        )


@dataclass(frozen=True)
class _Single:
    """One project evaluated in a node of one step."""

    rho: float  # inf: certainly unaffordable
    error: float
    budgets: FloatArray  # the supporters' budgets
    errors: FloatArray | None  # and their error bounds, if they were needed
    poor: BoolArray
    price: float
    price_error: float


_NOTHING = np.zeros(0)
_UNAFFORDABLE_SINGLE = _Single(_INF, 0.0, _NOTHING, _NOTHING, _NOTHING < 0, 0.0, 0.0)


class _Node:
    """Steps (rows) that bought the same projects so far."""

    def __init__(
        self,
        rows: IntArray,
        state: FloatArray,
        lower: FloatArray,
        bought: list[int],
        total: int | Fraction,
    ) -> None:
        self.rows = rows
        # (2·rows) × groups: the budgets, then a bound on |float budget − exact budget| of each;
        # one array, so that one gather and one product serve both
        self.state = state
        self.lower = lower  # rows × projects: lower bound on the exact ρ; inf = not a candidate
        self.bought = bought
        self.total = total

    @staticmethod
    def join(parts: list[_Node]) -> _Node:
        """One node of the rows of ``parts``, which bought the same set of projects."""
        budgets = [part.state[: len(part.rows)] for part in parts]
        errors = [part.state[len(part.rows) :] for part in parts]
        return _Node(
            np.concatenate([part.rows for part in parts]),
            np.concatenate(budgets + errors),
            np.concatenate([part.lower for part in parts]),
            list(parts[0].bought),
            parts[0].total,
        )

    def subset(self, mask: BoolArray) -> _Node:
        return _Node(
            self.rows[mask],
            self.state[np.concatenate((mask, mask))],
            self.lower[mask],
            list(self.bought),
            self.total,
        )


class Screener:
    """Screens batches of endowments of one prepared problem (its per-project arrays built once)."""

    def __init__(self, prepared: PreparedProblem) -> None:
        self.prepared = prepared
        problem = prepared.problem
        # whole costs as ints: the totals are added up in every round, and Fraction sums are slow
        self.costs = [int(c) if c.denominator == 1 else c for c in problem.costs]
        weight = prepared.weight_float
        self.projects: list[_Project] = []
        lower = []
        for j, groups in enumerate(prepared.supporters):
            points = prepared.points[j]
            units = None if points is None else points.astype(np.float64)
            weights = weight[groups]
            shares = weights if units is None else weights * units
            total = float(prepared.total_utility[j])
            cost = prepared.cost_float[j]
            utility = prepared.utility_float[j]
            self.projects.append(
                _Project(
                    groups,
                    weights,
                    units,
                    shares,
                    total,
                    float(weights.sum()),
                    cost,
                    utility,
                    SAFETY * (len(groups) + 3) * UNIT,
                )
            )
            active = problem.costs[j] > 0 and prepared.total_utility[j] > 0
            lower.append(cost / total / utility * (1 - 1e-9) if active else _INF)
        self.lower0 = np.array(lower, dtype=np.float64)
        self.endowment = np.zeros(0)
        self.joins = prepared.groups <= _JOIN_GROUPS

    def run(self, endowments: Sequence[Fraction], cost_cap: Fraction | None) -> list[ScreenedStep | None]:
        """The certified outcome at each endowment, or None where a decision was too close to call."""
        count = len(endowments)
        results: list[ScreenedStep | None] = [None] * count
        self.endowment = np.array([float(e) for e in endowments], dtype=np.float64)
        initial = np.concatenate((self.endowment, SAFETY * UNIT * self.endowment))  # one rounding
        root = _Node(
            np.arange(count, dtype=np.int64),
            np.repeat(initial[:, None], self.prepared.groups, axis=1),
            np.repeat(self.lower0[None, :], count, axis=0),
            [],
            0,
        )
        level = [root]
        with np.errstate(divide="ignore", invalid="ignore"):
            while level:
                next_level: list[_Node] = []
                for node in level:
                    self._advance(node, next_level, results, cost_cap)
                level = _join(next_level) if self.joins else next_level
        return results

    # -- one round of a node: its rows buy their next projects --------------------------------
    def _advance(
        self,
        node: _Node,
        next_level: list[_Node],
        results: list[ScreenedStep | None],
        cost_cap: Fraction | None,
    ) -> None:
        """Run one round of ``node``; the nodes its rows go on in are added to ``next_level``."""
        if len(node.rows) == 1 or (len(node.rows) <= _FEW_ROWS and not self.joins):
            # one by one to the end, with Python floats for the per-step numbers
            rows = np.arange(len(node.rows))
            for row in rows.tolist():
                self._advance_single(node.subset(rows == row) if len(rows) > 1 else node, results, cost_cap)
            return None
        found = self._round(node)
        if found is None:
            return self._finish(node, None, results, over_cap=False)
        winner, going, done, evaluated = found
        if done is not None:
            self._finish(node, done, results, over_cap=False)
        children: list[tuple[_Node, int, BoolArray | None]]
        if going is None:  # every row buys the same project
            children = [(node, int(winner[0]), None)]
        else:
            masks = [
                (project, going & (winner == project)) for project in sorted(set(winner[going].tolist()))
            ]
            children = [(node.subset(mask), project, mask) for project, mask in masks]
        for child, project, mask in children:
            self._buy(child, project, evaluated[project], mask)
            if cost_cap is not None and child.total > cost_cap:
                self._finish(child, None, results, over_cap=True)
            else:
                next_level.append(child)
        return None

    # -- a node of one step: the same decisions with Python floats for the per-step numbers ------
    def _advance_single(
        self, node: _Node, results: list[ScreenedStep | None], cost_cap: Fraction | None
    ) -> None:
        budgets, errors = node.state  # views of the one row (1-D gathers are much faster)
        largest = float(errors.max())  # ≥ every error bound: a cheap first check before the exact sum
        rounding = SAFETY * 2 * UNIT * float(self.endowment[node.rows[0]])
        lower = node.lower[0].tolist()
        alive = [j for j, bound in enumerate(lower) if bound < _INF]
        while True:
            alive.sort(key=lower.__getitem__)
            best: tuple[int, float, float, _Single] | None = None  # project, ρ, error, evaluation
            best_high = _INF
            for j in alive:
                if lower[j] > best_high:
                    break
                if best is not None:
                    lower[j] = max(lower[j], self._lower_bound_single(budgets, errors, largest, j, best_high))
                    if lower[j] > best_high:
                        continue
                single = self._evaluate_single(budgets, errors, largest, j, lower[j])
                if single is None:
                    return None  # too close to call: the exact kernel runs this step
                if single.rho == _INF:
                    lower[j] = _INF
                    continue
                lower[j] = max(lower[j], single.rho - single.error)
                best_high = min(best_high, single.rho + single.error)
                if best is None or single.rho < best[1]:
                    best = (j, single.rho, single.error, single)
            alive = [j for j in alive if lower[j] < _INF]
            if best is None:
                return self._finish(node, None, results, over_cap=False)
            project, rho, rho_error, single = best
            if any(lower[j] <= rho + rho_error for j in alive if j != project):
                return None  # a contender within the error bounds (an exact tie?): exact kernel
            data = self.projects[project]
            # a poor supporter is at 0 exactly; a rich one adds the price's error and two roundings
            paid = single.price if data.units is None else single.price * data.units
            budgets[data.supporters] = np.where(single.poor, 0.0, single.budgets - paid)
            grown = single.price_error if data.units is None else single.price_error * data.units
            mine_errors = errors[data.supporters] if single.errors is None else single.errors
            grown_errors = np.where(single.poor, 0.0, _SLACK * (mine_errors + grown) + rounding)
            errors[data.supporters] = grown_errors
            largest = max(largest, float(grown_errors.max(initial=0.0)))
            lower[project] = _INF
            alive.remove(project)
            node.bought.append(project)
            node.total += self.costs[project]
            if cost_cap is not None and node.total > cost_cap:
                return self._finish(node, None, results, over_cap=True)

    def _lower_bound_single(
        self, budgets: FloatArray, errors: FloatArray, largest: float, project: int, best: float
    ) -> float:
        """:meth:`_lower_bound` for one step (``largest``: a bound on every budget's error)."""
        data = self.projects[project]
        mine = budgets[data.supporters]
        caps = _LADDER * best
        prices = caps * data.utility if data.units is None else caps
        limit = prices[:, None] if data.units is None else prices[:, None] * data.units
        money = (np.minimum(mine, limit) @ data.weights).tolist()
        bound = _ladder_bound(caps.tolist(), money, _SLACK * data.weight_sum * largest, data)
        if bound == -_INF:  # the cheap error bound was not enough: the supporters' own errors
            error = _SLACK * float(errors[data.supporters] @ data.weights)
            bound = _ladder_bound(caps.tolist(), money, error, data)
        return bound

    def _evaluate_single(
        self, budgets: FloatArray, errors: FloatArray, largest: float, project: int, low: float
    ) -> _Single | None:
        """:meth:`_evaluate` for one step: ρ = inf if certainly unaffordable, None if uncertain.

        ``largest`` bounds every budget's error: most decisions are certain with it, and the
        supporters' own errors are gathered only when they are needed.
        """
        data = self.projects[project]
        mine = budgets[data.supporters]
        ratios = mine if data.units is None else mine / data.units
        cost, total, weights = data.cost, data.total, data.weights
        ratio_scale = 1.0 if data.units is None else 2.0
        money = float(mine @ weights)
        rounded = money + data.rounding * (money + cost)
        mine_errors: FloatArray | None = None
        if rounded < cost:
            if rounded + _SLACK * data.weight_sum * largest < cost:
                return _UNAFFORDABLE_SINGLE
            mine_errors = errors[data.supporters]
            if rounded + _SLACK * float(mine_errors @ weights) < cost:
                return _UNAFFORDABLE_SINGLE
        start = low * (1 - 1e-9) * (data.utility if data.units is None else 1.0)
        price = max(cost / total, start)
        poor = ratios < price
        count = int(np.count_nonzero(poor))
        if count == 0:
            price = cost / total
            price_error = SAFETY * 4 * UNIT * price
            if float(ratios.min()) - ratio_scale * largest < price + price_error:
                if mine_errors is None:
                    mine_errors = errors[data.supporters]
                if float((ratios - ratio_scale * mine_errors).min()) < price + price_error:
                    return None
        else:
            for _ in range(_FIXED_POINT_ROUNDS):
                paid = float(np.where(poor, mine, 0.0) @ weights)
                remaining = total - float(poor @ data.shares)
                if remaining <= 0:
                    return None
                price = (cost - paid) / remaining
                poor = ratios < price
                grown = int(np.count_nonzero(poor))
                if grown == count:
                    break
                count = grown
            else:
                return None
            if mine_errors is None:
                mine_errors = errors[data.supporters]
            poor_error = _SLACK * float(np.where(poor, mine_errors, 0.0) @ weights)
            price_error = (
                poor_error / remaining
                + SAFETY * (count + 2) * UNIT * (paid + cost) / remaining
                + SAFETY * 2 * UNIT * price
            )
            last_poor = float(np.max(ratios, where=poor, initial=-_INF))
            first_rich = float(np.min(ratios, where=~poor, initial=_INF))
            band = ratio_scale * largest + price_error
            if not (last_poor < price - band and first_rich >= price + band):
                # each supporter against its own ratio error
                ratio_errors = ratio_scale * mine_errors
                last_poor = float(np.max(ratios + ratio_errors, where=poor, initial=-_INF))
                first_rich = float(np.min(ratios - ratio_errors, where=~poor, initial=_INF))
                if not (last_poor < price - price_error and first_rich >= price + price_error):
                    return None
        if data.units is None:
            rho = price / data.utility
            rho_error = price_error / data.utility + SAFETY * 3 * UNIT * rho
            return _Single(rho, rho_error, mine, mine_errors, poor, price, price_error)
        return _Single(price, price_error, mine, mine_errors, poor, price, price_error)

    def _round(
        self, node: _Node
    ) -> tuple[IntArray, BoolArray | None, BoolArray | None, dict[int, _Evaluation]] | None:
        """The project each row buys next: (winner per row, rows that go on or None for all, rows
        with nothing left to buy or None, the evaluations); None if no row can buy anything.

        Projects are visited by their lower bounds (ρ only rises within a run); a project that
        cannot beat the best price found so far is ruled out by one sum, the others evaluated.
        """
        count = len(node.rows)
        lower = node.lower
        smallest = lower.min(axis=0)
        bounds = smallest.tolist()
        best_high = np.full(count, _INF)
        worst_best = _INF
        bad: BoolArray | None = None
        evaluated: dict[int, _Evaluation] = {}
        for j in np.argsort(smallest).tolist():
            if bounds[j] > worst_best or bounds[j] == _INF:
                break
            column = lower[:, j]
            if worst_best < _INF:
                need = column <= best_high
                if not need.any():
                    continue
                # cheaper than ρ: a lower bound from what the supporters can pay at a few prices
                # above the best found so far; enough to rule the project out in most rows
                low = self._lower_bound(node, j, best_high)
                np.maximum(column, low, out=column)
                need &= column <= best_high
            else:
                need = column < _INF
            if not need.any():
                continue
            evaluation = self._evaluate(node, j)
            alive = column < _INF
            column[alive & evaluation.unaffordable] = _INF
            ok = alive & evaluation.certain
            if not ok.all():
                unsure = need & ~evaluation.unaffordable & ~evaluation.certain
                if unsure.any():
                    bad = unsure if bad is None else bad | unsure
                    best_high[bad] = -_INF  # the exact kernel will run this step: stop looking at it
                evaluation.rho = np.where(ok, evaluation.rho, _INF)
            column[ok] = np.maximum(column[ok], evaluation.low[ok])
            best_high = np.minimum(best_high, evaluation.rho + evaluation.error)
            worst_best = float(best_high.max())
            evaluated[j] = evaluation
        if not evaluated:
            return None
        return self._decide(node, evaluated, bad)

    def _decide(
        self, node: _Node, evaluated: dict[int, _Evaluation], bad: BoolArray | None
    ) -> tuple[IntArray, BoolArray | None, BoolArray | None, dict[int, _Evaluation]]:
        """Each row's winner, if every other candidate is certainly dearer (else the row is dropped)."""
        count = len(node.rows)
        lower = node.lower
        candidates = list(evaluated)
        positions = np.arange(count)
        if len(candidates) == 1:
            best = evaluated[candidates[0]].rho
            high = best + evaluated[candidates[0]].error
            winner = np.full(count, candidates[0], dtype=np.int64)
        else:
            table = np.vstack([evaluated[j].rho for j in candidates])
            at = table.argmin(axis=0)
            best = table[at, positions]
            high = best + np.vstack([evaluated[j].error for j in candidates])[at, positions]
            winner = np.asarray(candidates, dtype=np.int64)[at]
        saved = lower[positions, winner]
        lower[positions, winner] = _INF
        certified = lower.min(axis=1) > high
        lower[positions, winner] = saved
        done = best == _INF
        going = certified & ~done
        if bad is not None:
            going &= ~bad
            done &= ~bad
        if going.all() and bool((winner == winner[0]).all()):  # np.unique would import numpy.ma (20 ms)
            return winner, None, None, evaluated
        return winner, going, done if done.any() else None, evaluated

    def _finish(
        self, node: _Node, mask: BoolArray | None, results: list[ScreenedStep | None], *, over_cap: bool
    ) -> None:
        rows = node.rows if mask is None else node.rows[mask]
        for row in rows.tolist():
            results[row] = ScreenedStep(sorted(node.bought), Fraction(node.total), over_cap)

    def _buy(self, node: _Node, project: int, evaluation: _Evaluation, mask: BoolArray | None) -> None:
        """Every row of ``node`` buys ``project``; ``mask`` picks the node's rows out of ``evaluation``."""
        data = self.projects[project]
        poor, price, price_error = evaluation.poor, evaluation.price, evaluation.price_error
        both = evaluation.state  # the node's state was not changed since the evaluation
        if mask is not None:
            poor, price, price_error = poor[mask], price[mask], price_error[mask]
            both = both[np.concatenate((mask, mask))]
        count = len(node.rows)
        # a poor supporter is at 0 exactly; a rich one pays the price per unit, its error bound
        # grows by the price's error per unit and two roundings
        paid = np.concatenate((-price, _SLACK * price_error))[:, None]
        if data.units is not None:
            paid = paid * data.units
        paid[count:] += SAFETY * 2 * UNIT * self.endowment[node.rows][:, None]
        scale = np.repeat(_SCALE, count, axis=0)
        node.state[:, data.supporters] = np.where(np.concatenate((poor, poor)), 0.0, both * scale + paid)
        node.lower[:, project] = _INF
        node.bought.append(project)
        node.total += self.costs[project]

    # -- one project on every row -------------------------------------------------------------
    def _lower_bound(self, node: _Node, project: int, best: FloatArray) -> FloatArray:
        """Per row, a certified lower bound on ``project``'s ρ: the largest price on a ladder above
        ``best`` at which its supporters cannot pay for it (inf: not even with all their money).

        ρ ≤ x exactly when the supporters, each paying at most x·utility, can pay the cost.
        """
        data = self.projects[project]
        count = len(node.rows)
        both = node.state.take(data.supporters, axis=1)  # C-ordered, unlike [:, supporters]
        budgets = both[:count]
        caps = _LADDER[:, None] * best  # ladder × rows
        prices = caps * data.utility if data.units is None else caps
        limit = prices[:, :, None] if data.units is None else prices[:, :, None] * data.units
        money = np.minimum(budgets, limit) @ data.weights
        # each term is off by at most its budget's error or one rounding of itself (price)
        money_error = _SLACK * (both[count:] @ data.weights)
        short = money + (money_error + data.rounding * (money + data.cost)) < data.cost
        bound: FloatArray = np.where(short, caps, -_INF).max(axis=0)
        return bound

    def _evaluate(self, node: _Node, project: int) -> _Evaluation:
        """ρ of ``project`` in every row, with its error bound, or why it is not certain.

        The poor set is found by refining ``poor = {ratio < price}`` until it stops growing (the
        price only rises as poor supporters are taken out), then certified with the error bound.
        """
        data = self.projects[project]
        count = len(node.rows)
        both = node.state.take(data.supporters, axis=1)  # C-ordered, unlike [:, supporters]
        budgets, errors = both[:count], both[count:]
        ratios = budgets if data.units is None else budgets / data.units
        ratio_errors = errors if data.units is None else 2 * errors
        cost, total, weights = data.cost, data.total, data.weights
        sums = both @ weights
        money, money_error = sums[:count], _SLACK * sums[count:]
        unaffordable = money + (data.rounding * (money + cost) + money_error) < cost
        if unaffordable.all():
            return _Evaluation.unaffordable_everywhere(unaffordable)
        # ρ is at least its lower bound: start the poor set there (it only grows from below)
        start = node.lower[:, project] * (1 - 1e-9)
        if data.units is None:
            start = start * data.utility
        poor = ratios < np.maximum(start, cost / total)[:, None]
        counts = poor.sum(axis=1)  # faster than np.count_nonzero with an axis
        if counts.any():
            for _ in range(_FIXED_POINT_ROUNDS):
                paid = np.where(poor, budgets, 0.0) @ weights
                remaining = total - poor @ data.shares
                price = (cost - paid) / remaining
                poor = ratios < np.where(remaining > 0, price, _INF)[:, None]
                grown = poor.sum(axis=1)
                converged = grown == counts
                counts = grown
                if converged.all():
                    break
            else:
                converged &= False
            poor_error = _SLACK * (np.where(poor, errors, 0.0) @ weights)
            price_error = (
                poor_error / remaining
                + SAFETY * (counts + 2) * UNIT * (paid + cost) / remaining
                + SAFETY * 2 * UNIT * price
            )
            # each supporter against its own ratio error
            last_poor = np.where(poor, ratios + ratio_errors, -_INF).max(axis=1)
            first_rich = np.where(poor, _INF, ratios - ratio_errors).min(axis=1)
            certain = (
                converged
                & (remaining > 0)
                & (last_poor < price - price_error)
                & (first_rich >= price + price_error)
            )
        else:
            # nobody is poor: every supporter pays the same price per unit
            price = np.full(len(money), cost / total)
            price_error = SAFETY * 4 * UNIT * price
            certain = (ratios - ratio_errors).min(axis=1) >= price + price_error
        certain &= ~unaffordable
        if data.units is None:
            rho = price / data.utility
            rho_error = price_error / data.utility + SAFETY * 3 * UNIT * rho
        else:
            rho, rho_error = price, price_error
        return _Evaluation(
            rho, rho_error, rho - rho_error, unaffordable, certain, poor, price, price_error, both
        )


def _ladder_bound(caps: list[float], money: list[float], error: float, data: _Project) -> float:
    """The largest cap (in increasing order) up to which the supporters' money, paying at most the
    cap per unit of utility, certainly falls short of the cost; -inf if not even the first."""
    bound = -_INF
    for cap, paid in zip(caps, money, strict=True):
        if paid + (error + data.rounding * (paid + data.cost)) >= data.cost:
            break
        bound = cap
    return bound


def _join(nodes: list[_Node]) -> list[_Node]:
    """Join the nodes whose rows bought the same projects, in whatever order: one node serves them
    all, and there are far fewer sets of purchases than sequences."""
    by_set: dict[frozenset[int], list[_Node]] = {}
    for node in nodes:
        by_set.setdefault(frozenset(node.bought), []).append(node)
    return [parts[0] if len(parts) == 1 else _Node.join(parts) for parts in by_set.values()]
