"""The election data model: projects, ballots, profiles and their collapsed views.

Interface note for other modules (kept stable; additions only)
---------------------------------------------------------------
* Projects are addressed by their **index** in ``Election.projects`` (file order) everywhere in the
  computing views; ``Election.project_index[project_id]`` maps ids to indices.
* ``Profile.ballots[v]`` is voter ``v``'s ballot exactly as cast (file order, ranked best-first for
  ordinal).  Identical raw ballots share one ``Ballot`` object.
* ``Profile.groups`` collapses ballots with the same *content* (an approval set, a ranking, or a set
  of (project, points) pairs) into ``BallotGroup``\\ s with integer weights.  Inside a group the
  projects are sorted by index, except for ordinal ballots, which keep their ranking.
  ``Profile.group_of_voter[v]`` and ``Profile.group_voters[g]`` join groups back to voters.
* ``Profile.supporters[p]`` lists the groups whose ballot contains project ``p`` (ascending), and
  ``Profile.supporter_points[p]`` the points each of those groups gives ``p`` (``None`` when the
  ballots carry no points).  ``Profile.weights[g]`` is the number of voters in group ``g``.

All money is ``fractions.Fraction``; points are ``int`` unless a file gives a fractional value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType

Number = int | Fraction
"""Points and ballot limits: exact, ``int`` whenever the value is whole."""


class VoteType(StrEnum):
    """Ballot formats, spelled as in Pabulib's ``vote_type`` META key."""

    APPROVAL = "approval"
    CHOOSE_1 = "choose-1"
    CUMULATIVE = "cumulative"
    SCORING = "scoring"
    ORDINAL = "ordinal"

    @property
    def has_points(self) -> bool:
        """Whether ballots of this type carry a points column."""
        return self in (VoteType.CUMULATIVE, VoteType.SCORING)


@dataclass(frozen=True, slots=True)
class Project:
    """One project on the ballot.

    ``extra`` holds every other PROJECTS column (``votes``, ``selected``, ``score``, ``latitude``, …)
    verbatim as ``(column, text)`` pairs in file order, so that a file can be written back unchanged.
    """

    id: str
    cost: Fraction
    name: str = ""
    categories: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    pool: str | None = None
    extra: tuple[tuple[str, str], ...] = ()

    def extra_value(self, column: str, default: str | None = None) -> str | None:
        """The verbatim text of an extra PROJECTS column, or ``default`` if absent."""
        for name, value in self.extra:
            if name == column:
                return value
        return default


@dataclass(frozen=True, slots=True)
class Ballot:
    """One ballot as cast: project indices in the file's order, and the parallel points if any."""

    projects: tuple[int, ...]
    points: tuple[Number, ...] | None = None


@dataclass(frozen=True, slots=True)
class BallotGroup:
    """Identical ballots collapsed: their content and how many voters cast it."""

    projects: tuple[int, ...]
    points: tuple[Number, ...] | None
    weight: int


@dataclass(frozen=True, slots=True)
class Voter:
    """A convenience view of one voter (built on demand by ``Profile.voter``)."""

    index: int
    id: str
    ballot: Ballot
    extra: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class BallotLimits:
    """Ballot-validity limits declared in META (``None`` = no limit).

    Per-category limits map a category label to its limit (``max_sum_cost_per_category``,
    ``min_length_per_category`` …, read against the ``categories`` META list when given as a list).
    """

    min_length: int | None = None
    max_length: int | None = None
    min_sum_cost: Fraction | None = None
    max_sum_cost: Fraction | None = None
    min_points: Number | None = None
    max_points: Number | None = None
    min_sum_points: Number | None = None
    max_sum_points: Number | None = None
    max_sum_cost_per_category: Mapping[str, Fraction] = field(default_factory=dict)
    min_length_per_category: Mapping[str, int] = field(default_factory=dict)
    max_length_per_category: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Profile:
    """All ballots of an election, per voter, plus cached collapsed views for computing.

    Stored column-wise (one tuple per field, aligned by voter index) because a per-voter object
    would dominate parse time and memory on 100k-ballot files.
    """

    vote_type: VoteType
    voter_ids: tuple[str, ...]
    ballots: tuple[Ballot, ...]
    voter_fields: tuple[str, ...] = ()
    voter_values: tuple[tuple[str, ...], ...] = ()
    num_projects: int = 0

    def __post_init__(self) -> None:
        if len(self.voter_ids) != len(self.ballots):
            raise ValueError("voter_ids and ballots must have the same length")
        if self.voter_fields and len(self.voter_values) != len(self.ballots):
            raise ValueError("voter_values must have one row per voter")

    def __len__(self) -> int:
        return len(self.ballots)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Profile):
            return NotImplemented
        return (
            self.vote_type == other.vote_type
            and self.voter_ids == other.voter_ids
            and self.ballots == other.ballots
            and self._voter_meta_rows() == other._voter_meta_rows()
        )

    __hash__ = None  # type: ignore[assignment]

    def _voter_meta_rows(self) -> list[dict[str, str]]:
        # Column order is presentation, not content: compare per-voter mappings.
        return [dict(zip(self.voter_fields, row, strict=True)) for row in self.voter_values]

    @property
    def num_voters(self) -> int:
        return len(self.ballots)

    def voter(self, index: int) -> Voter:
        """The voter at ``index`` with their ballot and extra columns."""
        extra: Mapping[str, str] = (
            dict(zip(self.voter_fields, self.voter_values[index], strict=True)) if self.voter_fields else {}
        )
        return Voter(index, self.voter_ids[index], self.ballots[index], MappingProxyType(dict(extra)))

    def voter_value(self, index: int, column: str) -> str | None:
        """One extra column (``age``, ``sex`` …) of one voter, or ``None`` if the file lacks it."""
        try:
            position = self.voter_fields.index(column)
        except ValueError:
            return None
        return self.voter_values[index][position]

    # -- collapsed view ------------------------------------------------------------------------

    @cached_property
    def _collapse(self) -> tuple[tuple[BallotGroup, ...], tuple[int, ...]]:
        by_object: dict[int, int] = {}  # id(Ballot) -> group; raw ballots are interned by the reader
        by_content: dict[tuple[tuple[int, ...], tuple[Number, ...] | None], int] = {}
        contents: list[tuple[tuple[int, ...], tuple[Number, ...] | None]] = []
        counts: list[int] = []
        group_of_voter: list[int] = []
        for ballot in self.ballots:
            group = by_object.get(id(ballot))
            if group is None:
                key = self._content_key(ballot)
                group = by_content.get(key)
                if group is None:
                    group = by_content[key] = len(contents)
                    contents.append(key)
                    counts.append(0)
                by_object[id(ballot)] = group
            counts[group] += 1
            group_of_voter.append(group)
        groups = tuple(
            BallotGroup(projects, points, weight)
            for (projects, points), weight in zip(contents, counts, strict=True)
        )
        return groups, tuple(group_of_voter)

    def _content_key(self, ballot: Ballot) -> tuple[tuple[int, ...], tuple[Number, ...] | None]:
        # The first mention of a project counts (a few real files list a project twice).
        first: dict[int, Number | None] = {}
        points = ballot.points or (None,) * len(ballot.projects)
        for project, value in zip(ballot.projects, points, strict=True):
            first.setdefault(project, value)
        pairs = list(first.items())
        if self.vote_type is not VoteType.ORDINAL:
            pairs.sort()  # content is a set: order by project index
        projects = tuple(p for p, _ in pairs)
        if ballot.points is None:
            return projects, None
        return projects, tuple(q for _, q in pairs if q is not None)

    @property
    def groups(self) -> tuple[BallotGroup, ...]:
        """Distinct ballot contents with their weights (first-seen order)."""
        return self._collapse[0]

    @property
    def group_of_voter(self) -> tuple[int, ...]:
        """For each voter, the index of their group in ``groups``."""
        return self._collapse[1]

    @cached_property
    def weights(self) -> tuple[int, ...]:
        return tuple(group.weight for group in self.groups)

    @cached_property
    def group_voters(self) -> tuple[tuple[int, ...], ...]:
        """For each group, the indices of the voters who cast it (ascending)."""
        members: list[list[int]] = [[] for _ in self.groups]
        for voter, group in enumerate(self.group_of_voter):
            members[group].append(voter)
        return tuple(tuple(m) for m in members)

    @cached_property
    def _support(self) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[Number, ...], ...] | None]:
        count = max(
            self.num_projects, 1 + max((max(g.projects, default=-1) for g in self.groups), default=-1)
        )
        groups_of: list[list[int]] = [[] for _ in range(count)]
        points_of: list[list[Number]] = [[] for _ in range(count)]
        has_points = any(group.points is not None for group in self.groups)
        for index, group in enumerate(self.groups):
            for position, project in enumerate(group.projects):
                groups_of[project].append(index)
                if has_points:
                    points_of[project].append(group.points[position] if group.points else 0)
        supporters = tuple(tuple(g) for g in groups_of)
        return supporters, (tuple(tuple(p) for p in points_of) if has_points else None)

    @property
    def supporters(self) -> tuple[tuple[int, ...], ...]:
        """For each project index, the groups whose ballot contains it (ascending group index)."""
        return self._support[0]

    @property
    def supporter_points(self) -> tuple[tuple[Number, ...], ...] | None:
        """Aligned with ``supporters``: the points each supporting group gives; ``None`` without points."""
        return self._support[1]

    @cached_property
    def approval_scores(self) -> tuple[int, ...]:
        """Number of voters whose ballot names each project (votes)."""
        return tuple(sum(self.weights[g] for g in groups) for groups in self.supporters)

    @cached_property
    def point_totals(self) -> tuple[Number, ...] | None:
        """Total points per project for points ballots; ``None`` for approval / choose-1 / ordinal."""
        points = self.supporter_points
        if points is None:
            return None
        return tuple(
            sum((self.weights[g] * q for g, q in zip(groups, pts, strict=True)), start=0)
            for groups, pts in zip(self.supporters, points, strict=True)
        )


@dataclass(frozen=True, eq=False)
class Election:
    """A participatory-budgeting election: META, projects, budget, limits, pools and the profile.

    ``meta`` is the META section verbatim (ordered).  ``budget``, ``vote_type``, ``limits``,
    ``pools`` and ``category_quotas`` are its parsed, exact meaning.  ``project_columns`` and
    ``vote_columns`` record the section headers so a writer can reproduce the file's layout.
    """

    meta: Mapping[str, str]
    budget: Fraction
    vote_type: VoteType
    projects: tuple[Project, ...]
    profile: Profile
    limits: BallotLimits = field(default_factory=BallotLimits)
    pools: Mapping[str, Fraction] = field(default_factory=dict)
    category_quotas: Mapping[str, Fraction] = field(default_factory=dict)
    project_columns: tuple[str, ...] = ("project_id", "cost")
    vote_columns: tuple[str, ...] = ("voter_id", "vote")

    def __post_init__(self) -> None:
        if len(self.project_index) != len(self.projects):
            raise ValueError("project ids must be unique")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Election):
            return NotImplemented
        return (
            dict(self.meta) == dict(other.meta)
            and self.budget == other.budget
            and self.vote_type == other.vote_type
            and self.projects == other.projects
            and self.limits == other.limits
            and dict(self.pools) == dict(other.pools)
            and dict(self.category_quotas) == dict(other.category_quotas)
            and self.profile == other.profile
        )

    __hash__ = None  # type: ignore[assignment]

    @cached_property
    def project_index(self) -> Mapping[str, int]:
        """Project id → index in ``projects``."""
        return MappingProxyType({project.id: index for index, project in enumerate(self.projects)})

    @property
    def num_projects(self) -> int:
        return len(self.projects)

    @property
    def costs(self) -> tuple[Fraction, ...]:
        return tuple(project.cost for project in self.projects)

    @property
    def rule(self) -> str | None:
        """The rule META names (``greedy``, ``equalshares/add1`` …), if any."""
        return self.meta.get("rule")

    def project(self, project_id: str) -> Project:
        return self.projects[self.project_index[project_id]]

    def indices(self, project_ids: Iterable[str]) -> tuple[int, ...]:
        """Project ids → indices (raises ``KeyError`` on an unknown id)."""
        return tuple(self.project_index[pid] for pid in project_ids)

    def ids(self, indices: Iterable[int]) -> tuple[str, ...]:
        return tuple(self.projects[i].id for i in indices)

    def total_cost(self, indices: Iterable[int]) -> Fraction:
        return sum((self.projects[i].cost for i in indices), start=Fraction(0))

    def pool_projects(self, pool: str | None) -> tuple[int, ...]:
        """Indices of the projects in ``pool`` (``None`` = projects without a pool)."""
        return tuple(i for i, project in enumerate(self.projects) if project.pool == pool)

    def category_projects(self, category: str) -> tuple[int, ...]:
        return tuple(i for i, project in enumerate(self.projects) if category in project.categories)
