"""Reads about proposals."""

from django.db.models import Count, Prefetch, QuerySet

from roundtable.cycles.models import Cycle
from roundtable.proposals.models import Proposal, ProposalPhoto


def proposal_list_for_cycle(*, cycle: Cycle, status: str = "") -> QuerySet[Proposal]:
    qs = (
        cycle.proposals.select_related("location", "pool__jurisdiction")
        .annotate(n_cosigners=Count("co_signatures", distinct=True))
        .order_by("created_at")
    )
    return qs.filter(status=status) if status else qs


def proposal_get_detail(*, proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_related("cycle__rulebook", "pool__jurisdiction", "location")
        .prefetch_related(
            "proposers",
            "co_signatures__person",
            "reviews",
            "conflicts__person",
            "origin_ideas",
            photo_ids(),
        )
        .get(pk=proposal.pk)
    )


def photo_ids() -> Prefetch:
    """The proposal's photos in order, without their bytes (pages link to them)."""
    return Prefetch("photos", queryset=ProposalPhoto.objects.only("id", "proposal_id", "created_at"))
