"""Inputs from apps that are not on this branch yet (voting, meetings). Each adapter returns None for
"no data" until the lead wires it; the dashboard then shows "暂无数据" for that figure.

Wiring: `votes_turnout(cycle)` → (voters, roll) from the voting app's participation table and roll
snapshot; `votes_by_group(cycle)` → {group: voters} per breakdown; `meeting_speaking_times(cycle)` →
speaking seconds per speaker for `functions.gini`; `meeting_attendee_ids(meeting_id)` → person ids
for survey sampling "attendees"; `votes_pb_file(cycle)` → the cycle's Pabulib `.pb` text for open data.
"""

from typing import Any


def votes_turnout(cycle: Any) -> tuple[int, int] | None:
    return None


def votes_by_group(cycle: Any, dimension: str) -> dict[str, int] | None:
    return None


def meeting_speaking_times(cycle: Any) -> list[float] | None:
    return None


def meeting_attendee_ids(meeting_id: Any) -> list[Any] | None:
    return None


def votes_pb_file(cycle: Any) -> str | None:
    return None
