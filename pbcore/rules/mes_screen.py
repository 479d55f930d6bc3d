"""Many Add1 steps of MES at once, in floats, with every decision certified by an error bound.

Add1 runs MES again and again, the endowment raised by 1 each time. Only the step where it stops
needs its exact payments (for the explanations); of every other step two facts matter: which
projects it buys and whether it goes over budget. This module finds them for a batch of endowments
without exact arithmetic:

* Lockstep. Steps that have bought the same projects so far are the rows of one float matrix
  (rows = steps, columns = ballot groups), so each numpy call serves all of them. The batch splits
  where steps buy different projects: the work follows the trie of purchase sequences, which is
  much smaller than all the steps' rounds because consecutive steps share long prefixes.
* Certified floats. Each row carries a bound ``E`` on the error of every budget. A decision (is a
  project affordable, which supporters are poor, which project has the lowest ρ) is taken only when
  the float values are further apart than their error bounds; then the exact computation takes the
  same one. The price paid is a float too: its error (the poor supporters' errors plus rounding)
  is added to ``E`` of the row (a bound for every group, so for those who paid it).
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
_FEW_ROWS = 4
# prices (relative to the best ρ so far) at which a contender's supporters are tried
_LADDER = np.array([1 + 8 * UNIT, 1.01, 1.05, 1.2, 1.5, 2.5, _INF])


@dataclass(frozen=True)
class ScreenedStep:
    """The certified outcome of one MES run: what it bought, in order, and whether it went over the cap."""

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
    most_units: float
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

    @staticmethod
    def unaffordable_everywhere(unaffordable: BoolArray) -> _Evaluation:
        nothing = np.zeros(len(unaffordable))
        no = np.zeros(len(unaffordable), dtype=np.bool_)
        return _Evaluation(nothing, nothing, nothing, unaffordable, no, no[:, None], nothing, nothing)


@dataclass(frozen=True)
class _Single:
    """One project evaluated in a node of one step."""

    rho: float  # inf: certainly unaffordable
    error: float
    budgets: FloatArray  # the supporters' budgets
    poor: BoolArray
    price: float
    price_error: float


_NOTHING = np.zeros(0)
_UNAFFORDABLE_SINGLE = _Single(_INF, 0.0, _NOTHING, _NOTHING < 0, 0.0, 0.0)


class _Node:
    """Steps (rows) that bought the same projects so far."""

    def __init__(
        self,
        rows: IntArray,
        budgets: FloatArray,
        error: FloatArray,
        lower: FloatArray,
        bought: list[int],
        total: Fraction,
    ) -> None:
        self.rows = rows
        self.budgets = budgets  # rows × groups
        self.error = error  # per row: bound on |float budget − exact budget| of every group
        self.lower = lower  # rows × projects: lower bound on the exact ρ; inf = not a candidate
        self.bought = bought
        self.total = total

    def subset(self, mask: BoolArray) -> _Node:
        return _Node(
            self.rows[mask],
            self.budgets[mask],
            self.error[mask],
            self.lower[mask],
            list(self.bought),
            self.total,
        )


class Screener:
    """Screens batches of endowments of one prepared problem (its per-project arrays built once)."""

    def __init__(self, prepared: PreparedProblem) -> None:
        self.prepared = prepared
        problem = prepared.problem
        self.costs = problem.costs
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
                    1.0 if units is None or len(units) == 0 else float(units.max()),
                    cost,
                    utility,
                    SAFETY * (len(groups) + 3) * UNIT,
                )
            )
            active = problem.costs[j] > 0 and prepared.total_utility[j] > 0
            lower.append(cost / total / utility * (1 - 1e-9) if active else _INF)
        self.lower0 = np.array(lower, dtype=np.float64)
        self.endowment = np.zeros(0)

    def run(self, endowments: Sequence[Fraction], cost_cap: Fraction | None) -> list[ScreenedStep | None]:
        """The certified outcome at each endowment, or None where a decision was too close to call."""
        count = len(endowments)
        results: list[ScreenedStep | None] = [None] * count
        self.endowment = np.array([float(e) for e in endowments], dtype=np.float64)
        root = _Node(
            np.arange(count, dtype=np.int64),
            np.repeat(self.endowment[:, None], self.prepared.groups, axis=1),
            SAFETY * UNIT * self.endowment,
            np.repeat(self.lower0[None, :], count, axis=0),
            [],
            Fraction(0),
        )
        stack = [root]
        with np.errstate(divide="ignore", invalid="ignore"):
            while stack:
                self._advance(stack.pop(), stack, results, cost_cap)
        return results

    # -- one node, round after round, until it finishes or splits ------------------------------
    def _advance(
        self, node: _Node, stack: list[_Node], results: list[ScreenedStep | None], cost_cap: Fraction | None
    ) -> None:
        if len(node.rows) == 1:
            return self._advance_single(node, results, cost_cap)
        if len(node.rows) <= _FEW_ROWS:
            # the lockstep does not pay for so few steps: one by one
            for row in range(len(node.rows)):
                mask = np.zeros(len(node.rows), dtype=np.bool_)
                mask[row] = True
                stack.append(node.subset(mask))
            return None
        while True:
            found = self._round(node)
            if found is None:
                return self._finish(node, None, results, over_cap=False)
            winner, going, done, evaluated = found
            if done is not None:
                self._finish(node, done, results, over_cap=False)
            chosen = np.unique(winner[going]).tolist() if going is not None else [int(winner[0])]
            if going is None:
                # every row buys the same project: carry on in place
                project = chosen[0]
                self._buy(node, project, evaluated[project], None)
                if cost_cap is not None and node.total > cost_cap:
                    return self._finish(node, None, results, over_cap=True)
                continue
            for project in chosen:
                mask = going & (winner == project)
                child = node.subset(mask)
                self._buy(child, project, evaluated[project], mask)
                if cost_cap is not None and child.total > cost_cap:
                    self._finish(child, None, results, over_cap=True)
                else:
                    stack.append(child)
            return None

    # -- a node of one step: the same decisions with Python floats for the per-step numbers ------
    def _advance_single(
        self, node: _Node, results: list[ScreenedStep | None], cost_cap: Fraction | None
    ) -> None:
        budgets = node.budgets[0]
        error = float(node.error[0])
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
                    lower[j] = max(lower[j], self._lower_bound_single(budgets, error, j, best_high))
                    if lower[j] > best_high:
                        continue
                single = self._evaluate_single(budgets, error, j, lower[j])
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
            paid = single.price if data.units is None else single.price * data.units
            budgets[data.supporters] = np.where(single.poor, 0.0, single.budgets - paid)
            error += single.price_error * data.most_units + rounding
            lower[project] = _INF
            alive.remove(project)
            node.bought.append(project)
            node.total += self.costs[project]
            if cost_cap is not None and node.total > cost_cap:
                return self._finish(node, None, results, over_cap=True)

    def _lower_bound_single(self, budgets: FloatArray, error: float, project: int, best: float) -> float:
        """:meth:`_lower_bound` for one step."""
        data = self.projects[project]
        mine = budgets[data.supporters]
        caps = _LADDER * best
        prices = caps * data.utility if data.units is None else caps
        limit = prices[:, None] if data.units is None else prices[:, None] * data.units
        money = (np.minimum(mine, limit) @ data.weights).tolist()
        bound = -_INF
        for cap, paid in zip(caps.tolist(), money, strict=True):
            if paid + (data.weight_sum * error + data.rounding * (paid + data.cost)) >= data.cost:
                break
            bound = cap
        return bound

    def _evaluate_single(self, budgets: FloatArray, error: float, project: int, low: float) -> _Single | None:
        """:meth:`_evaluate` for one step: ρ = inf if certainly unaffordable, None if uncertain."""
        data = self.projects[project]
        mine = budgets[data.supporters]
        ratios = mine if data.units is None else mine / data.units
        cost, total, weights = data.cost, data.total, data.weights
        money = float(mine @ weights)
        if money + (data.rounding * (money + cost) + data.weight_sum * error) < cost:
            return _UNAFFORDABLE_SINGLE
        ratio_error = error if data.units is None else 2 * error
        start = low * (1 - 1e-9) * (data.utility if data.units is None else 1.0)
        price = max(cost / total, start)
        poor = ratios < price
        count = int(np.count_nonzero(poor))
        if count == 0:
            price = cost / total
            price_error = SAFETY * 4 * UNIT * price
            if float(ratios.min()) < price + ratio_error + price_error:
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
            poor_weight = total - remaining if data.units is None else float(poor @ weights)
            price_error = (
                _SLACK * poor_weight * error / remaining
                + SAFETY * (count + 2) * UNIT * (paid + cost) / remaining
                + SAFETY * 2 * UNIT * price
            )
            band = ratio_error + price_error
            last_poor = float(np.max(ratios, where=poor, initial=-_INF))
            first_rich = float(np.min(ratios, where=~poor, initial=_INF))
            if not (last_poor < price - band and first_rich >= price + band):
                return None
        if data.units is None:
            rho = price / data.utility
            return _Single(
                rho, price_error / data.utility + SAFETY * 3 * UNIT * rho, mine, poor, price, price_error
            )
        return _Single(price, price_error, mine, poor, price, price_error)

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
        if going.all() and len(np.unique(winner)) == 1:
            return winner, None, None, evaluated
        return winner, going, done if done.any() else None, evaluated

    def _finish(
        self, node: _Node, mask: BoolArray | None, results: list[ScreenedStep | None], *, over_cap: bool
    ) -> None:
        rows = node.rows if mask is None else node.rows[mask]
        for row in rows.tolist():
            results[row] = ScreenedStep(list(node.bought), node.total, over_cap)

    def _buy(self, node: _Node, project: int, evaluation: _Evaluation, mask: BoolArray | None) -> None:
        """Every row of ``node`` buys ``project``; ``mask`` picks the node's rows out of ``evaluation``."""
        data = self.projects[project]
        poor, price, price_error = evaluation.poor, evaluation.price, evaluation.price_error
        if mask is not None:
            poor, price, price_error = poor[mask], price[mask], price_error[mask]
        budgets = node.budgets[:, data.supporters]
        paid = price[:, None] if data.units is None else price[:, None] * data.units
        node.budgets[:, data.supporters] = np.where(poor, 0.0, budgets - paid)
        endowment = self.endowment[node.rows]
        node.error = node.error + price_error * data.most_units + SAFETY * 2 * UNIT * endowment
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
        budgets = node.budgets[:, data.supporters]
        caps = _LADDER[:, None] * best  # ladder × rows
        prices = caps * data.utility if data.units is None else caps
        limit = prices[:, :, None] if data.units is None else prices[:, :, None] * data.units
        money = np.minimum(budgets, limit) @ data.weights
        # each term is off by at most E (budget) or one rounding of itself (price)
        short = money + (data.weight_sum * node.error + data.rounding * (money + data.cost)) < data.cost
        bound: FloatArray = np.where(short, caps, -_INF).max(axis=0)
        return bound

    def _evaluate(self, node: _Node, project: int) -> _Evaluation:
        """ρ of ``project`` in every row, with its error bound, or why it is not certain.

        The poor set is found by refining ``poor = {ratio < price}`` until it stops growing (the
        price only rises as poor supporters are taken out), then certified with the error bound.
        """
        data = self.projects[project]
        budgets = node.budgets[:, data.supporters]
        ratios = budgets if data.units is None else budgets / data.units
        error = node.error
        cost, total, weights = data.cost, data.total, data.weights
        money = budgets @ weights
        unaffordable = money + (data.rounding * (money + cost) + data.weight_sum * error) < cost
        if unaffordable.all():
            return _Evaluation.unaffordable_everywhere(unaffordable)
        # ρ is at least its lower bound: start the poor set there (it only grows from below)
        start = node.lower[:, project] * (1 - 1e-9)
        if data.units is None:
            start = start * data.utility
        poor = ratios < np.maximum(start, cost / total)[:, None]
        counts = np.count_nonzero(poor, axis=1)
        if counts.any():
            for _ in range(_FIXED_POINT_ROUNDS):
                paid = np.where(poor, budgets, 0.0) @ weights
                remaining = total - poor @ data.shares
                price = (cost - paid) / remaining
                poor = ratios < np.where(remaining > 0, price, _INF)[:, None]
                grown = np.count_nonzero(poor, axis=1)
                converged = grown == counts
                counts = grown
                if converged.all():
                    break
            else:
                converged &= False
            poor_weight = poor @ weights if data.units is not None else total - remaining
            price_error = (
                _SLACK * poor_weight * error / remaining
                + SAFETY * (counts + 2) * UNIT * (paid + cost) / remaining
                + SAFETY * 2 * UNIT * price
            )
            band = (2 * error if data.units is not None else error) + price_error
            last_poor = np.where(poor, ratios, -_INF).max(axis=1)
            first_rich = np.where(poor, _INF, ratios).min(axis=1)
            certain = converged & (remaining > 0) & (last_poor < price - band) & (first_rich >= price + band)
        else:
            # nobody is poor: every supporter pays the same price per unit
            price = np.full(len(money), cost / total)
            price_error = SAFETY * 4 * UNIT * price
            band = (2 * error if data.units is not None else error) + price_error
            certain = ratios.min(axis=1) >= price + band
        certain &= ~unaffordable
        if data.units is None:
            rho = price / data.utility
            rho_error = price_error / data.utility + SAFETY * 3 * UNIT * rho
        else:
            rho, rho_error = price, price_error
        return _Evaluation(rho, rho_error, rho - rho_error, unaffordable, certain, poor, price, price_error)
