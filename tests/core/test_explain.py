"""Explanations (JSON and text) and the recount verification, on small hand-checked elections."""

from __future__ import annotations

import io
import json
from fractions import Fraction

from pbcore.explain import outcome_json, outcome_text, project_reason, voter_summary
from pbcore.outcome import Outcome, ProjectRecord, Status
from pbcore.pabulib import parse_pabulib_string
from pbcore.progress import ProgressBar
from pbcore.verify import official_selection, verify_election

ELECTION = """META
key;value
budget;100
vote_type;approval
rule;greedy
currency;EUR
PROJECTS
project_id;cost;name;selected
a;60;Park;1
b;50;Bench;0
c;30;Lamp;1
d;20;Bin;2
VOTES
voter_id;vote
v1;a,b
v2;a,b
v3;a,c
v4;a
"""


def _greedy() -> tuple[Outcome, object]:
    from pbcore.rules import RULES

    election = parse_pabulib_string(ELECTION)
    return RULES["greedy"](election), election


def test_greedy_reasons_name_rank_and_budget_left() -> None:
    outcome, _ = _greedy()
    assert outcome.selected == ("a", "c")
    assert project_reason(outcome.projects["a"], "EUR") == (
        "Selected: ranked #1 with a score of 4; 100 EUR was left when it was reached, enough for its cost."
    )
    assert project_reason(outcome.projects["b"], "EUR") == (
        "Not selected: ranked #2 with a score of 2, but only 40 EUR was left when it was reached "
        "(10 EUR short of its cost)."
    )


def test_equal_shares_reasons_name_the_round_and_the_price() -> None:
    record = ProjectRecord(
        "x", Fraction(90), Status.SELECTED, Fraction(3), round=2, price_per_supporter=Fraction(30)
    )
    assert (
        project_reason(record)
        == "Selected in round 2: its supporters shared the cost of 90, none paying more than 30."
    )
    lost = ProjectRecord(
        "y",
        Fraction(90),
        Status.UNAFFORDABLE,
        Fraction(3),
        unaffordable_round=1,
        supporters_money=Fraction(80),
        cheaper_by=Fraction(25, 2),
    )
    assert project_reason(lost) == (
        "Not selected: from round 1 its supporters could no longer afford it; together they had 80 left "
        "for its cost of 90. It would have won had it cost 12.50 less (77.50)."
    )


def test_json_is_serialisable_and_exact() -> None:
    outcome, election = _greedy()
    data = outcome_json(outcome, election, voters=True)  # type: ignore[arg-type]
    text = json.dumps(data)
    assert json.loads(text)["total_cost"] == "90"
    by_id = {p["project_id"]: p for p in data["projects"]}
    assert by_id["b"]["status"] == "does-not-fit"
    assert by_id["b"]["budget_left"] == "40"
    assert [v["won"] for v in data["voters"]] == [["a"], ["a"], ["a", "c"], ["a"]]
    assert data["voters"][0]["lost"] == ["b"]


def test_text_lists_every_project_and_the_voters_asked_for() -> None:
    outcome, election = _greedy()
    text = outcome_text(outcome, election, voter_ids=["v1"])  # type: ignore[arg-type]
    assert "Budget: 100 EUR; spent 90 EUR on 2 projects." in text
    assert "✔ a Park — 60 EUR" in text
    assert "✘ b Bench — 50 EUR" in text
    assert "Voter v1:\n  won: a\n  not selected: b" in text


def test_voter_summary_reports_mes_payments() -> None:
    from pbcore.rules import RULES

    election = parse_pabulib_string(ELECTION)
    outcome = RULES["equal-shares"](election, completion="none")
    summary = voter_summary(outcome, election, "v3")
    assert summary.paid is not None and summary.budget_left is not None
    assert summary.paid + summary.budget_left == Fraction(25)  # endowment ⌊100/4⌋
    assert set(summary.won) | set(summary.lost) == {"a", "c"}


def test_official_selection_separates_funding_outside_the_rule() -> None:
    election = parse_pabulib_string(ELECTION)
    assert official_selection(election) == (("a", "c"), ("d",))


def test_verify_agrees_and_ignores_projects_funded_outside_the_rule() -> None:
    verification = verify_election(parse_pabulib_string(ELECTION))
    assert verification.agrees
    assert verification.outside_rule == ("d",)
    assert "AGREES" in verification.report()


def test_verify_explains_each_difference() -> None:
    forged = ELECTION.replace("b;50;Bench;0", "b;50;Bench;1").replace("c;30;Lamp;1", "c;30;Lamp;0")
    verification = verify_election(parse_pabulib_string(forged))
    assert (verification.missing, verification.unexpected) == (("b",), ("c",))
    report = verification.report()
    assert "- b: official winner; recount: Not selected: ranked #2" in report
    assert "+ c: not an official winner; recount: Selected" in report


def test_progress_bar_draws_only_when_enabled() -> None:
    stream = io.StringIO()
    with ProgressBar("reading", 200, stream=stream, enabled=True) as bar:
        bar.update(50)
        assert bar.render() == "reading [#######---------------------] 50/200  25%"
    assert "reading [" in stream.getvalue()
    assert stream.getvalue().endswith("\r\033[K")  # erased on close
    silent = io.StringIO()
    with ProgressBar("reading", 10, stream=silent) as bar:  # StringIO is not a terminal
        bar.update(5)
    assert silent.getvalue() == ""


def test_progress_bar_stages_show_their_label_without_a_stale_total() -> None:
    bar = ProgressBar("reading", 100, stream=io.StringIO(), enabled=False)
    bar.update(40)
    bar.stage("counting")
    assert bar.render() == "counting…"
