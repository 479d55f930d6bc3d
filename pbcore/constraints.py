"""Ballot validity: the one definition used by the engine, the importer and the web ballot.

Checks return a list of :class:`Violation` (machine-readable ``code`` + ``params``, and a plain
English ``message``) instead of raising, so a form can show every problem at once and the web layer
can translate from ``code`` and ``params``.

Limits come from :class:`~pbcore.election.BallotLimits` (Pabulib META ``min_length``,
``max_length``, ``min_sum_cost``, ``max_sum_cost``, ``min_points``, ``max_points``,
``min_sum_points``, ``max_sum_points`` and the per-category lists) plus what the vote type implies:
a ``choose-1`` ballot names exactly one project; ``cumulative`` and ``scoring`` ballots give points to
every project they list; ``cumulative`` points are never negative.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from pbcore.election import BallotLimits, Election, Number, Project, VoteType

__all__ = [
    "BallotRules",
    "InvalidBallotError",
    "Violation",
    "ViolationCode",
    "ballot_violations",
    "check_ballot",
    "profile_violations",
    "validate_ballot",
]

ParamValue = str | int | Fraction | tuple[str, ...]


class ViolationCode(StrEnum):
    UNKNOWN_PROJECT = "unknown-project"
    DUPLICATE_PROJECT = "duplicate-project"
    TOO_FEW_PROJECTS = "too-few-projects"
    TOO_MANY_PROJECTS = "too-many-projects"
    COST_TOO_LOW = "cost-too-low"
    COST_TOO_HIGH = "cost-too-high"
    POINTS_MISSING = "points-missing"
    POINTS_NOT_ALLOWED = "points-not-allowed"
    POINTS_COUNT_MISMATCH = "points-count-mismatch"
    POINTS_TOO_LOW = "points-too-low"
    POINTS_TOO_HIGH = "points-too-high"
    POINTS_SUM_TOO_LOW = "points-sum-too-low"
    POINTS_SUM_TOO_HIGH = "points-sum-too-high"
    CATEGORY_TOO_FEW = "category-too-few-projects"
    CATEGORY_TOO_MANY = "category-too-many-projects"
    CATEGORY_COST_TOO_HIGH = "category-cost-too-high"


@dataclass(frozen=True, slots=True)
class Violation:
    """One reason a ballot is invalid.  ``params`` holds the numbers the message quotes."""

    code: ViolationCode
    params: Mapping[str, ParamValue]
    message: str


class InvalidBallotError(ValueError):
    """Raised by :func:`validate_ballot`; carries every violation."""

    def __init__(self, violations: Sequence[Violation]) -> None:
        self.violations = tuple(violations)
        super().__init__("; ".join(v.message for v in self.violations))


@dataclass(frozen=True, slots=True)
class BallotRules:
    """What a valid ballot looks like: the vote type, the limits and the projects on offer."""

    vote_type: VoteType
    projects: Mapping[str, Project]
    limits: BallotLimits = field(default_factory=BallotLimits)

    @classmethod
    def for_election(cls, election: Election) -> BallotRules:
        return cls(election.vote_type, {p.id: p for p in election.projects}, election.limits)


def check_ballot(
    election: Election, project_ids: Sequence[str], points: Sequence[Number] | None = None
) -> list[Violation]:
    """Everything wrong with a ballot for ``election`` (empty list = valid)."""
    return ballot_violations(BallotRules.for_election(election), project_ids, points)


def validate_ballot(
    rules: BallotRules, project_ids: Sequence[str], points: Sequence[Number] | None = None
) -> None:
    """Raise :class:`InvalidBallotError` if the ballot breaks any rule."""
    violations = ballot_violations(rules, project_ids, points)
    if violations:
        raise InvalidBallotError(violations)


def ballot_violations(
    rules: BallotRules, project_ids: Sequence[str], points: Sequence[Number] | None = None
) -> list[Violation]:
    """Everything wrong with a ballot: ``project_ids`` as cast, ``points`` parallel to them if any.

    For ordinal ballots ``project_ids`` is the ranking, best first.
    """
    violations = _identity_violations(rules, project_ids)
    known = [rules.projects[pid] for pid in dict.fromkeys(project_ids) if pid in rules.projects]
    violations += _length_violations(rules, len(set(project_ids)))
    violations += _cost_violations(rules.limits, known)
    violations += _category_violations(rules.limits, known)
    violations += _points_violations(rules, project_ids, points)
    return violations


def profile_violations(election: Election) -> dict[int, list[Violation]]:
    """Voter index → violations, for the voters whose ballot is invalid (each distinct ballot checked once)."""
    rules = BallotRules.for_election(election)
    ids = [p.id for p in election.projects]
    by_ballot: dict[int, list[Violation]] = {}
    invalid: dict[int, list[Violation]] = {}
    for voter, ballot in enumerate(election.profile.ballots):
        found = by_ballot.get(id(ballot))
        if found is None:
            project_ids = [ids[i] for i in ballot.projects]
            found = by_ballot[id(ballot)] = ballot_violations(rules, project_ids, ballot.points)
        if found:
            invalid[voter] = found
    return invalid


# -- the individual checks ------------------------------------------------------------------------


def _identity_violations(rules: BallotRules, project_ids: Sequence[str]) -> list[Violation]:
    violations = [
        Violation(
            ViolationCode.UNKNOWN_PROJECT,
            {"project": pid},
            f"Project {pid!r} is not on this ballot.",
        )
        for pid in dict.fromkeys(project_ids)
        if pid not in rules.projects
    ]
    violations += [
        Violation(
            ViolationCode.DUPLICATE_PROJECT,
            {"project": pid, "times": times},
            f"Project {pid!r} is listed {times} times; list each project once.",
        )
        for pid, times in Counter(project_ids).items()
        if times > 1
    ]
    return violations


def _length_bounds(rules: BallotRules) -> tuple[int | None, int | None]:
    low, high = rules.limits.min_length, rules.limits.max_length
    if rules.vote_type is VoteType.CHOOSE_1:
        low = 1 if low is None else low
        high = 1 if high is None else min(high, 1)
    return low, high


def _length_violations(rules: BallotRules, count: int) -> list[Violation]:
    low, high = _length_bounds(rules)
    if low is not None and count < low:
        return [
            Violation(
                ViolationCode.TOO_FEW_PROJECTS,
                {"minimum": low, "count": count},
                f"Choose at least {low} project{_s(low)} (this ballot has {count}).",
            )
        ]
    if high is not None and count > high:
        return [
            Violation(
                ViolationCode.TOO_MANY_PROJECTS,
                {"maximum": high, "count": count},
                f"Choose at most {high} project{_s(high)} (this ballot has {count}).",
            )
        ]
    return []


def _cost_violations(limits: BallotLimits, projects: Sequence[Project]) -> list[Violation]:
    total = sum((p.cost for p in projects), start=Fraction(0))
    if limits.max_sum_cost is not None and total > limits.max_sum_cost:
        return [
            Violation(
                ViolationCode.COST_TOO_HIGH,
                {"maximum": limits.max_sum_cost, "total": total},
                f"The chosen projects cost {_money(total)} in total; the limit is {_money(limits.max_sum_cost)}.",
            )
        ]
    if limits.min_sum_cost is not None and total < limits.min_sum_cost:
        return [
            Violation(
                ViolationCode.COST_TOO_LOW,
                {"minimum": limits.min_sum_cost, "total": total},
                f"The chosen projects cost {_money(total)} in total; choose at least {_money(limits.min_sum_cost)}.",
            )
        ]
    return []


def _category_violations(limits: BallotLimits, projects: Sequence[Project]) -> list[Violation]:
    violations: list[Violation] = []
    for category, maximum in limits.max_sum_cost_per_category.items():
        total = sum((p.cost for p in projects if category in p.categories), start=Fraction(0))
        if total > maximum:
            violations.append(
                Violation(
                    ViolationCode.CATEGORY_COST_TOO_HIGH,
                    {"category": category, "maximum": maximum, "total": total},
                    f"Projects in {category!r} cost {_money(total)} in total; the limit is {_money(maximum)}.",
                )
            )
    for category, minimum in limits.min_length_per_category.items():
        count = sum(1 for p in projects if category in p.categories)
        if count < minimum:
            violations.append(
                Violation(
                    ViolationCode.CATEGORY_TOO_FEW,
                    {"category": category, "minimum": minimum, "count": count},
                    f"Choose at least {minimum} project{_s(minimum)} in {category!r} (this ballot has {count}).",
                )
            )
    for category, maximum_count in limits.max_length_per_category.items():
        count = sum(1 for p in projects if category in p.categories)
        if count > maximum_count:
            violations.append(
                Violation(
                    ViolationCode.CATEGORY_TOO_MANY,
                    {"category": category, "maximum": maximum_count, "count": count},
                    f"Choose at most {maximum_count} project{_s(maximum_count)} in {category!r} "
                    f"(this ballot has {count}).",
                )
            )
    return violations


def _points_violations(
    rules: BallotRules, project_ids: Sequence[str], points: Sequence[Number] | None
) -> list[Violation]:
    if not rules.vote_type.has_points:
        if points is not None and rules.vote_type is not VoteType.ORDINAL:
            return [
                Violation(
                    ViolationCode.POINTS_NOT_ALLOWED,
                    {"vote_type": rules.vote_type.value},
                    f"A {rules.vote_type.value} ballot does not give points.",
                )
            ]
        return []
    if points is None:
        return [
            Violation(
                ViolationCode.POINTS_MISSING,
                {"vote_type": rules.vote_type.value},
                "Give points to each chosen project.",
            )
        ]
    if len(points) != len(project_ids):
        return [
            Violation(
                ViolationCode.POINTS_COUNT_MISMATCH,
                {"projects": len(project_ids), "points": len(points)},
                f"The ballot lists {len(project_ids)} project{_s(len(project_ids))} "
                f"but {len(points)} point value{_s(len(points))}.",
            )
        ]
    return _per_project_points(rules, project_ids, points) + _points_sum(rules.limits, points)


def _per_project_points(
    rules: BallotRules, project_ids: Sequence[str], points: Sequence[Number]
) -> list[Violation]:
    limits = rules.limits
    low = limits.min_points
    if low is None and rules.vote_type is VoteType.CUMULATIVE:
        low = 0  # points are shares of a pot: never negative
    violations: list[Violation] = []
    for pid, value in zip(project_ids, points, strict=True):
        if low is not None and value < low:
            violations.append(
                Violation(
                    ViolationCode.POINTS_TOO_LOW,
                    {"project": pid, "minimum": low, "points": value},
                    f"Project {pid!r} has {_num(value)} points; the minimum is {_num(low)}.",
                )
            )
        if limits.max_points is not None and value > limits.max_points:
            violations.append(
                Violation(
                    ViolationCode.POINTS_TOO_HIGH,
                    {"project": pid, "maximum": limits.max_points, "points": value},
                    f"Project {pid!r} has {_num(value)} points; the maximum is {_num(limits.max_points)}.",
                )
            )
    return violations


def _points_sum(limits: BallotLimits, points: Sequence[Number]) -> list[Violation]:
    total: Number = sum(points, start=0)
    if limits.max_sum_points is not None and total > limits.max_sum_points:
        return [
            Violation(
                ViolationCode.POINTS_SUM_TOO_HIGH,
                {"maximum": limits.max_sum_points, "total": total},
                f"The ballot gives {_num(total)} points in total; the limit is {_num(limits.max_sum_points)}.",
            )
        ]
    if limits.min_sum_points is not None and total < limits.min_sum_points:
        return [
            Violation(
                ViolationCode.POINTS_SUM_TOO_LOW,
                {"minimum": limits.min_sum_points, "total": total},
                f"The ballot gives {_num(total)} points in total; give at least {_num(limits.min_sum_points)}.",
            )
        ]
    return []


def _s(count: Number) -> str:
    return "" if count == 1 else "s"


def _num(value: Number) -> str:
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):g}"


def _money(value: Fraction) -> str:
    if value.denominator == 1:
        return f"{value.numerator:,}"
    return f"{float(value):,.2f}"
