"""Reads about meetings (filled in below)."""

from roundtable.meetings.models import Meeting


def minutes_text_from_record(meeting: Meeting) -> str:
    return meeting.title
