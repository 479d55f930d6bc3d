"""The worked examples of docs/rules, and how ties are reported."""

from __future__ import annotations

from fractions import Fraction

from pbcore.election import Ballot, Election, Profile, Project, VoteType
from pbcore.outcome import Status
from pbcore.rules import RULES, Criterion, TieBreaking


def example() -> Election:
    """Budget 100; voters 1–3 approve A (60); voters 4–5 approve B (50) and C (30)."""
    projects = (Project("A", Fraction(60)), Project("B", Fraction(50)), Project("C", Fraction(30)))
    ballots = (Ballot((0,)),) * 3 + (Ballot((1, 2)),) * 2
    profile = Profile(VoteType.APPROVAL, tuple(f"v{i}" for i in range(5)), ballots, num_projects=3)
    return Election({}, Fraction(100), VoteType.APPROVAL, projects, profile)


def test_it_counts_the_documented_examples() -> None:
    election = example()
    assert RULES["greedy"](election).selected == ("A", "C")
    assert RULES["greedy-threshold"](election, threshold=Fraction(3)).selected == ("A",)
    assert RULES["phragmen"](election).selected == ("C", "A")
    assert set(RULES["max-welfare"](election).selected) == {"A", "C"}
    mes = RULES["equal-shares"](election, completion="none", endowment="exact")
    assert mes.selected == ("A", "C")
    assert mes.projects["A"].rho == Fraction(1, 3)
    assert mes.projects["C"].price_per_supporter == 15
    assert mes.projects["B"].status is Status.UNAFFORDABLE
    assert mes.projects["B"].supporters_money == 40  # voters 4–5 never paid: 2 × 20
    assert mes.projects["B"].unaffordable_round == 1
    assert mes.projects["B"].cheaper_by == 50  # at ρ 1/3 it could not win at any positive cost
    add1 = RULES["equal-shares"](election)
    assert add1.selected == ("A", "C")
    assert add1.figures["endowment"] == 39


def test_it_reports_which_criterion_broke_a_tie() -> None:
    add1 = RULES["equal-shares"](example())
    assert add1.ties and all(tie.resolved_by == "lower-cost" for tie in add1.ties)
    assert add1.decided


def test_a_tie_the_chain_cannot_break_is_reported_unresolved() -> None:
    projects = (Project("X", Fraction(10)), Project("Y", Fraction(10)))
    ballots = (Ballot((0,)), Ballot((1,)))
    profile = Profile(VoteType.APPROVAL, ("a", "b"), ballots, num_projects=2)
    election = Election({}, Fraction(10), VoteType.APPROVAL, projects, profile)
    no_lottery = TieBreaking(criteria=(Criterion.LOWER_COST, Criterion.MORE_VOTES))
    for key in ("greedy", "equal-shares"):
        outcome = RULES[key](election, tie_breaking=no_lottery)
        assert not outcome.decided
        assert outcome.unresolved_ties[0].candidates == ("X", "Y")
    drawn = TieBreaking(lottery_order=("Y", "X"))
    mes = RULES["equal-shares"](election, tie_breaking=drawn)
    assert mes.decided
    assert [(tie.chosen, tie.resolved_by) for tie in mes.ties] == [("Y", "lottery")]
    assert RULES["greedy"](election, tie_breaking=drawn).selected == ("Y",)
