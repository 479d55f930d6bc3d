"""Pieces every rule shares: utilities, scores, the tie-break chain and outcome records."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from fractions import Fraction

from pbcore.election import Election, VoteType
from pbcore.outcome import ProjectRecord, Status, Tie
from pbcore.rules.tiebreak import PABULIB_TIE_BREAKING, TieBreaking


class Utility(StrEnum):
    """How much a voter gains from a project they support (MES, Phragmén, welfare).

    ``cost``: the project's cost (equalshares.net / Pabulib's MES; pabutools ``Cost_Sat``);
    ``approval``: 1 per supported project (pabutools ``Cardinality_Sat``);
    ``points``: the points the ballot gives (cumulative / scoring), the Borda score
    ``max_length − position`` for ordinal ballots, 1 for approval ballots.
    """

    COST = "cost"
    APPROVAL = "approval"
    POINTS = "points"


def votes(election: Election) -> tuple[int, ...]:
    """Number of voters naming each project."""
    return election.profile.approval_scores


def ordinal_points(election: Election) -> tuple[tuple[int, ...], ...]:
    """Per project, aligned with ``supporters``: the Borda points ``L − position`` (Pabulib's score).

    ``L`` is the file's ``max_length``, or the longest ballot when META has none.
    """
    profile = election.profile
    groups = profile.groups
    length = election.limits.max_length or max((len(g.projects) for g in groups), default=0)
    points: list[list[int]] = [[] for _ in election.projects]
    for group in groups:
        for position, project in enumerate(group.projects):
            points[project].append(length - position)
    # supporters are ascending group indices, and groups are visited in that order: aligned
    return tuple(tuple(p) for p in points)


def supporter_points(election: Election) -> tuple[tuple[int | Fraction, ...], ...]:
    """Per project, aligned with ``profile.supporters``: each group's points (1 without points)."""
    profile = election.profile
    if election.vote_type is VoteType.ORDINAL:
        return ordinal_points(election)
    given = profile.supporter_points
    if given is None:
        return tuple(tuple(1 for _ in groups) for groups in profile.supporters)
    return given


def scores(election: Election) -> tuple[Fraction, ...]:
    """Pabulib's ranking score: votes (approval, choose-1), points (cumulative, scoring), Borda (ordinal)."""
    profile = election.profile
    if election.vote_type is VoteType.APPROVAL or election.vote_type is VoteType.CHOOSE_1:
        return tuple(Fraction(v) for v in votes(election))
    weights = profile.weights
    return tuple(
        Fraction(sum(weights[g] * q for g, q in zip(groups, pts, strict=True)))
        for groups, pts in zip(profile.supporters, supporter_points(election), strict=True)
    )


def tie_chooser_for(
    election: Election, tie_breaking: TieBreaking | None
) -> tuple[TieBreaking, Mapping[str, Fraction], Mapping[str, int]]:
    chain = tie_breaking if tie_breaking is not None else PABULIB_TIE_BREAKING
    ids = [p.id for p in election.projects]
    cost = dict(zip(ids, election.costs, strict=True))
    vote_count = dict(zip(ids, votes(election), strict=True))
    return chain, cost, vote_count


def resolve_tie(
    election: Election, tie_breaking: TieBreaking | None, candidates: Sequence[int]
) -> tuple[int, str | None]:
    """Pick one project index among tied ones; the criterion that decided, or None if none did."""
    chain, cost, vote_count = tie_chooser_for(election, tie_breaking)
    ids = election.ids(candidates)
    chosen, criterion = chain.resolve(ids, cost, vote_count)
    return election.project_index[chosen], criterion


def tie_params(tie_breaking: TieBreaking | None) -> dict[str, tuple[str, ...]]:
    chain = tie_breaking if tie_breaking is not None else PABULIB_TIE_BREAKING
    return {"tie_breaking": chain.describe(), "lottery_order": chain.lottery_order}


def make_tie(election: Election, round_: int, tied: Sequence[int], chosen: int, criterion: str | None) -> Tie:
    return Tie(
        round=round_,
        candidates=election.ids(sorted(tied)),
        chosen=election.projects[chosen].id,
        resolved_by=criterion,
    )


def plain_record(election: Election, project: int, status: Status, score: Fraction) -> ProjectRecord:
    item = election.projects[project]
    return ProjectRecord(project_id=item.id, cost=item.cost, status=status, score=score)
