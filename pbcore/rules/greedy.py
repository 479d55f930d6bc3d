"""The greedy family, as Pabulib uses it.

Projects are ranked by score — votes for approval and choose-1 ballots, total points for cumulative and
scoring ballots, the Borda score ``max_length − position`` for ordinal ballots (the ``score`` column of
Pabulib files) — and taken in that order while the budget lasts:

* ``greedy``: a project that does not fit is skipped, later cheaper ones may still be funded;
* ``greedy-no-skip``: the count stops at the first project that does not fit;
* ``greedy-threshold``: only projects whose score reaches the file's ``min_project_score_threshold``
  take part, then as ``greedy``.

With ``ranking="score-per-cost"`` projects are ranked by score per unit of cost instead (the greedy
approximation of the utilitarian welfare with approval utilities).

Reference: the Pabulib format and rule names, Faliszewski et al., "Participatory Budgeting: Data,
Tools, and Analysis", IJCAI 2023 (https://pabulib.org/format).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import groupby

from pbcore.election import Election
from pbcore.outcome import Outcome, ProjectRecord, Status, Tie
from pbcore.rules.common import make_tie, scores, tie_chooser_for, tie_params
from pbcore.rules.tiebreak import TieBreaking

RANKINGS = ("score", "score-per-cost")


def greedy(
    election: Election,
    *,
    tie_breaking: TieBreaking | None = None,
    budget: Fraction | None = None,
    projects: Sequence[int] | None = None,
    ranking: str = "score",
) -> Outcome:
    """Pabulib's ``greedy``: best score first, skip what does not fit."""
    return _greedy(election, "greedy", tie_breaking, budget, projects, ranking, skip=True, threshold=None)


def greedy_no_skip(
    election: Election,
    *,
    tie_breaking: TieBreaking | None = None,
    budget: Fraction | None = None,
    projects: Sequence[int] | None = None,
    ranking: str = "score",
) -> Outcome:
    """Pabulib's ``greedy-no-skip``: best score first, stop at the first project that does not fit."""
    return _greedy(
        election, "greedy-no-skip", tie_breaking, budget, projects, ranking, skip=False, threshold=None
    )


def greedy_threshold(
    election: Election,
    *,
    tie_breaking: TieBreaking | None = None,
    budget: Fraction | None = None,
    projects: Sequence[int] | None = None,
    ranking: str = "score",
    threshold: Fraction | None = None,
) -> Outcome:
    """Pabulib's ``greedy-threshold``: ``greedy`` among projects scoring at least the threshold.

    The threshold defaults to the file's META ``min_project_score_threshold`` (0 when absent).
    """
    if threshold is None:
        threshold = Fraction(election.meta.get("min_project_score_threshold", "0").strip() or "0")
    return _greedy(
        election, "greedy-threshold", tie_breaking, budget, projects, ranking, skip=True, threshold=threshold
    )


def greedy_ranking(
    election: Election, candidates: Sequence[int], ranking: str, tie_breaking: TieBreaking | None
) -> tuple[list[int], list[tuple[list[int], str | None]]]:
    """Candidates in greedy order, and every run of equal-valued projects with how it was ordered."""
    if ranking not in RANKINGS:
        raise ValueError(f"unknown greedy ranking {ranking!r}; expected one of {RANKINGS}")
    score = scores(election)
    costs = election.costs

    def value(project: int) -> Fraction:
        if ranking == "score":
            return score[project]
        cost = costs[project]
        return score[project] / cost if cost > 0 else Fraction(10**30)

    chain, cost_of, votes_of = tie_chooser_for(election, tie_breaking)
    chain_key = chain.key_function(cost_of, votes_of)
    ids = [p.id for p in election.projects]

    def key(project: int) -> tuple[object, ...]:
        return (-value(project), chain_key(ids[project]), ids[project])

    order = sorted(candidates, key=key)
    runs: list[tuple[list[int], str | None]] = []
    for _, tied_iter in groupby(order, key=value):
        tied = list(tied_iter)
        if len(tied) > 1:
            runs.append((tied, _deciding_criterion(tied, chain, chain_key, ids)))
    return order, runs


def _deciding_criterion(tied: list[int], chain: TieBreaking, chain_key: object, ids: list[str]) -> str | None:
    keys = [chain_key(ids[p]) for p in tied]  # type: ignore[operator]
    if len(set(keys)) < len(keys):
        return None
    for depth, criterion in enumerate(chain.criteria, start=1):
        if len({k[:depth] for k in keys}) == len(keys):
            return criterion.value
    return None


def _greedy(
    election: Election,
    rule: str,
    tie_breaking: TieBreaking | None,
    budget: Fraction | None,
    projects: Sequence[int] | None,
    ranking: str,
    *,
    skip: bool,
    threshold: Fraction | None,
) -> Outcome:
    limit = election.budget if budget is None else budget
    score = scores(election)
    candidates = list(range(election.num_projects)) if projects is None else list(projects)
    eligible = [p for p in candidates if threshold is None or score[p] >= threshold]
    order, tie_runs = greedy_ranking(election, eligible, ranking, tie_breaking)
    left = limit
    selected: list[int] = []
    records: dict[str, ProjectRecord] = {}
    stopped = False
    for rank, project in enumerate(order, start=1):
        item = election.projects[project]
        if stopped:
            status = Status.STOPPED
        elif item.cost <= left:
            status = Status.SELECTED
        else:
            status = Status.DOES_NOT_FIT
            stopped = not skip
        records[item.id] = ProjectRecord(
            project_id=item.id,
            cost=item.cost,
            status=status,
            score=score[project],
            rank=rank,
            budget_left=None if status is Status.STOPPED else left,
        )
        if status is Status.SELECTED:
            selected.append(project)
            left -= item.cost
    for project in candidates:
        item = election.projects[project]
        if item.id not in records:
            records[item.id] = ProjectRecord(item.id, item.cost, Status.BELOW_THRESHOLD, score[project])
    for project, item in enumerate(election.projects):
        if item.id not in records:
            records[item.id] = ProjectRecord(item.id, item.cost, Status.EXCLUDED, score[project])
    params: dict[str, object] = {"ranking": ranking, **tie_params(tie_breaking)}
    if threshold is not None:
        params["threshold"] = threshold
    return Outcome(
        rule=rule,
        params=params,  # type: ignore[arg-type]
        budget=limit,
        selected=election.ids(selected),
        total_cost=limit - left,
        projects=records,
        ties=_ties_that_mattered(election, tie_runs, records),
    )


def _ties_that_mattered(
    election: Election, runs: list[tuple[list[int], str | None]], records: dict[str, ProjectRecord]
) -> tuple[Tie, ...]:
    """Equal scores only matter when the tied projects did not all end up the same way."""
    ties = []
    for tied, criterion in runs:
        statuses = {records[election.projects[p].id].status for p in tied}
        if len(statuses) > 1:
            ties.append(make_tie(election, 0, tied, tied[0], criterion))
    return tuple(ties)
