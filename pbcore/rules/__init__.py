"""Participatory-budgeting rules, each one function registered under a key in ``RULES``.

Every rule has the same shape::

    rule(election, *, tie_breaking=None, budget=None, projects=None, **its own parameters) -> Outcome

``budget`` and ``projects`` restrict the count (used by the compositions per pool and per category
quota); every parameter the rule used is published in ``Outcome.params``. The rules:

* ``greedy`` — Pabulib's greedy: best score first, skip what does not fit (docs/rules/greedy.md)
* ``greedy-no-skip`` — stop at the first project that does not fit (docs/rules/greedy-no-skip.md)
* ``greedy-threshold`` — greedy among projects reaching the META threshold (docs/rules/greedy-threshold.md)
* ``equal-shares`` — the Method of Equal Shares; defaults = Pabulib's ``equalshares/add1``
  (docs/rules/equal-shares.md)
* ``phragmen`` — sequential Phragmén (docs/rules/phragmen.md)
* ``max-welfare`` — the exact utilitarian welfare maximum (docs/rules/max-welfare.md)

Compositions over any of them: :func:`per_pool`, :func:`with_category_quotas`, and :func:`as_structured`
(whichever of the two the election's META asks for).
``PABULIB_RULES`` maps the ``rule`` names found in Pabulib META to a key and its parameters.
"""

from collections.abc import Callable, Mapping

from pbcore.outcome import Outcome
from pbcore.rules.composition import as_structured, per_pool, with_category_quotas
from pbcore.rules.equal_shares import equal_shares
from pbcore.rules.greedy import greedy, greedy_no_skip, greedy_threshold
from pbcore.rules.max_welfare import max_welfare
from pbcore.rules.phragmen import sequential_phragmen
from pbcore.rules.tiebreak import PABULIB_TIE_BREAKING, PROJECT_ID_TIE_BREAKING, Criterion, TieBreaking

RuleFn = Callable[..., Outcome]

RULES: dict[str, RuleFn] = {
    "greedy": greedy,
    "greedy-no-skip": greedy_no_skip,
    "greedy-threshold": greedy_threshold,
    "equal-shares": equal_shares,
    "phragmen": sequential_phragmen,
    "max-welfare": max_welfare,
}

PABULIB_RULES: Mapping[str, tuple[str, Mapping[str, object]]] = {
    "greedy": ("greedy", {}),
    "greedy-no-skip": ("greedy-no-skip", {}),
    "greedy-threshold": ("greedy-threshold", {}),
    # Warsaw's variant also passes over a project that excludes a better-ranked winner (the same
    # site, say); the files do not list such pairs, so it is recounted as greedy and an exclusion
    # that mattered shows as a difference
    "greedy-exclusive": ("greedy", {}),
    "equalshares": ("equal-shares", {"completion": "none"}),
    "equalshares/add1": ("equal-shares", {"completion": "add1"}),
    "equalshares-comparison": ("equal-shares", {"completion": "none", "comparison": True}),
    "equalshares/add1-comparison": ("equal-shares", {"completion": "add1", "comparison": True}),
}

__all__ = [
    "PABULIB_RULES",
    "PABULIB_TIE_BREAKING",
    "PROJECT_ID_TIE_BREAKING",
    "RULES",
    "Criterion",
    "RuleFn",
    "TieBreaking",
    "as_structured",
    "equal_shares",
    "greedy",
    "greedy_no_skip",
    "greedy_threshold",
    "max_welfare",
    "per_pool",
    "sequential_phragmen",
    "with_category_quotas",
]
