"""The statements of an online cast, written out in SQL: the one path that must carry hundreds of
ballots a second when a vote is about to close.

Building a statement through the ORM costs 0.4–1 ms of Python, more than the database spends
running it. Here each is written once and parametrised; values are prepared by the models' own
fields, so both databases receive what the ORM would have sent. A cast reads its roll line (with
the mark, if any) and stores in one statement on PostgreSQL. The rules (who may vote, what is valid,
what a retry returns) stay in ``services.vote_cast``; this module only reads and moves rows.
"""

from contextlib import nullcontext
from time import monotonic
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from roundtable.lib.rows import row_fetch, row_instance, row_prep
from roundtable.voting.models import Ballot, Participation, RollEntry, VoteEvent

# An open vote's row changes only when it closes, and ``store`` checks that inside the cast's own
# transaction; so the checks before it may use a copy of the row up to this many seconds old.
OPEN_VOTE_FRESH_SECONDS = 1.0
_open_votes: dict[Any, tuple[float, VoteEvent]] = {}


def vote_for_casting(vote_id: Any) -> VoteEvent | None:
    """The vote unless it is a draft (drafts are not public), as a model instance."""
    now = monotonic()
    cached = _open_votes.get(vote_id)
    if cached is not None and cached[0] > now:
        return cached[1]
    vote = row_instance(
        VoteEvent,
        "SELECT * FROM voting_voteevent WHERE id = %s AND status <> %s",
        [row_prep(VoteEvent, "id", vote_id), VoteEvent.Status.DRAFT],
    )
    if vote is not None and vote.status == VoteEvent.Status.OPEN:
        if len(_open_votes) > 100:
            _open_votes.clear()  # only a handful of votes are open at once; drop expired copies
        _open_votes[vote_id] = (now + OPEN_VOTE_FRESH_SECONDS, vote)
    return vote


def roll_entry(vote: VoteEvent, person_id: Any) -> RollEntry | None:
    """The resident's own roll line, or their household's on a household vote; ``voted_digest`` on
    it is the submission digest of its vote, or None when it has not voted."""
    params = [row_prep(VoteEvent, "id", vote.pk), row_prep(RollEntry, "person", person_id)]
    if vote.vote_unit == "household":
        where = (
            "r.household_id IN (SELECT household_id FROM people_residency"
            " WHERE person_id = %s AND household_id IS NOT NULL)"
        )
    else:
        where = "r.person_id = %s"
    return row_instance(
        RollEntry,
        "SELECT r.*, p.key_digest AS voted_digest FROM voting_rollentry r"
        " LEFT JOIN voting_participation p ON p.roll_entry_id = r.id"
        f" WHERE r.vote_event_id = %s AND {where} ORDER BY r.id",
        params,
    )


def voted_digest(entry: RollEntry, *, fresh: bool = False) -> str | None:
    """The submission digest of the roll line's vote, or None when it has not voted; as read with
    the line by ``roll_entry`` unless ``fresh``."""
    if not fresh and hasattr(entry, "voted_digest"):
        return getattr(entry, "voted_digest")  # noqa: B009 - set by the raw query, unknown to the model
    row = row_fetch("SELECT key_digest FROM voting_participation WHERE roll_entry_id = %s", [entry.pk])
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
    """Insert the roll mark and, unlinked, the ballot, both or neither; False (nothing written) if
    the vote is no longer open (closed, or past its closing time). A second mark for the roll line
    raises IntegrityError, and nothing is written either.

    The vote row is locked for key share while the rows go in, and closing a vote locks it for
    update: so a close either waits for this ballot (and counts it) or commits first (and this
    finds the vote closed).
    """
    now = timezone.now()
    mark = [
        entry.pk,
        channel,
        key_digest,
        recorded_by_id,
        row_prep(Participation, "cast_at", now),
    ]
    ballot = [
        row_prep(Ballot, "id", Ballot._meta.pk.get_default()),
        row_prep(Ballot, "choices", choices),
        entry.age_band,
        receipt,
    ]
    still_open = [
        row_prep(VoteEvent, "id", vote.pk),
        VoteEvent.Status.OPEN,
        row_prep(VoteEvent, "closes_at", now),
    ]
    if connection.vendor == "postgresql":
        return _store_in_one_statement(still_open, mark, ballot)
    with transaction.atomic(), connection.cursor() as cursor:
        # SQLite: the transaction holds the one write lock from its start (IMMEDIATE), so nothing
        # can close the vote between this check and the inserts
        cursor.execute(f"SELECT 1 FROM voting_voteevent WHERE {_OPEN}", still_open)
        if cursor.fetchone() is None:
            return False
        vote_id = still_open[0]
        cursor.execute(
            f"INSERT INTO voting_participation {_MARK_COLUMNS} VALUES (%s, %s, %s, %s, %s, %s)",
            [mark[0], vote_id, *mark[1:]],
        )
        cursor.execute(
            f"INSERT INTO voting_ballot {_BALLOT_COLUMNS} VALUES (%s, %s, %s, %s, %s)",
            [ballot[0], vote_id, *ballot[1:]],
        )
        return True


_OPEN = "id = %s AND status = %s AND closes_at > %s"
_MARK_COLUMNS = "(roll_entry_id, vote_event_id, channel, key_digest, recorded_by_id, cast_at)"
_BALLOT_COLUMNS = "(id, vote_event_id, choices, age_band, receipt)"


def _store_in_one_statement(still_open: list[Any], mark: list[Any], ballot: list[Any]) -> bool:
    """PostgreSQL: one statement, so outside a transaction it is one by itself (a cast then costs
    one round trip instead of five); inside one, a savepoint keeps a refused insert from spoiling it."""
    with transaction.atomic() if connection.in_atomic_block else nullcontext(), connection.cursor() as cursor:
        cursor.execute(
            f"WITH open_vote AS (SELECT id FROM voting_voteevent WHERE {_OPEN} FOR KEY SHARE),"
            f" mark AS (INSERT INTO voting_participation {_MARK_COLUMNS}"
            " SELECT %s, id, %s, %s, %s, %s FROM open_vote)"
            f" INSERT INTO voting_ballot {_BALLOT_COLUMNS}"
            " SELECT %s, id, %s, %s, %s FROM open_vote RETURNING 1",
            [*still_open, *mark, *ballot],
        )
        return cursor.fetchone() is not None
