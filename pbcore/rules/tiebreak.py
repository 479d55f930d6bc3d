"""Tie-breaking as a value: an ordered chain of criteria, published with every outcome.

The recommended chain (equalshares.net, the Pabulib checker) is *lower cost, then more votes, then
a lottery order drawn and published before the count*. When the chain runs out without separating
the candidates, the tie is reported as unresolved in the :class:`~pbcore.outcome.Outcome`
(never decided silently); the rule carries on with the first candidate in project-id order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class Criterion(StrEnum):
    LOWER_COST = "lower-cost"
    MORE_VOTES = "more-votes"
    LOTTERY = "lottery"  # the published lottery order: earlier wins
    PROJECT_ID = "project-id"  # ids compared as strings ("10" < "9"), pabutools' default


@dataclass(frozen=True)
class TieBreaking:
    criteria: tuple[Criterion, ...] = (Criterion.LOWER_COST, Criterion.MORE_VOTES, Criterion.LOTTERY)
    lottery_order: tuple[str, ...] = ()

    def describe(self) -> tuple[str, ...]:
        return tuple(criterion.value for criterion in self.criteria)

    def key_function(
        self, cost: Mapping[str, Fraction], votes: Mapping[str, int]
    ) -> Callable[[str], tuple[object, ...]]:
        """A sort key: smaller is preferred. Criteria the chain lacks contribute nothing."""
        lottery_rank = {project: rank for rank, project in enumerate(self.lottery_order)}
        unranked = len(lottery_rank)
        parts: list[Callable[[str], object]] = []
        for criterion in self.criteria:
            if criterion is Criterion.LOWER_COST:
                parts.append(cost.__getitem__)
            elif criterion is Criterion.MORE_VOTES:
                parts.append(lambda project: -votes[project])
            elif criterion is Criterion.LOTTERY:
                parts.append(lambda project: lottery_rank.get(project, unranked))
            else:
                parts.append(str)
        return lambda project: tuple(part(project) for part in parts)

    def resolve(
        self, candidates: Sequence[str], cost: Mapping[str, Fraction], votes: Mapping[str, int]
    ) -> tuple[str, str | None]:
        """Pick one of several tied projects: ``(chosen, criterion that decided or None)``."""
        remaining = sorted(candidates)
        key = self.key_function(cost, votes)
        for depth, criterion in enumerate(self.criteria, start=1):
            best = min(key(project)[:depth] for project in remaining)
            remaining = [project for project in remaining if key(project)[:depth] == best]
            if len(remaining) == 1:
                return remaining[0], criterion.value
        return remaining[0], None


PABULIB_TIE_BREAKING = TieBreaking()
PROJECT_ID_TIE_BREAKING = TieBreaking(criteria=(Criterion.PROJECT_ID,))
