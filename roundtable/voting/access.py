"""Reaching votes: staff within their scope (same 404 as missing); the public sees opened votes."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from roundtable.cycles.access import cycles_in_scope
from roundtable.people.access import _as_uuid
from roundtable.voting.models import VoteEvent


def votes_in_scope(user: Any, permission: str = "vote_manage") -> QuerySet[VoteEvent]:
    return VoteEvent.objects.filter(cycle__in=cycles_in_scope(user, permission)).select_related("cycle")


def access_vote_by_id(user: Any, vote_id: Any, *, permission: str = "vote_manage") -> VoteEvent:
    vote = votes_in_scope(user, permission).filter(pk=_as_uuid(vote_id)).first()
    if vote is None:
        raise Http404
    return vote


def public_vote(vote_id: Any) -> VoteEvent:
    """Open or tallied votes are public (candidates, receipts, results); drafts are not."""
    vote = (
        VoteEvent.objects.exclude(status=VoteEvent.Status.DRAFT)
        .select_related("cycle__jurisdiction", "cycle__rulebook")
        .filter(pk=_as_uuid(vote_id))
        .first()
    )
    if vote is None:
        raise Http404
    return vote
