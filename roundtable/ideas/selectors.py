"""Reads about ideas."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from roundtable.communities.models import Jurisdiction
from roundtable.cycles.models import Cycle, Phase
from roundtable.cycles.selectors import cycle_list_covering, phase_open_now
from roundtable.front.selectors import OpenItem
from roundtable.ideas.access import ideas_of_person
from roundtable.ideas.models import Idea
from roundtable.people.models import Person


def cycle_for_intake(*, person: Person) -> tuple[Cycle | None, Phase | None]:
    """The running cycle covering the resident's community, and its intake phase if open now."""
    for residency in person.residencies.select_related("community"):
        for cycle in cycle_list_covering(place=residency.community):
            return cycle, phase_open_now(cycle=cycle, kind=Phase.Kind.INTAKE)
    return None, None


def location_choices(*, person: Person) -> QuerySet[Jurisdiction]:
    communities = [r.community for r in person.residencies.select_related("community")]
    q = Jurisdiction.objects.none()
    for c in communities:
        q |= Jurisdiction.objects.filter(
            path__startswith=c.path, level__in=[Jurisdiction.Level.ESTATE, Jurisdiction.Level.BUILDING]
        )
    return q.select_related("parent")


def idea_list_mine(*, person: Person) -> QuerySet[Idea]:
    return ideas_of_person(person.pk).select_related("location").prefetch_related("replies")


def idea_list_for_staff(
    *, ideas: QuerySet[Idea], cycle: Cycle, status: str = "", community: str = "", category: str = ""
) -> QuerySet[Idea]:
    qs = ideas.filter(cycle=cycle).select_related("location", "submitter", "community")
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if community:
        qs = qs.filter(community__name=community)
    return qs


def idea_get_detail(*, idea: Idea) -> Idea:
    return (
        Idea.objects.select_related("location", "submitter", "cycle", "merged_into")
        .prefetch_related("replies", "decisions__negative_item", "photos")
        .get(pk=idea.pk)
    )


def open_items_for_resident(user: Any, person: Person) -> list[OpenItem]:
    from django.urls import reverse
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    items = []
    cycle, phase = cycle_for_intake(person=person)
    if cycle is not None and phase is not None:
        closes = date_format(timezone.localtime(phase.closes_at), "Y-m-d H:i")
        items.append(
            OpenItem(
                title=_("提一个点子：%(c)s") % {"c": cycle.name}, url=reverse("ideas:new"), closes=closes
            )
        )
    count = ideas_of_person(person.pk).count()
    if count:
        items.append(
            OpenItem(title=_("我的点子（%(n)s 个）：看进展和答复") % {"n": count}, url=reverse("ideas:mine"))
        )
    return items
