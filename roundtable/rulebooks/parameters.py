"""Rule parameters a community configures (DOMAIN.md C), with the suggested defaults.

Every threshold the platform enforces (quorum, notice days, ballot format, caps…) is read from a
rulebook's parameters, never from a constant in code. This module is plain Python: it defines the
parameters, their defaults and ranges, and checks a JSON object against them.
"""

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Spec:
    default: Any
    kind: type
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()


# name -> spec. Fractions are written "2/3" in JSON; money in yuan as whole numbers.
PARAMETERS: dict[str, Spec] = {
    # C1 eligibility and representation
    "min_age_propose": Spec(15, int, 14, 18),
    "min_age_vote_mass": Spec(15, int, 14, 18),
    "eligible_residency_bases": Spec(
        ["hukou", "long_term_resident", "tenant", "owner"],
        list,
        choices=("hukou", "long_term_resident", "tenant", "owner", "worker_of_resident_unit"),
    ),
    "vote_unit": Spec("person", str, choices=("person", "household", "representative")),
    "women_share_min": Spec("1/3", Fraction, 0, Fraction(1, 2)),
    "council_size": Spec(15, int, 5, 40),
    "term_years": Spec(5, int, 1, 5),
    "absence_limit": Spec(3, int, 2, 4),
    "reserved_seats": Spec(["migrants", "youth", "property", "social_org"], list),
    "expert_vote": Spec(False, bool),
    "observer_roles_no_vote": Spec(["npc_deputy", "cppcc_member", "street_official"], list),
    # C2 meetings and procedure
    "quorum_council": Spec("2/3", Fraction, Fraction(1, 2), Fraction(3, 4)),
    "quorum_residents_meeting": Spec("1/2", Fraction, Fraction(1, 2), 1),
    "agenda_notice_days": Spec(3, int, 1, 7),
    "proposal_requires_written_signed": Spec(True, bool),
    "motion_seconds_required": Spec(1, int, 0, 3),
    "speech_time_limit_s": Spec(120, int, 60, 300),
    "speeches_per_person_per_motion": Spec(2, int, 1, 3),
    "alternate_sides": Spec(True, bool),
    "chair_votes": Spec("last", str, choices=("last", "never")),
    "proxies_allowed": Spec(False, bool),
    # C3 decision thresholds
    "pass_rule_council": Spec(
        "majority_of_present",
        str,
        choices=("simple", "majority_of_present", "majority_of_members", "two_thirds"),
    ),
    "abstention_handling": Spec("counted_as_present", str, choices=("excluded", "counted_as_present")),
    "tie_rule": Spec("fails", str, choices=("fails", "chair_casts", "revote")),
    "mass_vote_ballot_type": Spec(
        "approval", str, choices=("approval", "cumulative", "ranked", "budget_approval")
    ),
    "mass_vote_max_choices": Spec(5, int, 1, 50),
    "mass_vote_points_total": Spec(10, int, 2, 100),  # points each voter spreads on a cumulative ballot
    # Generalised voter fields the open-data .pb file may carry (DOMAIN.md E2); [] = none.
    "open_data_voter_fields": Spec(["age_band"], list, choices=("age_band",)),
    "selection_algorithm": Spec("greedy", str),
    "min_turnout_for_validity": Spec("0", Fraction, 0, Fraction(1, 2)),
    "min_group_size_published": Spec(5, int, 3, 50),
    # C4 money (yuan)
    "per_project_cap": Spec(500000, int, 0),
    "per_project_min": Spec(0, int, 0),
    "contingency_pct": Spec(5, int, 0, 10),
    "cofunding_allowed": Spec(True, bool),
    "change_request_redeliberate_pct": Spec(10, int, 5, 20),
    "co_signers_min": Spec(3, int, 0, 50),
    # C5 disclosure and timing
    "publicity_days_result": Spec(5, int, 3, 10),
    "publicity_days_candidates": Spec(5, int, 3, 10),
    "objection_response_days": Spec(5, int, 3, 15),
    "feedback_to_rejected_proposer": Spec(True, bool),
    "demand_ack_hours": Spec(24, int, 4, 72),
    "referral_due_days": Spec(7, int, 1, 30),
    "progress_notice_interval_days": Spec(30, int, 7, 90),
    # C6 evaluation
    "satisfaction_scale": Spec(3, int, 3, 5),
}


class ParameterError(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _coerce(name: str, spec: Spec, value: Any) -> Any:
    if spec.kind is Fraction:
        number = Fraction(str(value))
    elif spec.kind is bool:
        if not isinstance(value, bool):
            raise ValueError(_("应为是或否（true/false）"))
        return value
    elif spec.kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(_("应为整数"))
        number = value
    elif spec.kind is list:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(_("应为文字列表"))
        unknown = [v for v in value if spec.choices and v not in spec.choices]
        if unknown:
            raise ValueError(_("不认识的选项：%(v)s") % {"v": "、".join(unknown)})
        return value
    else:
        if spec.choices and value not in spec.choices:
            raise ValueError(_("应为以下之一：%(c)s") % {"c": "、".join(spec.choices)})
        return value
    if (spec.low is not None and number < spec.low) or (spec.high is not None and number > spec.high):
        raise ValueError(_("应在 %(low)s 到 %(high)s 之间") % {"low": spec.low, "high": spec.high})
    return number


def parameters_clean(raw: dict[str, Any]) -> dict[str, Any]:
    """Defaults filled in, every value checked; raises ParameterError naming each bad key."""
    errors: dict[str, str] = {}
    for name in raw:
        if name not in PARAMETERS:
            errors[name] = _("不是已知的规则参数")
    cleaned: dict[str, Any] = {}
    for name, spec in PARAMETERS.items():
        try:
            cleaned[name] = _coerce(name, spec, raw.get(name, spec.default))
        except (ValueError, ZeroDivisionError) as e:
            errors[name] = str(e) or _("格式不对")
    if errors:
        raise ParameterError(errors)
    return cleaned


def parameters_to_json(cleaned: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, Fraction) else v) for k, v in cleaned.items()}
