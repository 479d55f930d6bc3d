"""Reaching meetings and resolutions: the same 404 for missing and out of scope."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from roundtable.communities.models import Jurisdiction
from roundtable.councils.access import councils_in_scope
from roundtable.cycles.models import Fund
from roundtable.meetings.models import AgendaItem, FundApplication, Meeting, Motion, Resolution, Vote
from roundtable.people.access import _as_uuid, jurisdictions_under, scopes_with
from roundtable.people.models import Person


def meetings_in_scope(user: Any, permission: str = "meeting_manage") -> QuerySet[Meeting]:
    return Meeting.objects.filter(council__in=councils_in_scope(user, permission)).select_related(
        "council", "rulebook", "current_item", "chair", "recorder"
    )


def access_meeting_by_id(user: Any, meeting_id: Any, *, permission: str = "meeting_manage") -> Meeting:
    found = meetings_in_scope(user, permission).filter(pk=_as_uuid(meeting_id)).first()
    if found is None:
        raise Http404
    return found


def meeting_by_id_public(meeting_id: Any) -> Meeting:
    """The room view is for the screen in the room and participants' phones: names are masked."""
    found = (
        Meeting.objects.select_related("council", "rulebook", "current_item")
        .filter(pk=_as_uuid(meeting_id))
        .first()
    )
    if found is None:
        raise Http404
    return found


def item_of(meeting: Meeting, item_id: Any) -> AgendaItem:
    found = AgendaItem.objects.filter(meeting=meeting, pk=_as_uuid(item_id)).first()
    if found is None:
        raise Http404
    return found


def motion_of(meeting: Meeting, motion_id: Any) -> Motion:
    found = Motion.objects.filter(item__meeting=meeting, pk=_as_uuid(motion_id)).first()
    if found is None:
        raise Http404
    return found


def vote_of(meeting: Meeting, vote_id: Any) -> Vote:
    try:
        pk = int(vote_id)
    except (TypeError, ValueError):
        raise Http404 from None
    found = Vote.objects.filter(motion__item__meeting=meeting, pk=pk).first()
    if found is None:
        raise Http404
    return found


def participant_of(meeting: Meeting, person_id: Any) -> Person:
    """A member or observer of the meeting's body, or someone already checked in."""
    pk = _as_uuid(person_id)
    found = Person.objects.filter(pk=pk).filter(_q_members(meeting)).distinct().first()
    if found is None:
        raise Http404
    return found


def _q_members(meeting: Meeting) -> Any:
    from django.db.models import Q

    from roundtable.councils.models import Observer, Seat

    seat_people = Seat.objects.filter(council=meeting.council, status=Seat.Status.ACTIVE).values(
        "holder__person"
    )
    observers = Observer.objects.filter(council=meeting.council, active=True).values("person")
    present = meeting.attendance.values("person")
    return Q(pk__in=seat_people) | Q(pk__in=observers) | Q(pk__in=present)


def resolutions_in_scope(user: Any) -> QuerySet[Resolution]:
    return Resolution.objects.filter(
        meeting__council__in=councils_in_scope(user, "resolution_track")
    ).select_related("meeting__council", "item__submitter")


def access_resolution_by_id(user: Any, resolution_id: Any) -> Resolution:
    found = resolutions_in_scope(user).filter(pk=_as_uuid(resolution_id)).first()
    if found is None:
        raise Http404
    return found


def _with_ancestors(places: list[Jurisdiction]) -> set[Any]:
    ids: set[Any] = set()
    for place in places:
        node: Jurisdiction | None = place
        while node is not None:
            ids.add(node.pk)
            node = node.parent
    return ids


def funds_in_scope(user: Any, permission: str = "resolution_track") -> QuerySet[Fund]:
    """Funds of a place inside the user's scope, or of a place above it (a street's 自治金)."""
    scopes = scopes_with(user, permission)
    return Fund.objects.filter(
        Q(jurisdiction__in=jurisdictions_under(scopes)) | Q(jurisdiction__in=_with_ancestors(scopes))
    ).select_related("jurisdiction")


def access_fund_by_id(user: Any, fund_id: Any) -> Fund:
    found = funds_in_scope(user).filter(pk=_as_uuid(fund_id)).first()
    if found is None:
        raise Http404
    return found


def funds_for_resolution(user: Any, res: Resolution) -> QuerySet[Fund]:
    """The 自治金 funds the resolution may apply to: those covering the body's area."""
    return funds_in_scope(user).filter(
        source=Fund.Source.SELF_GOVERNANCE,
        jurisdiction__in=_with_ancestors([res.meeting.council.jurisdiction]),
    )


def access_fund_application_by_id(user: Any, application_id: Any) -> FundApplication:
    found = (
        FundApplication.objects.filter(resolution__in=resolutions_in_scope(user), pk=_as_uuid(application_id))
        .select_related("fund", "resolution")
        .first()
    )
    if found is None:
        raise Http404
    return found
