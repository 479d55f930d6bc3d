"""Inputs from the voting and meetings apps. Each adapter returns None for "no data"; the dashboard then
shows "暂无数据" for that figure.

`votes_turnout(cycle)` → (voters, roll) from the voting app's participation table and roll
snapshot; `votes_by_group(cycle)` → {group: voters} per breakdown; `meeting_speaking_times(cycle)` →
speaking seconds per speaker for `functions.gini`; `votes_pb_files(cycle)` → {pool id: that pool's
Pabulib `.pb` text} for open data.
"""

from collections import Counter
from typing import Any


def _tallied_vote(cycle: Any) -> Any:
    from roundtable.voting.models import VoteEvent

    return VoteEvent.objects.filter(cycle=cycle, status=VoteEvent.Status.TALLIED).first()


def votes_turnout(cycle: Any) -> tuple[int, int] | None:
    vote = _tallied_vote(cycle)
    if vote is None:
        return None
    return vote.participations.count(), vote.roll.count()


def votes_by_group(cycle: Any, dimension: str) -> dict[str, int] | None:
    """Voters per channel, or per age band / residency basis of the frozen roll (gender is not on it)."""
    vote = _tallied_vote(cycle)
    if vote is None or dimension not in ("channel", "age_band", "basis"):
        return None
    if dimension == "channel":
        return dict(Counter(vote.participations.values_list("channel", flat=True)))
    return dict(Counter(vote.roll.filter(participation__isnull=False).values_list(dimension, flat=True)))


def meeting_speaking_times(cycle: Any) -> list[float] | None:
    """Seconds spoken per speaker in the meetings of the cycle's area since the cycle began."""
    from roundtable.meetings.models import Speech

    speeches = Speech.objects.filter(
        item__meeting__council__jurisdiction__path__startswith=cycle.jurisdiction.path,
        item__meeting__scheduled_at__gte=cycle.created_at,
        duration_s__isnull=False,
    )
    per_speaker = Counter[Any]()
    for person_id, seconds in speeches.values_list("person_id", "duration_s"):
        per_speaker[person_id] += seconds
    return [float(seconds) for seconds in per_speaker.values()] or None


def votes_pb_files(cycle: Any) -> dict[str, str] | None:
    from roundtable.voting.tally import pabulib_export

    vote = _tallied_vote(cycle)
    if vote is None:
        return None
    return {str(pool.pk): pabulib_export(vote, pool) for pool in cycle.pools.order_by("pk")}
