"""The statements of an online cast, written out in SQL: the one path that must carry hundreds of
ballots a second when a vote is about to close.

Building a statement through the ORM costs 0.4–1 ms of Python, more than the database spends
running it, and a cast needs seven. Here each is written once and parametrised; values are prepared
by the models' own fields, so both databases receive what the ORM would have sent. The rules (who
may vote, what is valid, what a retry returns) stay in ``services.vote_cast``; this module only reads
and moves rows, always inside the caller's transaction for writes.
"""

from typing import Any

from django.db import connection
from django.utils import timezone

from roundtable.voting.models import Ballot, Participation, RollEntry, VoteEvent


def _prep(model: Any, field: str, value: Any) -> Any:
    return model._meta.get_field(field).get_db_prep_save(value, connection)


def _fetch_one(sql: str, params: list[Any]) -> tuple[Any, ...] | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row: tuple[Any, ...] | None = cursor.fetchone()
        return row


def open_or_closed_vote(vote_id: Any) -> VoteEvent | None:
    """The vote unless it is a draft (drafts are not public), as a model instance."""
    votes = VoteEvent.objects.raw(
        "SELECT * FROM voting_voteevent WHERE id = %s AND status <> %s",
        [_prep(VoteEvent, "id", vote_id), VoteEvent.Status.DRAFT],
    )
    return next(iter(votes), None)


def roll_entry(vote: VoteEvent, person_id: Any) -> RollEntry | None:
    """The resident's own roll line, or their household's on a household vote; ``voted_digest`` on
    it is the submission digest of its vote, or None when it has not voted."""
    params = [_prep(VoteEvent, "id", vote.pk), _prep(RollEntry, "person", person_id)]
    if vote.vote_unit == "household":
        where = (
            "r.household_id IN (SELECT household_id FROM people_residency"
            " WHERE person_id = %s AND household_id IS NOT NULL)"
        )
    else:
        where = "r.person_id = %s"
    entries = RollEntry.objects.raw(
        "SELECT r.*, p.key_digest AS voted_digest FROM voting_rollentry r"
        " LEFT JOIN voting_participation p ON p.roll_entry_id = r.id"
        f" WHERE r.vote_event_id = %s AND {where} ORDER BY r.id",
        params,
    )
    return next(iter(entries), None)


def voted_digest(entry: RollEntry, *, fresh: bool = False) -> str | None:
    """The submission digest of the roll line's vote, or None when it has not voted; as read with
    the line by ``roll_entry`` unless ``fresh``."""
    if not fresh and hasattr(entry, "voted_digest"):
        return getattr(entry, "voted_digest")  # noqa: B009 - set by the raw query, unknown to the model
    row = _fetch_one("SELECT key_digest FROM voting_participation WHERE roll_entry_id = %s", [entry.pk])
    return None if row is None else str(row[0])


def store(
    *,
    vote: VoteEvent,
    entry: RollEntry,
    channel: str,
    key_digest: str,
    recorded_by_id: Any,
    choices: Any,
    receipt: str,
) -> bool:
    """Insert the roll mark and, unlinked, the ballot; True if the vote is still open afterwards.

    Inserting the ballot takes a key-share lock on the vote row (PostgreSQL), so a close in progress
    has either waited for this transaction (and counts the ballot) or committed before the insert:
    then the vote reads as no longer open and the caller rolls back.
    """
    vote_id = _prep(VoteEvent, "id", vote.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO voting_participation"
            " (roll_entry_id, vote_event_id, channel, key_digest, recorded_by_id, cast_at)"
            " VALUES (%s, %s, %s, %s, %s, %s)",
            [
                entry.pk,
                vote_id,
                channel,
                key_digest,
                recorded_by_id,
                _prep(Participation, "cast_at", timezone.now()),
            ],
        )
        cursor.execute(
            "INSERT INTO voting_ballot (id, vote_event_id, choices, age_band, receipt)"
            " VALUES (%s, %s, %s, %s, %s)",
            [
                _prep(Ballot, "id", Ballot._meta.pk.get_default()),
                vote_id,
                _prep(Ballot, "choices", choices),
                entry.age_band,
                receipt,
            ],
        )
        cursor.execute(
            "SELECT 1 FROM voting_voteevent WHERE id = %s AND status = %s",
            [vote_id, VoteEvent.Status.OPEN],
        )
        return cursor.fetchone() is not None
