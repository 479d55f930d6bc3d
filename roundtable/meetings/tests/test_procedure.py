"""The rules of procedure as plain functions, checked against hand-worked cases."""

from fractions import Fraction

import pytest

from roundtable.meetings import procedure as p


@pytest.mark.parametrize(
    ("members", "fraction", "strict", "required"),
    [
        (15, Fraction(2, 3), False, 10),  # exactly two thirds is enough
        (14, Fraction(2, 3), False, 10),  # 9.33 -> 10
        (10, Fraction(1, 2), True, 6),  # more than half: 5 is not enough
        (11, Fraction(1, 2), True, 6),
        (9, Fraction(3, 4), False, 7),
    ],
)
def test_quorum_required(members: int, fraction: Fraction, strict: bool, required: int) -> None:
    assert p.quorum_required(members, fraction, strict=strict) == required
    assert p.quorum(required, members, fraction, strict=strict).met
    assert not p.quorum(required - 1, members, fraction, strict=strict).met


def H(i: int, person: str, stance: str) -> p.Hand:
    return p.Hand(id=i, person=person, stance=stance, seq=i)


def test_first_time_speakers_go_ahead_and_the_limit_blocks() -> None:
    hands = [H(1, "a", "for"), H(2, "b", "for"), H(3, "c", "against")]
    q = p.queue_order(hands, turns_taken={"a": 1}, turn_limit=2, alternate=False)
    assert [h.person for h in q.ordered] == ["b", "c", "a"]
    q = p.queue_order(hands, turns_taken={"a": 2}, turn_limit=2, alternate=False)
    assert [h.person for h in q.ordered] == ["b", "c"] and [h.person for h in q.blocked] == ["a"]


def test_alternating_sides() -> None:
    hands = [H(1, "a", "for"), H(2, "b", "for"), H(3, "c", "against"), H(4, "d", "question")]
    q = p.queue_order(hands, turns_taken={}, turn_limit=2, alternate=True, last_side="for")
    assert [h.person for h in q.ordered] == ["c", "a", "d", "b"]


def test_timer() -> None:
    assert p.seconds_left(30.2, 120) == 89
    assert p.seconds_left(121.0, 120) == -1


def outcome(
    rule: str, yes: int, no: int, abstain: int, present: int = 10, members: int = 15, **kw: str
) -> str:
    return p.vote_outcome(
        yes=yes,
        no=no,
        abstain=abstain,
        present=present,
        members=members,
        pass_rule=rule,
        abstention_handling=kw.get("abst", "counted_as_present"),
        tie_rule=kw.get("tie", "fails"),
        chair_cast=kw.get("cast"),
    ).result


def test_the_same_counts_under_each_pass_rule() -> None:
    # 6 yes, 2 no, 2 abstain, 10 of 15 present
    assert outcome("simple", 6, 2, 2) == "passed"
    assert outcome("majority_of_present", 6, 2, 2) == "passed"
    assert outcome("majority_of_members", 6, 2, 2) == "failed"  # 6 is not more than 7.5
    assert outcome("two_thirds", 6, 2, 2) == "failed"  # 6 < 2/3 of 10
    assert outcome("two_thirds", 6, 2, 2, abst="excluded") == "passed"  # 6 >= 2/3 of 8


def test_tie_rules() -> None:
    assert outcome("simple", 4, 4, 2) == "failed"
    assert outcome("simple", 4, 4, 2, tie="revote") == "revote"
    assert outcome("simple", 4, 4, 2, tie="chair_casts") == "needs_chair"
    assert outcome("simple", 4, 4, 2, tie="chair_casts", cast="yes") == "passed"
    assert outcome("simple", 4, 4, 2, tie="chair_casts", cast="no") == "failed"
    # not a decisive tie: one more yes would still not reach a majority of the 15 members
    assert outcome("majority_of_members", 4, 4, 2, tie="revote") == "failed"


def test_counts_refusal() -> None:
    assert p.counts_refusal(5, 5, 1, 10) == "more_than_present"
    assert p.counts_refusal(5, 4, 1, 10) is None


def test_body_rules_pick_the_quorum_for_the_body() -> None:
    params = {
        "quorum_council": "2/3",
        "quorum_residents_meeting": "1/2",
        "pass_rule_council": "two_thirds",
        "abstention_handling": "excluded",
        "tie_rule": "revote",
        "motion_seconds_required": 1,
        "speech_time_limit_s": 120,
        "speeches_per_person_per_motion": 2,
        "alternate_sides": True,
    }
    mass = p.body_rules("residents_meeting", params.__getitem__)
    council = p.body_rules("consultative_council", params.__getitem__)
    assert (mass.quorum_fraction, mass.quorum_strict) == (Fraction(1, 2), True)
    assert (council.quorum_fraction, council.quorum_strict) == (Fraction(2, 3), False)
    assert council.pass_rule == "two_thirds" and council.turn_limit == 2
