"""Recount a published election and compare with its published result.

A Pabulib file names its rule in META (``rule;greedy``, ``rule;equalshares/add1`` …) and the official
winners in the PROJECTS column ``selected`` (``1``).  Values above 1 mark projects funded outside
the rule (e.g. Katowice's reserve funds, Gdynia's turnout award): they are reported, not counted
against the rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pbcore.election import Election
from pbcore.explain import project_reason
from pbcore.outcome import Outcome

__all__ = ["UnverifiableError", "Verification", "official_selection", "resolve_rule", "verify_election"]


# META rule names saying the result was made by hand or by a rule of the city's own
_NON_STANDARD_RULES = ("greedy-custom", "unknown")


class UnverifiableError(ValueError):
    """The file cannot be recounted: no ``selected`` column, or a rule pbcore does not implement."""


@dataclass(frozen=True)
class Verification:
    """The comparison of a recount with the published ``selected`` column."""

    meta_rule: str | None
    rule_key: str
    params: Mapping[str, object]
    outcome: Outcome
    official: tuple[str, ...]  # selected = 1, file order
    outside_rule: tuple[str, ...]  # selected > 1: funded outside the rule
    missing: tuple[str, ...]  # official winners the recount did not select
    unexpected: tuple[str, ...]  # recount winners that are not official
    explanations: Mapping[str, str] = field(default_factory=dict)  # project id → why (for differences)

    @property
    def agrees(self) -> bool:
        return not self.missing and not self.unexpected

    def report(self) -> str:
        """Readable text: agreement, then each difference with the recount's reason."""
        rule = f"{self.rule_key}" + (f" (META rule {self.meta_rule})" if self.meta_rule else "")
        lines = [f"Rule recounted: {rule}"]
        if self.agrees:
            lines.append(f"AGREES: the recount selects the same {len(self.official)} projects as the file.")
        else:
            lines.append(
                f"DIFFERS: {len(self.missing)} official winner(s) not selected by the recount, "
                f"{len(self.unexpected)} recount winner(s) not official."
            )
            for pid in self.missing:
                lines.append(
                    f"  - {pid}: official winner; recount: {self.explanations.get(pid, 'not selected')}"
                )
            for pid in self.unexpected:
                lines.append(
                    f"  + {pid}: not an official winner; recount: {self.explanations.get(pid, 'selected')}"
                )
        if self.outside_rule:
            lines.append(
                f"Funded outside the rule (selected > 1), not compared: {', '.join(self.outside_rule)}"
            )
        if not self.outcome.decided:
            lines.append(
                f"Warning: {len(self.outcome.unresolved_ties)} tie(s) were not resolved by the tie-break chain."
            )
        return "\n".join(lines) + "\n"


def official_selection(election: Election) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(selected by the rule, funded outside it)`` from the ``selected`` column.

    Raises :class:`UnverifiableError` if the file has no ``selected`` column or a value is not a whole number.
    """
    if "selected" not in election.project_columns:
        raise UnverifiableError("the file has no 'selected' column in PROJECTS: nothing to compare with")
    chosen: list[str] = []
    outside: list[str] = []
    for project in election.projects:
        text = (project.extra_value("selected") or "0").strip() or "0"
        try:
            value = int(float(text))
        except ValueError:
            raise UnverifiableError(f"project {project.id!r} has selected={text!r}, not a number") from None
        if value == 1:
            chosen.append(project.id)
        elif value > 1:
            outside.append(project.id)
    return tuple(chosen), tuple(outside)


def resolve_rule(name: str) -> tuple[str, dict[str, object]]:
    """A rule key of ``pbcore.rules.RULES`` or a Pabulib META rule name → ``(key, parameters)``."""
    from pbcore.rules import PABULIB_RULES, RULES  # late: rules are optional for reading and writing

    if name in RULES:
        return name, {}
    if name in PABULIB_RULES:
        key, params = PABULIB_RULES[name]
        return key, dict(params)
    if name in _NON_STANDARD_RULES:
        raise UnverifiableError(
            f"rule {name!r} is not a standard rule: the file's result was made by hand or by a rule of its own"
            " (its META comment may say how); recount with --rule to compare it with one, e.g. --rule greedy"
        )
    known = sorted(set(RULES) | set(PABULIB_RULES))
    raise UnverifiableError(f"rule {name!r} is not implemented by pbcore (known: {', '.join(known)})")


def verify_election(election: Election, *, rule: str | None = None, **params: object) -> Verification:
    """Recount with ``rule`` (default: the file's META ``rule``) and compare with ``selected``.

    Extra keyword arguments override the rule's parameters.
    """
    from pbcore.rules import RULES, as_structured

    meta_rule = election.meta.get("rule", "").strip() or None
    name = rule or meta_rule
    if name is None:
        raise UnverifiableError("the file's META names no rule; pass one explicitly")
    key, rule_params = resolve_rule(name)
    rule_params.update(params)
    official, outside = official_selection(election)
    outcome = as_structured(election, rule=RULES[key], **rule_params)
    recount = set(outcome.selected) - set(outside)
    missing = tuple(pid for pid in official if pid not in recount)
    unexpected = tuple(pid for pid in outcome.selected if pid not in official and pid not in outside)
    currency = election.meta.get("currency", "")
    explanations = {
        pid: project_reason(outcome.projects[pid], currency)
        for pid in (*missing, *unexpected)
        if pid in outcome.projects
    }
    return Verification(
        meta_rule=meta_rule,
        rule_key=key,
        params=dict(outcome.params),
        outcome=outcome,
        official=official,
        outside_rule=outside,
        missing=missing,
        unexpected=unexpected,
        explanations=explanations,
    )
