"""Indicators of DOMAIN.md D as pure, versioned functions over plain inputs (no Django, no database).

Each function returns an `Indicator` carrying its numerator, denominator and `METHOD_VERSION`, so a
published figure can be recomputed from the published inputs. Change a computation: bump its version.
Small-cell suppression (`suppress_breakdown`) is applied before anything is published.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from statistics import mean
from typing import Any

METHOD_VERSION = {
    "rate": 1,
    "representation_gap": 1,
    "satisfaction_grade": 1,
    "empowerment_change": 1,
    "gini": 1,
    "suppression": 1,
}


@dataclass(frozen=True)
class Indicator:
    code: str
    numerator: int
    denominator: int
    method_version: int
    suppressed: bool = False

    @property
    def value(self) -> Fraction | None:
        if self.suppressed or self.denominator == 0:
            return None
        return Fraction(self.numerator, self.denominator)

    @property
    def percent(self) -> float | None:
        v = self.value
        return None if v is None else round(float(v) * 100, 1)

    def public(self) -> dict[str, Any]:
        """What may be published: no numerator or denominator below the minimum cell."""
        if self.suppressed:
            return {"code": self.code, "suppressed": True, "method_version": self.method_version}
        return {
            "code": self.code,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "percent": self.percent,
            "method_version": self.method_version,
        }


def rate(code: str, numerator: int, denominator: int, *, min_cell: int) -> Indicator:
    """A share (turnout, response, resolution, satisfaction, implementation, on-time, feedback…).
    Suppressed when the denominator, the numerator or its complement is below `min_cell`: a
    complement of 1 in a small group says what that one person did."""
    if numerator < 0 or denominator < 0 or numerator > denominator:
        raise ValueError(f"{code}: bad counts {numerator}/{denominator}")
    small = denominator < min_cell or 0 < numerator < min_cell or 0 < denominator - numerator < min_cell
    return Indicator(code, numerator, denominator, METHOD_VERSION["rate"], suppressed=small)


def money_ratio(code: str, numerator: int, denominator: int) -> Indicator:
    """Budget execution, cost variance: amounts of public money, never suppressed."""
    return Indicator(code, numerator, denominator, METHOD_VERSION["rate"])


@dataclass
class Breakdown:
    """Counts per group with the suppressed cells marked; the total is published only if safe."""

    counts: dict[str, int]
    suppressed: set[str] = field(default_factory=set)
    total_suppressed: bool = False
    method_version: int = METHOD_VERSION["suppression"]

    def public(self) -> dict[str, int | None]:
        cells: dict[str, int | None] = {
            k: (None if k in self.suppressed else v) for k, v in self.counts.items()
        }
        cells["total"] = None if self.total_suppressed else sum(self.counts.values())
        return cells


def suppress_breakdown(counts: Mapping[str, int], *, min_cell: int) -> Breakdown:
    """Primary suppression of every cell 1..min_cell−1, then complementary suppression so that the
    published total minus the published cells never reveals a suppressed cell: if any cell is hidden,
    at least two are, and the hidden cells together hold at least `min_cell` people. If that cannot
    be reached, the total is hidden too. Empty cells (0) are safe to show."""
    counts = dict(counts)
    hidden = {k for k, v in counts.items() if 0 < v < min_cell}
    if hidden:
        visible = sorted((v, k) for k, v in counts.items() if k not in hidden and v > 0)
        while visible and (len(hidden) < 2 or sum(counts[k] for k in hidden) < min_cell):
            hidden.add(visible.pop(0)[1])
    total = sum(counts.values())
    unsafe_total = 0 < total < min_cell or (
        hidden and (len(hidden) < 2 or sum(counts[k] for k in hidden) < min_cell)
    )
    return Breakdown(counts, hidden, bool(unsafe_total))


def representation_gap(
    participants: Mapping[str, int], population: Mapping[str, int], *, min_cell: int
) -> dict[str, float | None]:
    """D1.4: each group's share among participants minus its share in the population, in percentage
    points; None where the participant cell is suppressed."""
    shown = suppress_breakdown(participants, min_cell=min_cell)
    p_total, pop_total = sum(participants.values()), sum(population.values())
    gaps: dict[str, float | None] = {}
    for group in population:
        if group in shown.suppressed or shown.total_suppressed or not p_total or not pop_total:
            gaps[group] = None
            continue
        share = Fraction(participants.get(group, 0), p_total) - Fraction(population[group], pop_total)
        gaps[group] = round(float(share) * 100, 1)
    return gaps


def satisfaction_grade(counts: Mapping[int, int]) -> str:
    """C6: 满意 if 满意 > 50%; 基本满意 if 满意 + 基本满意 > 50%; else 不满意. Keys 3/2/1."""
    total = sum(counts.values())
    if total == 0:
        return "no_data"
    satisfied, basic = counts.get(3, 0), counts.get(2, 0)
    if 2 * satisfied > total:
        return "satisfied"
    if 2 * (satisfied + basic) > total:
        return "basically_satisfied"
    return "dissatisfied"


def domain_scores(answers: Mapping[str, int], items: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """One respondent's mean per empowerment dimension; reverse items scored (max + 1 − answer)."""
    by_dim: dict[str, list[int]] = {}
    for item in items:
        dim = item.get("dimension")
        if not dim or dim == "behavioural" or item["key"] not in answers:
            continue
        value = answers[item["key"]]
        by_dim.setdefault(dim, []).append(item["max"] + 1 - value if item.get("reverse") else value)
    return {d: mean(v) for d, v in by_dim.items()}


def empowerment_change(
    pre: Iterable[Mapping[str, int]],
    post: Iterable[Mapping[str, int]],
    items: Sequence[Mapping[str, Any]],
    *,
    min_cell: int,
) -> dict[str, dict[str, float | None]]:
    """D5: mean per dimension before and after and the change, from unpaired anonymous waves.
    A wave with fewer than `min_cell` respondents is not reported."""
    waves = {"pre": [domain_scores(a, items) for a in pre], "post": [domain_scores(a, items) for a in post]}
    dims = sorted({item["dimension"] for item in items if item.get("dimension") not in (None, "behavioural")})
    result: dict[str, dict[str, float | None]] = {}
    for dim in dims:
        row: dict[str, float | None] = {}
        for wave, scores in waves.items():
            values = [s[dim] for s in scores if dim in s]
            row[wave] = round(mean(values), 2) if len(values) >= min_cell else None
        pre_v, post_v = row["pre"], row["post"]
        row["change"] = round(post_v - pre_v, 2) if pre_v is not None and post_v is not None else None
        result[dim] = row
    return result


def gini(values: Sequence[float]) -> float | None:
    """D2.4: Gini coefficient of speaking time (0 = everyone equal, → 1 = one person talks)."""
    xs = sorted(values)
    n, total = len(xs), sum(xs)
    if n == 0 or total == 0:
        return None
    weighted = sum((i + 1) * x for i, x in enumerate(xs))
    return round((2 * weighted) / (n * total) - (n + 1) / n, 4)


def age_band(age: int | None) -> str:
    if age is None:
        return "unknown"
    if age < 35:
        return "under_35"
    if age < 60:
        return "35_59"
    return "60_plus"
