"""The indicator functions on small fixtures, with expected values worked out by hand."""

from fractions import Fraction

import pytest

from roundtable.indicators.functions import (
    domain_scores,
    empowerment_change,
    gini,
    rate,
    representation_gap,
    satisfaction_grade,
    suppress_breakdown,
)

ITEMS = [
    {"key": "a", "kind": "scale", "max": 5, "dimension": "psychological"},
    {"key": "b", "kind": "scale", "max": 5, "dimension": "psychological", "reverse": True},
    {"key": "c", "kind": "scale", "max": 5, "dimension": "institutional"},
    {"key": "n", "kind": "count", "max": 100, "dimension": "behavioural"},
]


def test_a_rate_keeps_numerator_denominator_and_version() -> None:
    r = rate("turnout", 30, 120, min_cell=5)
    assert r.value == Fraction(1, 4) and r.percent == 25.0
    assert r.public() == {
        "code": "turnout",
        "numerator": 30,
        "denominator": 120,
        "percent": 25.0,
        "method_version": 1,
    }


def test_a_rate_from_a_small_group_is_suppressed() -> None:
    assert rate("x", 2, 4, min_cell=5).public()["suppressed"] is True
    # 3 of 40: the numerator itself is a small cell
    assert rate("x", 3, 40, min_cell=5).suppressed
    # 38 of 40: the complement (2 people) would be revealed
    assert rate("x", 38, 40, min_cell=5).suppressed
    assert not rate("x", 0, 40, min_cell=5).suppressed


def test_small_cells_are_suppressed_with_a_complement() -> None:
    # 60+: 3 (< 5) is hidden; alone it could be recovered as 25 − 10 − 12, so the next smallest
    # cell (35–59: 10) is hidden too. The hidden pair holds 13 ≥ 5 people; the total stays.
    b = suppress_breakdown({"60_plus": 3, "35_59": 10, "under_35": 12}, min_cell=5)
    assert b.public() == {"60_plus": None, "35_59": None, "under_35": 12, "total": 25}


def test_the_differencing_attack_recovers_no_hidden_cell() -> None:
    counts = {"60_plus": 3, "35_59": 10, "under_35": 12, "unknown": 0}
    published = suppress_breakdown(counts, min_cell=5).public()
    total = published.pop("total")
    assert total is not None
    hidden = [k for k, v in published.items() if v is None]
    # The attacker subtracts every published cell from the published total...
    residue = total - sum(v for v in published.values() if v is not None)
    # ...and learns only the sum of at least two hidden cells, itself not a small cell.
    assert len(hidden) >= 2 and residue == 13 and residue >= 5
    assert residue != counts["60_plus"]


def test_when_no_complement_is_big_enough_the_total_is_hidden() -> None:
    # 2 + 1 = 3 < 5 even with both small cells hidden, and there is nothing else to hide.
    b = suppress_breakdown({"women": 2, "men": 1}, min_cell=5)
    assert b.public() == {"women": None, "men": None, "total": None}


def test_two_small_cells_hidden_together_can_be_enough() -> None:
    b = suppress_breakdown({"a": 4, "b": 3, "c": 30}, min_cell=5)
    assert b.public() == {"a": None, "b": None, "c": 30, "total": 37}


def test_representation_gap_in_percentage_points() -> None:
    # participants 60+: 10 of 20 = 50%; population 60+: 300 of 1000 = 30% → +20 pp
    gaps = representation_gap({"60_plus": 10, "under_60": 10}, {"60_plus": 300, "under_60": 700}, min_cell=5)
    assert gaps == {"60_plus": 20.0, "under_60": -20.0}


def test_representation_gap_is_not_shown_for_a_suppressed_group() -> None:
    gaps = representation_gap(
        {"tenant": 2, "owner": 30, "hukou": 9}, {"tenant": 100, "owner": 600, "hukou": 300}, min_cell=5
    )
    assert gaps["tenant"] is None and gaps["hukou"] is None
    # owner: 30/41 − 600/1000 = 0.7317 − 0.6 = 13.2 pp
    assert gaps["owner"] == 13.2


@pytest.mark.parametrize(
    ("counts", "grade"),
    [
        ({3: 6, 2: 3, 1: 1}, "satisfied"),  # 6/10 > 50%
        ({3: 5, 2: 3, 1: 2}, "basically_satisfied"),  # 5/10 not > 50%; 8/10 > 50%
        ({3: 2, 2: 3, 1: 5}, "dissatisfied"),  # 5/10 not > 50%
        ({}, "no_data"),
    ],
)
def test_the_satisfaction_grade_rule(counts: dict[int, int], grade: str) -> None:
    assert satisfaction_grade(counts) == grade


def test_reverse_items_are_scored_from_the_top() -> None:
    # a = 4, b reversed: 6 − 2 = 4 → psychological mean 4; c = 3
    assert domain_scores({"a": 4, "b": 2, "c": 3, "n": 7}, ITEMS) == {"psychological": 4, "institutional": 3}


def test_empowerment_change_before_and_after() -> None:
    pre = [{"a": 2, "b": 4, "c": 2}] * 5  # psychological (2 + 2)/2 = 2; institutional 2
    post = [{"a": 4, "b": 2, "c": 3}] * 5  # psychological 4; institutional 3
    change = empowerment_change(pre, post, ITEMS, min_cell=5)
    assert change == {
        "institutional": {"pre": 2, "post": 3, "change": 1},
        "psychological": {"pre": 2, "post": 4, "change": 2},
    }
    small = empowerment_change(pre[:4], post, ITEMS, min_cell=5)
    assert small["psychological"] == {"pre": None, "post": 4, "change": None}


def test_gini_of_speaking_time() -> None:
    assert gini([60, 60, 60, 60]) == 0
    # one of four speaks: (2·4·100)/(4·100) − 5/4 = 2 − 1.25 = 0.75
    assert gini([0, 0, 0, 100]) == 0.75
    assert gini([]) is None
