"""Reaching implementations: staff and supervisors through the cycle's scope; the public reads
only the public page of a selected project. Same 404 for missing and out of scope."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from roundtable.cycles.access import cycles_in_scope
from roundtable.delivery.models import ChangeRequest, Implementation, Milestone
from roundtable.people.access import _as_uuid


def implementations_in_scope(user: Any, permission: str = "delivery_manage") -> QuerySet[Implementation]:
    return Implementation.objects.filter(
        proposal__cycle__in=cycles_in_scope(user, permission)
    ).select_related("proposal__cycle__rulebook", "proposal__cycle__jurisdiction")


def access_implementation_by_id(
    user: Any, implementation_id: Any, *, permission: str = "delivery_manage"
) -> Implementation:
    found = implementations_in_scope(user, permission).filter(pk=_as_uuid(implementation_id)).first()
    if found is None:
        raise Http404
    return found


def access_implementation_public(implementation_id: Any) -> Implementation:
    found = (
        Implementation.objects.filter(pk=_as_uuid(implementation_id))
        .select_related("proposal__cycle__jurisdiction", "proposal__location")
        .first()
    )
    if found is None:
        raise Http404
    return found


def access_change_request_by_id(user: Any, cr_id: Any) -> ChangeRequest:
    found = ChangeRequest.objects.filter(
        pk=_as_uuid(cr_id), implementation__in=implementations_in_scope(user)
    ).first()
    if found is None:
        raise Http404
    return found


def access_milestone_by_id(user: Any, milestone_id: Any) -> Milestone:
    try:
        pk = int(milestone_id)
    except (TypeError, ValueError):
        raise Http404 from None
    found = Milestone.objects.filter(pk=pk, implementation__in=implementations_in_scope(user)).first()
    if found is None:
        raise Http404
    return found
