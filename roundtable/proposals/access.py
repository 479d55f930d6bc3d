"""Reaching proposals: staff through their cycle's scope; residents of the cycle's area for 附议."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from roundtable.cycles.access import cycles_in_scope
from roundtable.people.access import _as_uuid
from roundtable.proposals.models import Proposal, ProposalPhoto


def proposals_in_scope(user: Any, permission: str = "proposal_review") -> QuerySet[Proposal]:
    return Proposal.objects.filter(cycle__in=cycles_in_scope(user, permission))


def access_proposal_by_id(user: Any, proposal_id: Any, *, permission: str = "proposal_review") -> Proposal:
    found = (
        proposals_in_scope(user, permission)
        .filter(pk=_as_uuid(proposal_id))
        .select_related("cycle__rulebook", "pool__jurisdiction", "location")
        .first()
    )
    if found is None:
        raise Http404
    return found


def access_proposal_for_resident(person: Any, proposal_id: Any) -> Proposal:
    """A proposal a resident may read and co-sign: one in a cycle covering their community."""
    found = (
        Proposal.objects.filter(pk=_as_uuid(proposal_id))
        .select_related("cycle__jurisdiction", "location")
        .first()
    )
    if person is None or found is None:
        raise Http404
    if not any(
        found.cycle.jurisdiction.contains(r.community) for r in person.residencies.select_related("community")
    ):
        raise Http404
    return found


def access_proposal_photo_by_id(
    user: Any, photo_id: Any, *, permission: str = "proposal_review"
) -> ProposalPhoto:
    """A proposal photo through its proposal's scope (out of scope: the same 404 as missing)."""
    try:
        pk = int(photo_id)
    except (TypeError, ValueError):
        raise Http404 from None
    found = ProposalPhoto.objects.filter(pk=pk, proposal__in=proposals_in_scope(user, permission)).first()
    if found is None:
        raise Http404
    return found
