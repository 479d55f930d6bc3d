"""Reads: a survey's results with small cells suppressed; the open surveys of a resident."""

from collections import Counter
from typing import Any

from roundtable.indicators.functions import satisfaction_grade, suppress_breakdown
from roundtable.people.models import Person
from roundtable.surveys.models import Invitation, Survey

DEFAULT_MIN_CELL = 5  # rulebook `min_group_size_published` when the survey has no cycle


def survey_min_cell(survey: Survey) -> int:
    return int(survey.cycle.param("min_group_size_published")) if survey.cycle else DEFAULT_MIN_CELL


def survey_results(survey: Survey) -> dict[str, Any]:
    m = survey_min_cell(survey)
    responses = [r.answers for r in survey.responses.all()]
    n = len(responses)
    items = []
    for item in survey.instrument.items:
        if item["kind"] not in ("scale", "bool", "choice"):
            continue
        counts = Counter(str(a[item["key"]]) for a in responses if item["key"] in a)
        if item["kind"] == "scale":
            keys = [str(v) for v in range(item["max"], 0, -1)]
        elif item["kind"] == "bool":
            keys = ["True", "False"]
        else:
            keys = list(item["options"])
        items.append(
            {
                "key": item["key"],
                "text": item["text"],
                "counts": suppress_breakdown({k: counts[k] for k in keys}, min_cell=m).public(),
            }
        )
    grade = None
    if survey.instrument.code == "satisfaction" and n >= m:
        overall = Counter(a.get("overall") for a in responses)
        grade = satisfaction_grade({3: overall[3], 2: overall[2], 1: overall[1]})
    return {
        "responses": n,
        "invited": survey.invitations.count(),
        "min_cell": m,
        "items": items,
        "grade": grade,
        "channels": suppress_breakdown(
            Counter(r.channel for r in survey.responses.all()), min_cell=m
        ).public(),
    }


def invitations_open_for(person: Person) -> list[Invitation]:
    return list(
        Invitation.objects.filter(
            person=person, responded=False, survey__status=Survey.Status.OPEN
        ).select_related("survey")
    )


def open_items_for_resident(user: Any, person: Person) -> list[Any]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from roundtable.front.selectors import OpenItem

    return [
        OpenItem(
            title=_("请您评一评：%(t)s") % {"t": inv.survey.title},
            url=reverse("surveys:answer", args=[inv.survey_id]),
        )
        for inv in invitations_open_for(person)
    ]
