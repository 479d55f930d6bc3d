"""The bridge to pbcore: stored ballots → one ``Election`` per pool → the rulebook's rule → results,
and the same ``Election`` (plus the official ``selected`` column) → the open-data Pabulib file.

The tally and the export are built by the same function, so ``python -m pbcore verify`` on the
published file recounts exactly what was counted.
"""

from collections import Counter
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from pbcore.election import Ballot as PbBallot
from pbcore.election import BallotLimits, Election, Profile, Project, VoteType
from pbcore.outcome import Outcome, ProjectRecord, Status
from pbcore.pabulib import pabulib_string
from pbcore.rules import RULES, with_category_quotas
from pbcore.verify import resolve_rule

VOTE_TYPES = {
    "approval": VoteType.APPROVAL,
    "budget_approval": VoteType.APPROVAL,
    "cumulative": VoteType.CUMULATIVE,
    "ranked": VoteType.ORDINAL,
}
# Generalised voter fields the open data can carry (DOMAIN.md E2), each with its value on a ballot;
# the rulebook's `open_data_voter_fields` (snapshotted at opening) says which of them it does carry.
VOTER_FIELD_VALUES = {"age_band": lambda ballot: ballot.age_band}


def resolve(rule: str) -> tuple[str, dict[str, object]]:
    from django.core.exceptions import ValidationError

    from pbcore.verify import UnverifiableError

    try:
        return resolve_rule(rule)
    except UnverifiableError:
        raise ValidationError(
            {"rule": _("议事规则里的计票规则“%(r)s”无法计票，请改为 greedy 或 equal-shares。") % {"r": rule}}
        ) from None


def vote_type(vote: Any) -> VoteType:
    return VOTE_TYPES[vote.ballot_type]


def _pools(vote: Any) -> list[Any]:
    pool_ids = {c.pool_id for c in vote.candidates.all()}
    return sorted(
        vote.cycle.pools.filter(pk__in=pool_ids).select_related("jurisdiction"),
        key=lambda p: p.jurisdiction.path,
    )


def _project(candidate: Any, extra: tuple[tuple[str, str], ...] = ()) -> Project:
    return Project(
        id=str(candidate.number),
        cost=Fraction(candidate.cost),
        name=candidate.title,
        categories=(candidate.category,),
        extra=extra,
    )


def projects_by_pool(vote: Any) -> dict[str, dict[str, Project]]:
    result: dict[str, dict[str, Project]] = {}
    for candidate in vote.candidates.all():
        result.setdefault(str(candidate.pool_id), {})[str(candidate.number)] = _project(candidate)
    return result


def _limits(vote: Any, pool: Any) -> BallotLimits:
    if vote.ballot_type == "budget_approval":
        return BallotLimits(max_sum_cost=Fraction(pool.amount))
    if vote.ballot_type == "cumulative":
        return BallotLimits(min_points=1, max_sum_points=vote.points_total)
    return BallotLimits(max_length=vote.max_choices)


def ballot_limits(vote: Any) -> dict[str, BallotLimits]:
    limits = {str(pool.pk): _limits(vote, pool) for pool in _pools(vote)}
    limits["*"] = BallotLimits()
    return limits


def ballot_ids(vote: Any, choices: Any) -> tuple[list[str] | None, list[int] | None]:
    """Project ids (and points) as pbcore reads them, or ``(None, None)`` for a malformed ballot."""
    try:
        if vote.ballot_type == "cumulative":
            pairs = list(choices.items()) if isinstance(choices, dict) else [tuple(p) for p in choices]
            pairs = [(int(n), int(p)) for n, p in pairs if int(p) != 0]
            return [str(n) for n, _p in pairs], [p for _n, p in pairs]
        return [str(int(n)) for n in choices], None
    except (TypeError, ValueError):
        return None, None


def normalise(vote: Any, choices: Any) -> list[Any]:
    """The stored form: sets sorted, rankings kept in order, points as [number, points] pairs."""
    ids, points = ballot_ids(vote, choices)
    assert ids is not None
    if vote.ballot_type == "cumulative":
        return sorted([int(i), p] for i, p in zip(ids, points or [], strict=True))
    if vote.ballot_type == "ranked":
        return [int(i) for i in ids]
    return sorted(int(i) for i in ids)


def _ballot_parts(vote: Any, ballot: Any) -> tuple[list[int], list[int] | None]:
    if vote.ballot_type == "cumulative":
        return [n for n, _p in ballot.choices], [p for _n, p in ballot.choices]
    return list(ballot.choices), None


def build_election(vote: Any, pool: Any, winners: set[int] | None = None) -> Election:
    """The pool's election from the stored ballots; ``winners`` adds Pabulib's ``selected`` column."""
    candidates = [c for c in vote.candidates.all() if c.pool_id == pool.pk]
    extra = (lambda c: (("selected", "1" if c.number in winners else "0"),)) if winners is not None else None
    projects = tuple(_project(c, extra(c) if extra else ()) for c in candidates)
    index = {int(p.id): i for i, p in enumerate(projects)}
    fields = open_data_voter_fields(vote)
    ballots, rows = [], []
    for ballot in vote.ballots.order_by("id"):  # random order: voter ids reveal nothing
        numbers, points = _ballot_parts(vote, ballot)
        keep = [k for k, n in enumerate(numbers) if n in index]
        if not keep:
            continue
        ballots.append(
            PbBallot(
                tuple(index[numbers[k]] for k in keep),
                tuple(points[k] for k in keep) if points is not None else None,
            )
        )
        rows.append(tuple(VOTER_FIELD_VALUES[f](ballot) for f in fields))
    small = int(vote.eligibility.get("min_group_size_published", 5))
    rows = _suppress_small_cells(rows, small)
    quotas = _quotas(pool)
    meta = {
        "description": f"{vote.title} · {pool.jurisdiction.name}",
        "country": "China",
        "unit": vote.cycle.jurisdiction.name,
        "instance": str(vote.cycle.pk)[:8],
        "num_projects": str(len(projects)),
        "num_votes": str(len(ballots)),
        "budget": str(pool.amount),
        "vote_type": vote_type(vote).value,
        "rule": vote.rule,
        "currency": "CNY",
        "language": "zh",
        "date_begin": vote.opened_at.date().isoformat() if vote.opened_at else "",
        "date_end": vote.closes_at.date().isoformat(),
    }
    return Election(
        meta=meta,
        budget=Fraction(pool.amount),
        vote_type=vote_type(vote),
        projects=projects,
        profile=Profile(
            vote_type=vote_type(vote),
            voter_ids=tuple(str(i) for i in range(1, len(ballots) + 1)),
            ballots=tuple(ballots),
            voter_fields=fields,
            voter_values=tuple(rows) if fields else (),
            num_projects=len(projects),
        ),
        limits=_limits(vote, pool),
        category_quotas=quotas,
        project_columns=(
            "project_id",
            "cost",
            "name",
            "category",
            *(("selected",) if winners is not None else ()),
        ),
        vote_columns=(
            "voter_id",
            "vote",
            *(("points",) if vote.ballot_type == "cumulative" else ()),
            *fields,
        ),
    )


def open_data_voter_fields(vote: Any) -> tuple[str, ...]:
    """The voter fields the rulebook allowed when the vote opened (votes opened before the
    parameter existed carry the age band, as they always did)."""
    wanted = vote.eligibility.get("open_data_voter_fields", ["age_band"])
    return tuple(f for f in dict.fromkeys(wanted) if f in VOTER_FIELD_VALUES)


def _suppress_small_cells(rows: list[tuple[str, ...]], small: int) -> list[tuple[str, ...]]:
    """Blank every value shared by fewer than ``small`` ballots, column by column."""
    columns = list(zip(*rows, strict=True))
    counts = [Counter(column) for column in columns]
    return [tuple(v if v and counts[i][v] >= small else "" for i, v in enumerate(row)) for row in rows]


def _quotas(pool: Any) -> dict[str, Fraction]:
    pairs = (
        ("construction", pool.quota_construction),
        ("service", pool.quota_service),
        ("goods", pool.quota_goods),
    )
    return {name: Fraction(amount) for name, amount in pairs if amount}


def run_rule(vote: Any, election: Election) -> Outcome:
    key, params = resolve(vote.rule)
    if election.category_quotas:
        return with_category_quotas(election, rule=RULES[key], **params)
    return RULES[key](election, **params)


def _yuan(value: Fraction | None) -> str:
    if value is None:
        return "—"
    return f"{int(value):,}" if value.denominator == 1 else f"{float(value):,.2f}"


def explain(record: ProjectRecord) -> str:
    """The engine's reason for one project, in plain Chinese."""
    s = record.status
    score = _yuan(record.score)
    if s is Status.SELECTED and record.rank is not None:
        return _("入选：得分 %(s)s，排第 %(r)s 位；轮到它时还剩 %(left)s 元，够它的预算 %(c)s 元。") % {
            "s": score,
            "r": record.rank,
            "left": _yuan(record.budget_left),
            "c": _yuan(record.cost),
        }
    if s is Status.SELECTED:
        return _("入选：在第 %(n)s 轮由支持它的居民平均分担了 %(c)s 元的预算。") % {
            "n": record.round or "—",
            "c": _yuan(record.cost),
        }
    if s is Status.DOES_NOT_FIT:
        short = None if record.budget_left is None else record.cost - record.budget_left
        return _(
            "未入选：得分 %(s)s，排第 %(r)s 位；轮到它时只剩 %(left)s 元，比它的预算还差 %(short)s 元。"
        ) % {"s": score, "r": record.rank, "left": _yuan(record.budget_left), "short": _yuan(short)}
    if s is Status.STOPPED:
        return _("未入选：排第 %(r)s 位；前面有项目放不下，按规则计票在那里停止。") % {"r": record.rank}
    if s is Status.NO_SUPPORT:
        return _("未入选：没有人投票给它。")
    if s is Status.UNAFFORDABLE:
        return _("未入选：支持它的居民分到的预算合起来不够它的 %(c)s 元。") % {"c": _yuan(record.cost)}
    if s is Status.BELOW_THRESHOLD:
        return _("未入选：得分 %(s)s，没有达到规则要求的最低得分。") % {"s": score}
    return _("未入选：在预算内的最优组合里没有它。")


def tally(vote: Any) -> dict[str, Any]:
    """Count every pool with pbcore and return the published result (JSON-ready).

    The stored result is the public record: its explanations are written in the platform's source
    language (Chinese), whatever language the staff member who closed the vote reads the site in."""
    with translation.override(settings.LANGUAGE_CODE):
        return _tally(vote)


def _tally(vote: Any) -> dict[str, Any]:
    pools = []
    decided = True
    for pool in _pools(vote):
        election = build_election(vote, pool)
        outcome = run_rule(vote, election)
        decided = decided and outcome.decided
        winners = [int(pid) for pid in outcome.selected]
        projects = []
        for project in election.projects:
            record = outcome.projects[project.id]
            projects.append(
                {
                    "number": int(project.id),
                    "title": project.name,
                    "category": project.categories[0],
                    "cost": int(project.cost),
                    "score": _yuan(record.score),
                    "selected": int(project.id) in winners,
                    "explanation": explain(record),
                }
            )
        projects.sort(key=lambda p: (not p["selected"], -Fraction(p["score"].replace(",", "")), p["number"]))
        pools.append(
            {
                "id": str(pool.pk),
                "name": str(pool),
                "budget": pool.amount,
                "spent": int(outcome.total_cost),
                "winners": winners,
                "ballots": election.profile.num_voters,
                "projects": projects,
            }
        )
    return {"rule": vote.rule, "decided": decided, "pools": pools, **turnout(vote)}


def turnout(vote: Any) -> dict[str, Any]:
    from roundtable.voting.models import Participation

    roll = vote.roll.count()
    voted = vote.participations.count()
    small = int(vote.eligibility.get("min_group_size_published", 5))
    by_channel = dict(Counter(vote.participations.values_list("channel", flat=True)))
    roll_bands = Counter(vote.roll.values_list("age_band", flat=True))
    voted_bands = Counter(
        Participation.objects.filter(vote_event=vote).values_list("roll_entry__age_band", flat=True)
    )
    by_age = []
    for band in sorted(b for b in roll_bands if b):
        shown = roll_bands[band] >= small and voted_bands[band] >= small
        by_age.append({"band": band, "roll": roll_bands[band], "voted": voted_bands[band] if shown else None})
    return {
        "roll": roll,
        "voted": voted,
        "ballots": vote.ballots.count(),
        "turnout_pct": f"{100 * voted / roll:.1f}%" if roll else "—",
        "by_channel": by_channel,
        "by_age": by_age,
        "min_group_size": small,
    }


def pabulib_export(vote: Any, pool: Any) -> str:
    winners = {n for p in vote.result.get("pools", []) if p["id"] == str(pool.pk) for n in p["winners"]}
    return pabulib_string(build_election(vote, pool, winners=winners))
