"""Indicators of one cycle computed from the records on this platform, through the pure functions in
`functions.py`. Every figure published on the dashboard comes from `cycle_indicators`."""

from collections import Counter
from datetime import timedelta
from typing import Any

from django.db.models import Sum

from roundtable.cycles.models import Cycle
from roundtable.delivery.models import Implementation
from roundtable.delivery.services import allowed_budget, spent_total
from roundtable.ideas.models import Idea
from roundtable.indicators import adapters
from roundtable.indicators.functions import (
    age_band,
    empowerment_change,
    money_ratio,
    rate,
    representation_gap,
    satisfaction_grade,
    suppress_breakdown,
)
from roundtable.people.models import Person, Residency
from roundtable.proposals.models import Proposal
from roundtable.surveys.instruments import INSTRUMENTS
from roundtable.surveys.models import Response, Survey

OFFLINE_CHANNELS = {c for c in Idea.Channel.values if c != Idea.Channel.ONLINE}


def min_cell(cycle: Cycle) -> int:
    return int(cycle.param("min_group_size_published"))


def _group_of(person: Person, dimension: str, year: int, basis: dict[Any, str]) -> str:
    if dimension == "age":
        return age_band(person.age_in(year))
    if dimension == "gender":
        return person.gender or "unknown"
    return basis.get(person.pk, "unknown")


def _breakdown(people: list[Person], dimension: str, year: int, basis: dict[Any, str]) -> dict[str, int]:
    return dict(Counter(_group_of(p, dimension, year, basis) for p in people))


def _population(cycle: Cycle) -> list[Person]:
    communities = [
        r for r in Residency.objects.select_related("community") if cycle.jurisdiction.contains(r.community)
    ]
    ids = {r.person_id for r in communities}
    return list(Person.objects.filter(pk__in=ids))


def reach(cycle: Cycle) -> dict[str, Any]:
    """D1: idea submitters by age band, gender and residency basis, against the population."""
    m, year = min_cell(cycle), cycle.created_at.year
    ideas = list(Idea.objects.filter(cycle=cycle).select_related("submitter"))
    participants = list({i.submitter.pk: i.submitter for i in ideas if i.submitter}.values())
    population = _population(cycle)
    basis = {r.person_id: r.basis for r in Residency.objects.filter(person__in=population)}
    out: dict[str, Any] = {
        "participation": rate("idea_participation", len(participants), len(population), min_cell=m).public(),
        "offline_share": rate(
            "offline_share", sum(1 for i in ideas if i.channel in OFFLINE_CHANNELS), len(ideas), min_cell=m
        ).public(),
        "ideas_by_channel": suppress_breakdown(Counter(i.channel for i in ideas), min_cell=m).public(),
    }
    turnout = adapters.votes_turnout(cycle)
    out["turnout"] = rate("turnout", *turnout, min_cell=m).public() if turnout else None
    for dimension in ("age", "gender", "basis"):
        part = _breakdown(participants, dimension, year, basis)
        pop = _breakdown(population, dimension, year, basis)
        out[f"by_{dimension}"] = {
            "participants": suppress_breakdown(part, min_cell=m).public(),
            "gap_pp": representation_gap(part, pop, min_cell=m),
        }
    return out


def responsiveness(cycle: Cycle) -> dict[str, Any]:
    """D3.1–D3.4: the three rates and the feedback loop, from ideas and survey answers."""
    m = min_cell(cycle)
    ideas = list(Idea.objects.filter(cycle=cycle).prefetch_related("decisions"))
    sla = timedelta(hours=int(cycle.param("demand_ack_hours")))
    responded = sum(1 for i in ideas if any(d.decided_at - i.created_at <= sla for d in i.decisions.all()))
    resolved = sum(1 for i in ideas if i.status not in (Idea.Status.RECEIVED, Idea.Status.REFERRED))
    decided = sum(1 for i in ideas if i.decisions.all())
    overall = [
        r.answers.get("overall")
        for r in Response.objects.filter(survey__cycle=cycle, survey__instrument__code="satisfaction")
    ]
    return {
        "response_rate": rate("response_rate", responded, len(ideas), min_cell=m).public(),
        "resolution_rate": rate("resolution_rate", resolved, len(ideas), min_cell=m).public(),
        "satisfaction_rate": rate(
            "satisfaction_rate", sum(1 for v in overall if v == 3), len(overall), min_cell=m
        ).public(),
        "feedback_rate": rate("feedback_rate", decided, len(ideas), min_cell=m).public(),
    }


def delivery(cycle: Cycle) -> dict[str, Any]:
    """D3.5–D3.6: implementation rate, on-time rate, budget execution, per-project money."""
    selected = Proposal.objects.filter(cycle=cycle, status=Proposal.Status.SELECTED).count()
    impls = list(Implementation.objects.filter(proposal__cycle=cycle).select_related("proposal"))
    accepted = [i for i in impls if i.status == Implementation.Status.ACCEPTED]
    on_time = [
        i for i in accepted if i.finish_planned and i.finish_actual and i.finish_actual <= i.finish_planned
    ]
    allocated = int(sum(allowed_budget(i) for i in impls))  # allocation plus approved changes
    spent = int(sum(spent_total(i) for i in impls))
    # Counts of projects are public facts (not people): no suppression.
    return {
        "implementation_rate": money_ratio("implementation_rate", len(accepted), selected).public(),
        "on_time_rate": money_ratio("on_time_rate", len(on_time), len(accepted)).public(),
        "budget_execution": money_ratio("budget_execution", spent, allocated).public(),
        "projects": [
            {
                "title": i.proposal.title,
                "allocated": allowed_budget(i),
                "spent": spent_total(i),
                "status": i.status,
            }
            for i in impls
        ],
    }


def satisfaction(cycle: Cycle) -> list[dict[str, Any]]:
    """D4: per completed project, the distribution of the overall item and the C6 grade."""
    m, out = min_cell(cycle), []
    for survey in Survey.objects.filter(cycle=cycle, instrument__code="satisfaction").select_related(
        "implementation__proposal"
    ):
        counts = Counter(r.answers.get("overall") for r in survey.responses.all())
        n = sum(counts.values())
        shown = suppress_breakdown({"3": counts[3], "2": counts[2], "1": counts[1]}, min_cell=m)
        out.append(
            {
                "project": survey.implementation.proposal.title if survey.implementation else survey.title,
                "responses": n if n >= m else None,
                "counts": shown.public(),
                "grade": satisfaction_grade({3: counts[3], 2: counts[2], 1: counts[1]}) if n >= m else None,
            }
        )
    return out


def empowerment(cycle: Cycle) -> dict[str, Any]:
    items = INSTRUMENTS[("empowerment", 1)]["items"]
    waves = {
        w: [
            r.answers
            for r in Response.objects.filter(
                survey__cycle=cycle, survey__wave=w, survey__instrument__code="empowerment"
            )
        ]
        for w in ("pre", "post")
    }
    return empowerment_change(waves["pre"], waves["post"], items, min_cell=min_cell(cycle))


def deliberation(cycle: Cycle) -> dict[str, Any] | None:
    times = adapters.meeting_speaking_times(cycle)
    if times is None:
        return None
    from roundtable.indicators.functions import gini

    return {"speaking_gini": gini(times)}


def _guard_margin(responsiveness: dict[str, Any], per_project: list[dict[str, Any]]) -> None:
    """The cycle's satisfaction rate is the margin of the project × grade table: published beside a
    project whose 满意 cell is hidden, subtracting the other projects' 满意 cells from it would give
    that hidden cell back. So the margin is hidden whenever any 满意 cell is."""
    if any(p["counts"].get("3", 0) is None or p["responses"] is None for p in per_project):
        rate_ = responsiveness["satisfaction_rate"]
        responsiveness["satisfaction_rate"] = {
            "code": rate_["code"],
            "suppressed": True,
            "method_version": rate_["method_version"],
        }


def cycle_indicators(cycle: Cycle) -> dict[str, Any]:
    answered = responsiveness(cycle)
    per_project = satisfaction(cycle)
    _guard_margin(answered, per_project)
    return {
        "cycle": {"id": str(cycle.pk), "name": cycle.name, "community": cycle.jurisdiction.name},
        "min_cell": min_cell(cycle),
        "reach": reach(cycle),
        "responsiveness": answered,
        "delivery": delivery(cycle),
        "satisfaction": per_project,
        "empowerment": empowerment(cycle),
        "deliberation": deliberation(cycle),
        "total_spent": int(
            Implementation.objects.filter(proposal__cycle=cycle).aggregate(s=Sum("expenditures__amount"))["s"]
            or 0
        ),
    }
