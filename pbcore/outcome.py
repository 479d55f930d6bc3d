"""The result of running a rule: what won, at what price, and why.

Every rule in :mod:`pbcore.rules` returns an :class:`Outcome`. It carries enough data for
``pbcore.explain`` to tell each project why it won or lost and each voter what they paid,
and for a third party to recount: the rule key and every parameter the rule used
(``params``), in exact arithmetic (:class:`fractions.Fraction`) for every amount of money.

Voters with identical ballots are collapsed into weighted *groups* (see ``pbcore.election``);
per-voter data is published per group (``GroupRecord``), every voter of a group paid the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

ParamValue = str | int | bool | Fraction | None | tuple[str, ...]


class Status(StrEnum):
    """Why a project ended up selected or not (machine-readable; explain.py words it)."""

    SELECTED = "selected"
    # greedy family
    DOES_NOT_FIT = "does-not-fit"  # reached, but its cost exceeded the budget left
    STOPPED = "stopped"  # greedy-no-skip stopped before reaching it
    BELOW_THRESHOLD = "below-threshold"  # score under the file's min_project_score_threshold
    # equal shares / Phragmén
    UNAFFORDABLE = "unaffordable"  # its supporters no longer had enough money
    NOT_CHOSEN = "not-chosen"  # still affordable when the rule ended, never the cheapest
    NO_SUPPORT = "no-support"  # nobody voted for it (or zero utility for everyone)
    # welfare maximum / compositions
    NOT_IN_OPTIMUM = "not-in-optimum"
    EXCLUDED = "excluded"  # outside the pool / quota being computed


@dataclass(frozen=True)
class Payment:
    """What each voter of one ballot group paid towards one project."""

    group: int  # index into the election's ballot groups
    per_voter: Fraction


@dataclass(frozen=True)
class ProjectRecord:
    """The explanation data of one project. Fields a rule does not use stay ``None``."""

    project_id: str
    cost: Fraction
    status: Status
    score: Fraction  # votes (approval) or points / ranking score, as the rule counted them
    # greedy family: position in the ranking and the budget left when the project was reached
    rank: int | None = None
    budget_left: Fraction | None = None
    # equal shares / Phragmén: the round it was bought in (1-based) and its price
    round: int | None = None
    rho: Fraction | None = None  # price per unit of utility (MES) or load (Phragmén)
    price_per_supporter: Fraction | None = None  # the most any one supporter paid
    payments: tuple[Payment, ...] = ()
    # equal shares, not bought: when it became unaffordable, what its supporters still had,
    # and by how much its cost would have had to drop for it to win in the round it dropped out
    unaffordable_round: int | None = None
    supporters_money: Fraction | None = None
    cheaper_by: Fraction | None = None


@dataclass(frozen=True)
class GroupRecord:
    """What one ballot group's voters paid in total and which of their projects won."""

    group: int
    weight: int  # number of voters with this ballot
    paid_per_voter: Fraction
    budget_left_per_voter: Fraction
    won: tuple[str, ...]


@dataclass(frozen=True)
class Tie:
    """A moment when several projects were equally good.

    ``resolved_by`` names the tie-break criterion that separated them (``"lower-cost"``,
    ``"more-votes"``, ``"lottery"``, ``"project-id"``), or is ``None`` when nothing did: the tie
    is then *unresolved* and the outcome is not decided (``Outcome.decided`` is false), even though
    the rule carried on with ``chosen`` (the first in project-id order) to show what would follow.
    """

    round: int
    candidates: tuple[str, ...]
    chosen: str
    resolved_by: str | None
    step: int | None = None  # the completion step (e.g. the Add1 endowment step) it happened in


@dataclass(frozen=True)
class Outcome:
    """The result of one rule on one election.

    ``selected`` lists the winners in the order the rule picked them. ``params`` holds the rule's
    key-independent parameters, every one explicit (utility, endowment, completion, tie-break
    chain, …) so the result can be recounted with the same definition.
    """

    rule: str
    params: Mapping[str, ParamValue]
    budget: Fraction
    selected: tuple[str, ...]
    total_cost: Fraction
    projects: Mapping[str, ProjectRecord]
    groups: tuple[GroupRecord, ...] = ()
    ties: tuple[Tie, ...] = ()
    # rule-specific figures worth publishing (e.g. "endowment": final per-voter budget of MES,
    # "add1_steps": how many increments were tried)
    figures: Mapping[str, ParamValue] = field(default_factory=dict)

    @property
    def unresolved_ties(self) -> tuple[Tie, ...]:
        return tuple(tie for tie in self.ties if tie.resolved_by is None)

    @property
    def decided(self) -> bool:
        """True when no tie was left to chance or to an arbitrary order."""
        return not self.unresolved_ties

    @property
    def selected_set(self) -> frozenset[str]:
        return frozenset(self.selected)
