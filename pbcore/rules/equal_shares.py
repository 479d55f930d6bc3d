"""The Method of Equal Shares (MES), with every parameter explicit and published with the result.

Each voter receives an equal share of the budget (the *endowment*). Projects are bought one at a time:
the next one is the project whose supporters can pay for it at the lowest price per unit of utility ρ,
each paying ρ·utility or, if that is more, everything they have left. It stops when no project is
affordable by its supporters. Because this rarely spends the whole budget, a *completion* raises
the endowment and runs again (Add1), and may top up with utilitarian greedy.

Parameters (all published in ``Outcome.params``):

* ``utility``: ``cost`` (the standard rule of equalshares.net and Pabulib), ``approval``, ``points``;
* ``endowment``: ``floor`` (⌊B/n⌋ per voter, Pabulib checker and equalshares.net) or ``exact`` (B/n,
  pabutools);
* ``completion``: ``none``; ``add1`` (Pabulib's ``equalshares/add1``: +1 per voter until the *next*
  outcome would be over budget); ``add1-exhaustive`` (pabutools ``voter_budget_increment=1``: stop as
  soon as the outcome is exhaustive or the next is over budget); ``add1-greedy`` (``add1-exhaustive``
  then utilitarian greedy top-up, equalshares.net's Add1U);
* ``comparison``: compare with greedy and keep the outcome more voters prefer (the comparison step
  of Wieliczka 2023; ties keep MES);
* the tie-break chain (:class:`~pbcore.rules.tiebreak.TieBreaking`).

The default preset reproduces Pabulib's ``equalshares/add1``.

Paper: Peters, Pierczyński, Skowron, "Proportional Participatory Budgeting with Additive
Utilities", NeurIPS 2021 (arXiv:2008.13276); https://equalshares.net.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import floor

from pbcore.election import Election
from pbcore.outcome import GroupRecord, Outcome, Payment, ProjectRecord, Status, Tie
from pbcore.rules.common import Utility, make_tie, resolve_tie, scores, supporter_points, tie_params
from pbcore.rules.greedy import greedy_ranking
from pbcore.rules.mes_kernel import MesProblem, MesRun, PreparedProblem, TieChooser, _ExactState, run_mes
from pbcore.rules.mes_screen import ScreenedStep, Screener
from pbcore.rules.tiebreak import TieBreaking

COMPLETIONS = ("none", "add1", "add1-exhaustive", "add1-greedy")
ENDOWMENTS = ("floor", "exact")


def equal_shares(
    election: Election,
    *,
    tie_breaking: TieBreaking | None = None,
    budget: Fraction | None = None,
    projects: Sequence[int] | None = None,
    utility: str = "cost",
    endowment: str = "floor",
    completion: str = "add1",
    comparison: bool = False,
) -> Outcome:
    """MES; the defaults are Pabulib's ``equalshares/add1`` (see the module docstring)."""
    if completion not in COMPLETIONS:
        raise ValueError(f"unknown completion {completion!r}; expected one of {COMPLETIONS}")
    if endowment not in ENDOWMENTS:
        raise ValueError(f"unknown endowment {endowment!r}; expected one of {ENDOWMENTS}")
    utility_kind = Utility(utility)
    limit = election.budget if budget is None else budget
    allowed = list(range(election.num_projects)) if projects is None else sorted(projects)
    problem = mes_problem(election, utility_kind, allowed)
    prepared = problem.prepared()
    voters = problem.voters
    params: dict[str, object] = {
        "utility": utility_kind.value,
        "endowment": endowment,
        "completion": completion,
        "comparison": comparison,
        **tie_params(tie_breaking),
    }
    if voters == 0:
        return _assemble(election, limit, params, prepared, None, [], (), allowed, {})
    start = limit / voters if endowment == "exact" else Fraction(floor(limit / voters))
    ties: list[Tie] = []
    choose = _chooser(election, tie_breaking, allowed)
    run, steps, step_ties = _complete(prepared, start, limit, completion, choose)
    selected = [allowed[j] for j in run.selected] if run is not None else []
    for step, (r, t, c, k) in step_ties:
        tie = make_tie(election, r, [allowed[j] for j in t], allowed[c], k)
        ties.append(Tie(tie.round, tie.candidates, tie.chosen, tie.resolved_by, step=step))
    figures: dict[str, object] = {"endowment": run.endowment if run else start, "add1_steps": steps}
    topped_up: list[int] = []
    if completion == "add1-greedy":
        topped_up = _greedy_top_up(election, limit, selected, allowed, tie_breaking)
    if comparison:
        greedy_choice = _greedy_top_up(election, limit, [], allowed, tie_breaking)
        mes_choice = selected + topped_up
        prefer_greedy = _prefer_greedy(election, mes_choice, greedy_choice)
        figures["comparison_winner"] = "greedy" if prefer_greedy else "equal-shares"
        if prefer_greedy:
            return _assemble(election, limit, params, prepared, None, greedy_choice, (), allowed, figures)
    return _assemble(
        election, limit, params, prepared, run, selected + topped_up, tuple(ties), allowed, figures
    )


def mes_problem(election: Election, utility: Utility, allowed: Sequence[int]) -> MesProblem:
    """The plain-array view of the election for the kernel, restricted to ``allowed`` projects."""
    profile = election.profile
    supporters = profile.supporters
    costs = election.costs
    points = supporter_points(election) if utility is Utility.POINTS else None
    utilities: list[Fraction | tuple[int, ...]] = []
    groups: list[tuple[int, ...]] = []
    for project in allowed:
        if utility is Utility.COST:
            utilities.append(costs[project])
            groups.append(supporters[project])
        elif utility is Utility.APPROVAL:
            utilities.append(Fraction(1))
            groups.append(supporters[project])
        else:
            assert points is not None
            pairs = [(g, int(q)) for g, q in zip(supporters[project], points[project], strict=True) if q > 0]
            groups.append(tuple(g for g, _ in pairs))
            utilities.append(tuple(q for _, q in pairs))
    return MesProblem([costs[p] for p in allowed], profile.weights, groups, utilities)


def _chooser(election: Election, tie_breaking: TieBreaking | None, allowed: Sequence[int]) -> TieChooser:
    def choose(tied: list[int]) -> tuple[int, str | None]:
        chosen, criterion = resolve_tie(election, tie_breaking, [allowed[j] for j in tied])
        return allowed.index(chosen), criterion

    return choose


StepTies = list[tuple[int, tuple[int, list[int], int, str | None]]]


def _complete(
    prepared: PreparedProblem, start: Fraction, limit: Fraction, completion: str, choose: TieChooser
) -> tuple[MesRun | None, int, StepTies]:
    """Run MES with the completion's endowments: the chosen run (None = nothing), the steps, and the
    ties met in every step (a tie in a step that was tried can change where the completion stops,
    so all are reported)."""
    ties: StepTies = []
    if completion == "none":
        run = run_mes(prepared, start, choose)
        return run, 0, [(0, tie) for tie in run.ties]
    problem = prepared.problem
    available = [
        j for j in range(len(problem.costs)) if problem.costs[j] > 0 and prepared.total_utility[j] > 0
    ]
    everything = sum((problem.costs[j] for j in available), Fraction(0))
    exhaustive_stop = completion != "add1"
    previous: MesRun | ScreenedStep | None = None
    step = 0
    batch = _FIRST_BATCH
    screener = Screener(prepared)
    first_spent = Fraction(0)  # what step 0 spent
    while True:
        # the steps of a batch are screened together in floats; a step too close to call runs exactly
        screened = screener.run([start + step + i for i in range(batch)], limit)
        for certified in screened:
            tried: MesRun | ScreenedStep
            if certified is None:
                tried = run_mes(prepared, start + step, choose, cost_cap=limit)
                ties.extend((step, tie) for tie in tried.ties)
            else:
                tried = certified  # no exact tie in this step
            if tried.over_cap:
                return _exact(prepared, start, step - 1, choose, previous), step, ties
            if exhaustive_stop and _is_exhaustive(problem.costs, available, tried, limit):
                return _exact(prepared, start, step, choose, tried), step, ties
            if not exhaustive_stop and everything <= limit and len(tried.selected) == len(available):
                # every later outcome is feasible: pabutools' loop runs on to its bound, B·(n+1)
                last = floor((limit * (problem.voters + 1) - problem.voters * start) / problem.voters)
                final = run_mes(prepared, start + last, choose)
                return final, last, ties + [(last, tie) for tie in final.ties]
            previous = tried
            if step == 0:
                first_spent = tried.total_cost
            step += 1
        batch = _next_batch(batch, step, first_spent, tried.total_cost, limit, joined=screener.joins)


_FIRST_BATCH = 8
_LARGEST_BATCH = 64  # while the spending gives no estimate of the steps left
_LARGEST_JOINED_BATCH = 128  # where the screener joins its nodes, rows are cheap
_SMALLEST_BATCH = 4


def _next_batch(
    batch: int, steps: int, first: Fraction, last: Fraction, limit: Fraction, *, joined: bool
) -> int:
    """How many steps to screen next: not much past the step where the spending, growing as it did
    so far, would reach the budget (steps past the stop are wasted); at most twice as many as before,
    or, where the screener joins its nodes, all those steps at once (each batch starts from the
    first round again)."""
    largest = _LARGEST_JOINED_BATCH if joined else _LARGEST_BATCH
    grown = (last - first) / max(steps - 1, 1)
    if grown <= 0:
        return min(2 * batch, largest)
    expected = int((limit - last) / grown) + 2
    return max(_SMALLEST_BATCH, min(largest if joined else 2 * batch, expected))


def _exact(
    prepared: PreparedProblem,
    start: Fraction,
    step: int,
    choose: TieChooser,
    run: MesRun | ScreenedStep | None,
) -> MesRun | None:
    """The exact run of a step (its payments explain the outcome); None before the first step."""
    if run is None or isinstance(run, MesRun):
        return run
    # the step was not over the cap, so the cap does not change it
    return run_mes(prepared, start + step, choose)


def _is_exhaustive(
    costs: Sequence[Fraction], available: Sequence[int], run: MesRun | ScreenedStep, limit: Fraction
) -> bool:
    chosen = set(run.selected)
    left = limit - run.total_cost
    return all(j in chosen or costs[j] > left for j in available)


def _greedy_top_up(
    election: Election,
    limit: Fraction,
    selected: Sequence[int],
    allowed: Sequence[int],
    tie_breaking: TieBreaking | None,
) -> list[int]:
    """Utilitarian greedy (cost utilities: by votes) over what is left, skipping what does not fit."""
    chosen = set(selected)
    left = limit - election.total_cost(selected)
    order, _ = greedy_ranking(election, [p for p in allowed if p not in chosen], "score", tie_breaking)
    added = []
    for project in order:
        cost = election.projects[project].cost
        if cost <= left:
            added.append(project)
            left -= cost
    return added


def _prefer_greedy(election: Election, mes: Sequence[int], greedy: Sequence[int]) -> bool:
    """Satisfaction comparison: does a strict majority of the voters who differ prefer greedy?"""
    costs = election.costs
    mes_set, greedy_set = set(mes), set(greedy)
    for_mes = for_greedy = 0
    for group in election.profile.groups:
        mes_value = sum((costs[p] for p in group.projects if p in mes_set), Fraction(0))
        greedy_value = sum((costs[p] for p in group.projects if p in greedy_set), Fraction(0))
        if mes_value > greedy_value:
            for_mes += group.weight
        elif greedy_value > mes_value:
            for_greedy += group.weight
    return for_greedy > for_mes


# -- explanations ------------------------------------------------------------------------------

_NOTHING = Fraction(0)  # what a broke supporter pays (one object for all)


def _assemble(
    election: Election,
    limit: Fraction,
    params: dict[str, object],
    prepared: PreparedProblem,
    run: MesRun | None,
    selected: Sequence[int],
    ties: tuple[Tie, ...],
    allowed: Sequence[int],
    figures: dict[str, object],
) -> Outcome:
    score = scores(election)
    records: dict[str, ProjectRecord] = {}
    _explain_rounds(election, prepared, run, allowed, score, records)
    chosen = set(selected)
    for position, project in enumerate(allowed):
        item = election.projects[project]
        if item.id in records:
            continue
        if project in chosen:  # greedy top-up or comparison winner
            records[item.id] = ProjectRecord(item.id, item.cost, Status.SELECTED, score[project])
        elif prepared.total_utility[position] == 0:
            records[item.id] = ProjectRecord(item.id, item.cost, Status.NO_SUPPORT, score[project])
        else:
            records[item.id] = _explain_not_bought(election, prepared, run, position, project, score[project])
    for project, item in enumerate(election.projects):
        if item.id not in records:
            records[item.id] = ProjectRecord(item.id, item.cost, Status.EXCLUDED, score[project])
    groups = _group_records(election, run, chosen) if run is not None else ()
    return Outcome(
        rule="equal-shares",
        params=params,  # type: ignore[arg-type]
        budget=limit,
        selected=election.ids(selected),
        total_cost=election.total_cost(selected),
        projects=records,
        groups=groups,
        ties=ties,
        figures=figures,  # type: ignore[arg-type]
    )


def _explain_rounds(
    election: Election,
    prepared: PreparedProblem,
    run: MesRun | None,
    allowed: Sequence[int],
    score: Sequence[Fraction],
    records: dict[str, ProjectRecord],
) -> None:
    """Who paid what for each bought project, exactly, from the run's payment history.

    A supporter already broke pays 0, a poor one (the kernel's certified list) pays its whole
    budget, every other pays ρ·utility.
    """
    if run is None or run.state is None:
        return
    state = run.state
    problem = prepared.problem
    gone_in = state.broke_round.tolist()
    for number, round_ in enumerate(run.rounds, start=1):
        project = round_.project
        umap = prepared.utility_maps[project]
        poor_budget = dict(zip(round_.poor, state.budgets_after(round_.poor, number - 1), strict=True))
        uniform_price = None if umap is not None else round_.rho * problem.utilities[project]  # type: ignore[operator]
        payments = []
        rich_utility = 0  # the largest utility of a supporter paying ρ·utility
        for group in problem.supporters[project]:
            gone = gone_in[group]
            if gone and gone < number:
                amount = _NOTHING
            elif group in poor_budget:
                amount = poor_budget[group]
            elif uniform_price is not None:
                amount, rich_utility = uniform_price, 1
            else:
                utility = umap[group]  # type: ignore[index]
                amount, rich_utility = round_.rho * utility, max(rich_utility, utility)
            payments.append(Payment(group, amount))
        rich_most = (
            (uniform_price if uniform_price is not None else round_.rho * rich_utility) if rich_utility else 0
        )
        most = max([Fraction(rich_most), *poor_budget.values()])
        index = allowed[project]
        item = election.projects[index]
        records[item.id] = ProjectRecord(
            project_id=item.id,
            cost=item.cost,
            status=Status.SELECTED,
            score=score[index],
            round=number,
            rho=round_.rho,
            price_per_supporter=most,
            payments=tuple(payments),
        )


def _explain_not_bought(
    election: Election,
    prepared: PreparedProblem,
    run: MesRun | None,
    position: int,
    project: int,
    score: Fraction,
) -> ProjectRecord:
    """The round a project became unaffordable, its supporters' money then, and the cost cut it needed.

    Exact, from the run's payment history: money after ``t`` rounds is non-increasing in ``t``. The
    round (the first after which the money is short; round 1 if it never sufficed) is guessed from
    the money in floats and confirmed exactly; binary search in exact arithmetic if it is not.
    """
    item = election.projects[project]
    if run is None or run.state is None:
        return ProjectRecord(item.id, item.cost, Status.NOT_CHOSEN, score)
    state = run.state
    groups = prepared.problem.supporters[position]
    rounds = len(run.rounds)
    trajectory = state.money_trajectory(groups) if rounds else [0.0]
    cost = float(item.cost)
    guess = next((t for t in range(1, rounds + 1) if trajectory[t] < cost), None)
    money = state.money_after(groups, rounds if guess is None else guess)
    if guess is None and (money >= item.cost or rounds == 0):
        return ProjectRecord(item.id, item.cost, Status.NOT_CHOSEN, score, supporters_money=money)
    dropped_round = guess if guess is not None and money < item.cost else None
    if dropped_round is not None:
        budgets, by_pattern = _pattern_weights(prepared, state, position, dropped_round - 1)
        before = sum((weight * budgets[p] for (p, _), weight in by_pattern.items()), Fraction(0))
        if dropped_round > 1 and before < item.cost:  # the float guess was wrong
            dropped_round = None
    if dropped_round is None:
        dropped_round = _first_round_short(state, groups, rounds, item.cost)
        money = state.money_after(groups, dropped_round)
        budgets, by_pattern = _pattern_weights(prepared, state, position, dropped_round - 1)
    classes: dict[tuple[Fraction, int], int] = {}  # (budget before the round, utility) -> weight
    for (pattern, utility), weight in by_pattern.items():
        pair = (budgets[pattern], utility)
        classes[pair] = classes.get(pair, 0) + weight
    winner_rho = run.rounds[dropped_round - 1].rho
    cost_utility = prepared.uniform[position] and prepared.problem.utilities[position] == item.cost
    most = _largest_winning_cost(classes, winner_rho, prepared.uniform[position], cost_utility)
    return ProjectRecord(
        project_id=item.id,
        cost=item.cost,
        status=Status.UNAFFORDABLE,
        score=score,
        unaffordable_round=dropped_round,
        supporters_money=money,
        cheaper_by=max(item.cost - most, Fraction(0)),
    )


def _pattern_weights(
    prepared: PreparedProblem, state: _ExactState, position: int, rounds: int
) -> tuple[list[Fraction], dict[tuple[int, int], int]]:
    """The supporters' budgets after ``rounds`` rounds, one per payment pattern, and the weight of
    each (pattern, utility) pair."""
    groups = prepared.problem.supporters[position]
    weights = prepared.problem.weights
    umap = prepared.utility_maps[position]
    budgets, pattern_of = state.budget_patterns(groups, rounds)
    by_pattern: dict[tuple[int, int], int] = {}
    for group, pattern in zip(groups, pattern_of, strict=True):
        key = (pattern, 1 if umap is None else umap[group])
        by_pattern[key] = by_pattern.get(key, 0) + weights[group]
    return budgets, by_pattern


def _first_round_short(state: _ExactState, groups: Sequence[int], rounds: int, cost: Fraction) -> int:
    """The first round after which the groups' money is below ``cost`` (binary search, exact)."""
    low, high = 1, rounds
    while low < high:
        middle = (low + high) // 2
        if state.money_after(groups, middle) < cost:
            high = middle
        else:
            low = middle + 1
    return low


def _largest_winning_cost(
    classes: dict[tuple[Fraction, int], int], rho: Fraction, uniform: bool, cost_utility: bool
) -> Fraction:
    """The largest cost at which the project's ρ would not exceed ``rho``, from (budget, utility) → weight."""
    if not (uniform and cost_utility):
        # ρ(c) ≤ rho  ⇔  c ≤ Σ w·min(b, rho·u)   (u does not depend on c)
        return sum((weight * min(b, rho * u) for (b, u), weight in classes.items()), Fraction(0))
    # cost utilities: u = c, payment cap π = ρ·c; wins iff F(π) ≥ π / rho with F(π) = Σ w·min(b, π).
    # F(π)/π decreases, so the largest cost is F(π*) at the crossing F(π*) = π*/rho.
    below = Fraction(0)  # money of supporters whose whole budget is under π
    rest = sum(classes.values())
    inverse = 1 / rho
    for (budget, _), weight in sorted(classes.items()):
        # on this segment F(π) = below + rest·π; crossing at π = below / (1/rho − rest), if it is
        # within the segment (π ≤ budget; the gap is compared first, as ints are cheap)
        if inverse > rest and below <= budget * (inverse - rest):
            return below / (inverse - rest) / rho
        below += weight * budget
        rest -= weight
    return below


def _group_records(election: Election, run: MesRun, chosen: set[int]) -> tuple[GroupRecord, ...]:
    state = run.state
    assert state is not None
    groups = election.profile.groups
    lefts, pattern_of = state.budget_patterns(range(len(groups)), len(run.rounds))
    paid = [run.endowment - left for left in lefts]
    ids = [item.id for item in election.projects]
    records = []
    for index, (group, pattern) in enumerate(zip(groups, pattern_of, strict=True)):
        won = tuple(ids[p] for p in group.projects if p in chosen)
        records.append(GroupRecord(index, group.weight, paid[pattern], lefts[pattern], won))
    return tuple(records)
