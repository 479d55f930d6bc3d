"""Selection per pool and with category quotas, as a composition over any registered rule.

* **Pools** (``Election.pools``: pool name → budget; ``Project.pool``): each pool is counted
  separately with its own budget by the same rule, e.g. a city-wide pool and one pool per
  community. Projects without a pool are counted with what is left of the main budget.
* **Category quotas** (``Election.category_quotas``: category → amount reserved for it): first each
  category is counted on its own projects with its reserved amount (in the order the quotas are
  listed); what a category does not spend, and the rest of the budget, is then counted over all the
  remaining projects. A project with several categories competes in the first quota naming it.

The outcome lists the parts in order (``figures["parts"]``) and merges their explanation records;
each part's outcome is the rule's own, so its explanation stays valid within its part.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

from pbcore.election import Election
from pbcore.outcome import Outcome, ProjectRecord, Status, Tie
from pbcore.rules.tiebreak import TieBreaking

RuleFn = Callable[..., Outcome]


def as_structured(election: Election, *, rule: RuleFn, **rule_params: object) -> Outcome:
    """Run ``rule`` as the election is structured: once per pool when it has pools, with its category
    quotas when it has them, else over the whole budget (what ``verify`` recounts)."""
    if election.pools:
        return per_pool(election, rule=rule, **rule_params)  # type: ignore[arg-type]
    if election.category_quotas:
        return with_category_quotas(election, rule=rule, **rule_params)  # type: ignore[arg-type]
    return rule(election, **rule_params)


def per_pool(
    election: Election,
    *,
    rule: RuleFn,
    tie_breaking: TieBreaking | None = None,
    **rule_params: object,
) -> Outcome:
    """Run ``rule`` once per pool (plus once for projects without a pool) and merge."""
    parts: list[tuple[str, Outcome]] = []
    pooled_budget = sum(election.pools.values(), Fraction(0))
    for pool, amount in election.pools.items():
        members = election.pool_projects(pool)
        parts.append(
            (pool, rule(election, tie_breaking=tie_breaking, budget=amount, projects=members, **rule_params))
        )
    rest = election.pool_projects(None)
    if rest:
        amount = max(election.budget - pooled_budget, Fraction(0))
        parts.append(
            ("", rule(election, tie_breaking=tie_breaking, budget=amount, projects=rest, **rule_params))
        )
    return merge(election, "per-pool", parts, rule_params)


def with_category_quotas(
    election: Election,
    *,
    rule: RuleFn,
    tie_breaking: TieBreaking | None = None,
    quotas: Mapping[str, Fraction] | None = None,
    **rule_params: object,
) -> Outcome:
    """Reserved amounts per category first, then the rest of the budget over the rest."""
    reserved = dict(election.category_quotas if quotas is None else quotas)
    parts: list[tuple[str, Outcome]] = []
    taken: set[int] = set()
    spent = Fraction(0)
    for category, reserve in reserved.items():
        members = [p for p in election.category_projects(category) if p not in taken]
        amount = min(reserve, election.budget - spent)  # a quota cannot exceed what is left
        outcome = rule(election, tie_breaking=tie_breaking, budget=amount, projects=members, **rule_params)
        parts.append((category, outcome))
        taken.update(members)
        spent += outcome.total_cost
    chosen = {p for _, outcome in parts for p in election.indices(outcome.selected)}
    rest = [p for p in range(election.num_projects) if p not in chosen]
    left = election.budget - spent
    parts.append(("", rule(election, tie_breaking=tie_breaking, budget=left, projects=rest, **rule_params)))
    return merge(election, "category-quotas", parts, rule_params)


def merge(
    election: Election,
    composition: str,
    parts: Sequence[tuple[str, Outcome]],
    rule_params: Mapping[str, object],
) -> Outcome:
    """One outcome from consecutive parts: a project's record comes from the part that selected it,
    else from the first part it took part in."""
    records: dict[str, ProjectRecord] = {}
    selected: list[str] = []
    ties: list[Tie] = []
    for _, outcome in parts:
        selected.extend(outcome.selected)
        ties.extend(outcome.ties)
        for project_id, record in outcome.projects.items():
            current = records.get(project_id)
            if current is None or current.status is Status.EXCLUDED or record.status is Status.SELECTED:
                records[project_id] = record
    rule = parts[0][1].rule if parts else "none"
    params: dict[str, object] = {"composition": composition, **parts[0][1].params} if parts else {}
    params.update({k: v for k, v in rule_params.items() if isinstance(v, str | int | bool | Fraction)})
    return Outcome(
        rule=rule,
        params=params,  # type: ignore[arg-type]
        budget=election.budget,
        selected=tuple(selected),
        total_cost=election.total_cost(election.indices(selected)),
        projects=records,
        ties=tuple(ties),
        figures={"parts": tuple(name or "(rest)" for name, _ in parts)},
    )
