"""Reads for the voting pages."""

import csv
import io
from typing import Any

from django.utils import timezone

from roundtable.voting.models import PaperEntry, RollEntry, VoteEvent


def is_open(vote: VoteEvent) -> bool:
    return vote.status == VoteEvent.Status.OPEN and vote.closes_at > timezone.now()


def ballot_pools(vote: VoteEvent) -> list[dict[str, Any]]:
    """Candidates grouped by pool, with each pool's budget (the running total's limit)."""
    pools: dict[Any, dict[str, Any]] = {}
    for candidate in vote.candidates.select_related("pool__jurisdiction"):
        group = pools.setdefault(
            candidate.pool_id, {"pool": candidate.pool, "amount": candidate.pool.amount, "candidates": []}
        )
        group["candidates"].append(candidate)
    return list(pools.values())


def ballot_summary(vote: VoteEvent, choices: list[Any]) -> dict[str, Any]:
    """What the confirmation screen repeats back: the chosen projects, points or ranks, total cost."""
    by_number = {c.number: c for c in vote.candidates.all()}
    if vote.ballot_type == "cumulative":
        rows = [(by_number[int(n)], int(p)) for n, p in choices]
    else:
        rows = [(by_number[int(n)], rank) for rank, n in enumerate(choices, start=1)]
    return {"rows": rows, "total": sum(c.cost for c, _x in rows)}


def mismatch_queue(vote: VoteEvent) -> list[dict[str, Any]]:
    entries = vote.paper_entries.filter(state=PaperEntry.State.MISMATCH).order_by("sheet", "entry_no")
    sheets: dict[str, dict[str, Any]] = {}
    for entry in entries.select_related("entered_by"):
        sheets.setdefault(entry.sheet, {"sheet": entry.sheet, "batch": entry.batch, "entries": []})[
            "entries"
        ].append(entry)
    return list(sheets.values())


def roll_search(vote: VoteEvent, query: str) -> list[RollEntry]:
    """Staff at the polling station look a resident up on the frozen roll by name."""
    entries = vote.roll.filter(person__display_name__contains=query).select_related("person")
    return list(entries.order_by("person__display_name")[:20])


def results_csv(vote: VoteEvent) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["pool", "project_id", "name", "category", "cost", "score", "selected", "explanation"])
    for pool in vote.result.get("pools", []):
        for p in pool["projects"]:
            writer.writerow(
                [
                    pool["name"],
                    p["number"],
                    p["title"],
                    p["category"],
                    p["cost"],
                    p["score"],
                    int(p["selected"]),
                    p["explanation"],
                ]
            )
    return out.getvalue()


def open_items_for_resident(user: Any, person: Any) -> list[Any]:
    """The home page's "open now": votes the resident is on the roll for and has not yet voted in."""
    from django.urls import reverse
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    from roundtable.front.selectors import OpenItem
    from roundtable.voting.services import roll_entry_for

    items = []
    for vote in VoteEvent.objects.filter(status=VoteEvent.Status.OPEN, closes_at__gt=timezone.now()):
        entry = roll_entry_for(vote, person.pk)
        if entry is not None and not hasattr(entry, "participation"):
            items.append(
                OpenItem(
                    title=_("投票中：%(t)s") % {"t": vote.title},
                    url=reverse("voting:ballot", kwargs={"vote_id": vote.pk}),
                    closes=date_format(timezone.localtime(vote.closes_at), "Y-m-d H:i"),
                )
            )
    return items


def attention_for_staff(user: Any) -> list[Any]:
    """For the staff dashboard: open votes in the user's area with paper ballots waiting for a third look."""
    from django.db.models import Q
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from roundtable.front.selectors import Attention
    from roundtable.people.access import scopes_with

    scopes = scopes_with(user, "paper_ballot_entry")
    if not scopes:
        return []
    area = Q()
    for scope in scopes:
        area |= Q(cycle__jurisdiction__path__startswith=scope.path)
    items = []
    for vote in VoteEvent.objects.filter(area, status=VoteEvent.Status.OPEN).select_related("cycle"):
        waiting = len(mismatch_queue(vote))
        if waiting:
            title = _("%(vote)s：%(n)s 张纸质选票两次录入不一致，待第三人核对") % {
                "vote": vote.title,
                "n": waiting,
            }
            items.append(Attention(title, reverse("voting:staff_detail", args=[vote.pk]), waiting))
    return items
