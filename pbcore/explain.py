"""Render a rule's :class:`~pbcore.outcome.Outcome` as JSON-ready data and as readable English.

Nothing is computed here beyond sums and look-ups: the rules record *why* (status, round, price,
rank, budget left …) and this module words it.  Money stays exact in JSON: every amount is a string
holding an integer, a finite decimal or ``p/q`` (see :func:`pbcore.pabulib.format_number`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from pbcore.election import Election
from pbcore.outcome import GroupRecord, Outcome, ProjectRecord, Status, Tie
from pbcore.pabulib import format_number

__all__ = [
    "VoterSummary",
    "outcome_json",
    "outcome_table",
    "outcome_text",
    "project_reason",
    "voter_summary",
]

JsonValue = Any  # str | int | float | bool | None | list | dict: what json.dumps accepts


@dataclass(frozen=True, slots=True)
class VoterSummary:
    """What one voter paid and which of their projects won."""

    voter_id: str
    group: int
    paid: Fraction | None  # None for rules without payments (greedy, welfare maximum)
    budget_left: Fraction | None
    won: tuple[str, ...]
    lost: tuple[str, ...]


# -- exact values -----------------------------------------------------------------------------------


def exact(value: Fraction | int | None) -> str | None:
    """An exact number as text (``None`` stays ``None``)."""
    return None if value is None else format_number(Fraction(value))


def _json_param(value: object) -> JsonValue:
    if isinstance(value, Fraction):
        return exact(value)
    if isinstance(value, tuple | list):
        return [_json_param(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _json_param(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _money(value: Fraction | int | None, currency: str = "") -> str:
    """Money for people: whole units with thousands separators, else two decimals (``≈`` when rounded)."""
    if value is None:
        return "?"
    amount = Fraction(value)
    suffix = f" {currency}" if currency else ""
    if amount.denominator == 1:
        return f"{amount.numerator:,}{suffix}"
    rounded = round(amount, 2)
    approx = "" if rounded == amount else "≈"
    return f"{approx}{float(rounded):,.2f}{suffix}"


def _count(value: Fraction | int) -> str:
    amount = Fraction(value)
    return f"{amount.numerator:,}" if amount.denominator == 1 else f"{float(amount):,.2f}"


# -- JSON -------------------------------------------------------------------------------------------


def outcome_json(
    outcome: Outcome,
    election: Election | None = None,
    *,
    payments: bool = True,
    voters: bool = False,
) -> dict[str, JsonValue]:
    """The outcome as plain data for :func:`json.dumps`.

    ``payments`` lists each project's payments per ballot group; ``voters`` (needs ``election``)
    adds one entry per voter: their id, what they paid and which of their projects won.
    """
    data: dict[str, JsonValue] = {
        "rule": outcome.rule,
        "params": _json_param(dict(outcome.params)),
        "budget": exact(outcome.budget),
        "selected": list(outcome.selected),
        "total_cost": exact(outcome.total_cost),
        "decided": outcome.decided,
        "figures": _json_param(dict(outcome.figures)),
        "projects": [_project_json(record, payments) for record in outcome.projects.values()],
        "ties": [_tie_json(tie) for tie in outcome.ties],
        "groups": [_group_json(group) for group in outcome.groups],
    }
    if voters:
        if election is None:
            raise ValueError("per-voter output needs the election")
        data["voters"] = [_voter_json(s) for s in voter_summaries(outcome, election)]
    return data


def _project_json(record: ProjectRecord, payments: bool) -> dict[str, JsonValue]:
    data: dict[str, JsonValue] = {
        "project_id": record.project_id,
        "cost": exact(record.cost),
        "status": record.status.value,
        "selected": record.status is Status.SELECTED,
        "score": exact(record.score),
        "reason": project_reason(record),
    }
    optional = {
        "rank": record.rank,
        "budget_left": exact(record.budget_left),
        "round": record.round,
        "rho": exact(record.rho),
        "price_per_supporter": exact(record.price_per_supporter),
        "unaffordable_round": record.unaffordable_round,
        "supporters_money": exact(record.supporters_money),
        "cheaper_by": exact(record.cheaper_by),
    }
    data.update({key: value for key, value in optional.items() if value is not None})
    if payments and record.payments:
        data["payments"] = [{"group": p.group, "per_voter": exact(p.per_voter)} for p in record.payments]
    return data


def _tie_json(tie: Tie) -> dict[str, JsonValue]:
    return {
        "round": tie.round,
        "step": tie.step,
        "candidates": list(tie.candidates),
        "chosen": tie.chosen,
        "resolved_by": tie.resolved_by,
    }


def _group_json(group: GroupRecord) -> dict[str, JsonValue]:
    return {
        "group": group.group,
        "weight": group.weight,
        "paid_per_voter": exact(group.paid_per_voter),
        "budget_left_per_voter": exact(group.budget_left_per_voter),
        "won": list(group.won),
    }


def _voter_json(summary: VoterSummary) -> dict[str, JsonValue]:
    return {
        "voter_id": summary.voter_id,
        "group": summary.group,
        "paid": exact(summary.paid),
        "budget_left": exact(summary.budget_left),
        "won": list(summary.won),
        "lost": list(summary.lost),
    }


# -- per voter --------------------------------------------------------------------------------------


def voter_summaries(outcome: Outcome, election: Election) -> list[VoterSummary]:
    """One :class:`VoterSummary` per voter, in file order (computed once per ballot group)."""
    per_group = _group_summaries(outcome, election)
    profile = election.profile
    return [
        VoterSummary(voter_id, *per_group[group])
        for voter_id, group in zip(profile.voter_ids, profile.group_of_voter, strict=True)
    ]


def voter_summary(outcome: Outcome, election: Election, voter_id: str) -> VoterSummary:
    """What ``voter_id`` paid and which of their projects won (``KeyError`` if unknown)."""
    try:
        voter = election.profile.voter_ids.index(voter_id)
    except ValueError:
        raise KeyError(voter_id) from None
    group = election.profile.group_of_voter[voter]
    return VoterSummary(voter_id, *_group_summary(outcome, election, group))


_GroupSummary = tuple[int, Fraction | None, Fraction | None, tuple[str, ...], tuple[str, ...]]


def _group_summaries(outcome: Outcome, election: Election) -> list[_GroupSummary]:
    return [_group_summary(outcome, election, g) for g in range(len(election.profile.groups))]


def _group_summary(outcome: Outcome, election: Election, group: int) -> _GroupSummary:
    chosen = outcome.selected_set
    ballot = [election.projects[i].id for i in election.profile.groups[group].projects]
    won = tuple(pid for pid in ballot if pid in chosen)
    lost = tuple(pid for pid in ballot if pid not in chosen)
    record = _group_record(outcome, group)
    if record is None:
        return group, None, None, won, lost
    return group, record.paid_per_voter, record.budget_left_per_voter, won, lost


def _group_record(outcome: Outcome, group: int) -> GroupRecord | None:
    if group < len(outcome.groups) and outcome.groups[group].group == group:
        return outcome.groups[group]
    return next((record for record in outcome.groups if record.group == group), None)


# -- words ------------------------------------------------------------------------------------------


def project_reason(record: ProjectRecord, currency: str = "") -> str:
    """One sentence: why this project was or was not selected."""
    money = _money
    status = record.status
    if status is Status.SELECTED:
        if record.round is not None:
            price = money(record.price_per_supporter, currency)
            return (
                f"Selected in round {record.round}: its supporters shared the cost of "
                f"{money(record.cost, currency)}, none paying more than {price}."
            )
        if record.rank is not None:
            return (
                f"Selected: ranked #{record.rank} with a score of {_count(record.score)}; "
                f"{money(record.budget_left, currency)} was left when it was reached, enough for its cost."
            )
        return "Selected."
    if status is Status.DOES_NOT_FIT:
        short = None if record.budget_left is None else record.cost - record.budget_left
        return (
            f"Not selected: ranked #{record.rank} with a score of {_count(record.score)}, but only "
            f"{money(record.budget_left, currency)} was left when it was reached "
            f"({money(short, currency)} short of its cost)."
        )
    if status is Status.STOPPED:
        return (
            f"Not selected: ranked #{record.rank}; the count stopped at an earlier project that did not fit "
            "(the rule does not skip)."
        )
    if status is Status.BELOW_THRESHOLD:
        return f"Not selected: its score of {_count(record.score)} is below the required threshold."
    if status is Status.UNAFFORDABLE:
        parts = ["Not selected"]
        if record.unaffordable_round is not None:
            parts.append(f"from round {record.unaffordable_round} its supporters could no longer afford it")
        if record.supporters_money is not None:
            parts.append(
                f"together they had {money(record.supporters_money, currency)} left "
                f"for its cost of {money(record.cost, currency)}"
            )
        sentence = ": ".join(parts[:2]) + ("; " + parts[2] if len(parts) > 2 else "") + "."
        if record.cheaper_by is not None and record.cheaper_by >= record.cost:
            sentence += " No lower cost would have made it win in that round."
        elif record.cheaper_by is not None:
            sentence += (
                f" It would have won had it cost {money(record.cheaper_by, currency)} less "
                f"({money(record.cost - record.cheaper_by, currency)})."
            )
        return sentence
    if status is Status.NOT_CHOSEN:
        return "Not selected: still affordable when the rule ended, but never the best value per unit of support."
    if status is Status.NO_SUPPORT:
        return "Not selected: nobody voted for it."
    if status is Status.NOT_IN_OPTIMUM:
        return "Not selected: the best combination of projects within the budget does not include it."
    if status is Status.EXCLUDED:
        return "Not counted here: it belongs to another pool or quota."
    return f"Not selected ({status.value})."


def outcome_text(
    outcome: Outcome,
    election: Election | None = None,
    *,
    voter_ids: Iterable[str] = (),
    currency: str | None = None,
) -> str:
    """A readable report: the winners, a sentence per project, ties, and the voters asked for."""
    unit = currency if currency is not None else (election.meta.get("currency", "") if election else "")
    names = {p.id: p.name for p in election.projects} if election else {}
    lines = [
        f"Rule: {outcome.rule} ({_params_text(outcome.params)})",
        f"Budget: {_money(outcome.budget, unit)}; spent {_money(outcome.total_cost, unit)} "
        f"on {len(outcome.selected)} project{'s' if len(outcome.selected) != 1 else ''}.",
    ]
    lines += [f"  {key}: {_param_value_text(value)}" for key, value in outcome.figures.items()]
    lines.append("")
    lines.append("Projects:")
    for record in _in_display_order(outcome):
        mark = "✔" if record.status is Status.SELECTED else "✘"
        title = f" {names[record.project_id]}" if names.get(record.project_id) else ""
        lines.append(f"{mark} {record.project_id}{title} — {_money(record.cost, unit)}")
        lines.append(f"    {project_reason(record, unit)}")
    lines += _ties_text(outcome.ties)
    if election is not None:
        for voter_id in voter_ids:
            lines += ["", _voter_text(voter_summary(outcome, election, voter_id), unit)]
    return "\n".join(lines) + "\n"


def outcome_table(outcome: Outcome, election: Election | None = None) -> str:
    """A fixed-width table: one row per project, winners first in the order they were chosen."""
    header = ("project", "cost", "score", "status", "round/rank", "name")
    names = {p.id: p.name for p in election.projects} if election else {}
    rows = [
        (
            r.project_id,
            _money(r.cost),
            _count(r.score),
            r.status.value,
            str(r.round if r.round is not None else (r.rank if r.rank is not None else "")),
            names.get(r.project_id, "")[:40],
        )
        for r in _in_display_order(outcome)
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    numeric = {1, 2, 4}

    def line(row: Sequence[str]) -> str:
        cells = [
            cell.rjust(w) if i in numeric else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    footer = f"selected {len(outcome.selected)} of {len(rows)}; cost {_money(outcome.total_cost)} of {_money(outcome.budget)}"
    if not outcome.decided:
        footer += f"; UNRESOLVED TIES: {len(outcome.unresolved_ties)}"
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows), footer]) + "\n"


def _in_display_order(outcome: Outcome) -> list[ProjectRecord]:
    order = {pid: i for i, pid in enumerate(outcome.selected)}
    others = [r for r in outcome.projects.values() if r.project_id not in order]
    others.sort(key=lambda r: (r.rank if r.rank is not None else 10**9, -r.score, r.project_id))
    return [outcome.projects[pid] for pid in outcome.selected if pid in outcome.projects] + others


def _ties_text(ties: Sequence[Tie]) -> list[str]:
    if not ties:
        return []
    lines = ["", f"Ties ({len(ties)}):"]
    for tie in ties[:20]:
        how = f"broken by {tie.resolved_by}" if tie.resolved_by else "NOT RESOLVED by the tie-break chain"
        step = f", step {tie.step}" if tie.step is not None else ""
        lines.append(f"  round {tie.round}{step}: {', '.join(tie.candidates)} → {tie.chosen} ({how})")
    if len(ties) > 20:
        lines.append(f"  … and {len(ties) - 20} more (see the JSON output)")
    return lines


def _voter_text(summary: VoterSummary, currency: str) -> str:
    lines = [f"Voter {summary.voter_id}:"]
    if summary.paid is not None:
        lines.append(
            f"  paid {_money(summary.paid, currency)}; {_money(summary.budget_left, currency)} of their share was left"
        )
    lines.append(f"  won: {', '.join(summary.won) or 'none of their projects'}")
    if summary.lost:
        lines.append(f"  not selected: {', '.join(summary.lost)}")
    return "\n".join(lines)


def _params_text(params: Mapping[str, object]) -> str:
    return ", ".join(f"{key}={_param_value_text(value)}" for key, value in params.items()) or "defaults"


def _param_value_text(value: object) -> str:
    if isinstance(value, Fraction):
        return format_number(value)
    if isinstance(value, tuple | list):
        return "→".join(str(v) for v in value) if value else "()"
    return str(value)
