"""Reads about proposals."""

from django.db.models import Count, QuerySet

from roundtable.cycles.models import Cycle
from roundtable.proposals.models import Proposal


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
            "proposers", "co_signatures__person", "reviews", "conflicts__person", "origin_ideas"
        )
        .get(pk=proposal.pk)
    )
