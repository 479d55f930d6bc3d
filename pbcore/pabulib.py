"""Read and write the Pabulib ``.pb`` format (https://pabulib.org/format).

The reader streams the file once through :mod:`csv` (``;``-separated, ``"``-quoted) and resolves
every vote with a dict, so it is linear in the file size.  Identical raw ballots are interned:
all voters who cast ``c1,c2`` share one :class:`~pbcore.election.Ballot`, which also makes the
profile's collapsed view cheap.  Anything malformed raises :class:`PabulibError`.

Beyond the published format the reader understands two project/META conventions of ours:
a PROJECTS column ``pool`` and the META keys ``pools`` / ``budget_per_pool`` (parallel comma lists,
like Pabulib's ``categories`` / ``budget_per_category``).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator, Mapping
from fractions import Fraction
from operator import itemgetter
from typing import Any, Protocol, TextIO

from pbcore.election import (
    Ballot,
    BallotLimits,
    Election,
    Number,
    Profile,
    Project,
    VoteType,
)

__all__ = [
    "PabulibError",
    "format_number",
    "pabulib_string",
    "parse_number",
    "parse_pabulib_string",
    "read_pabulib",
    "write_pabulib",
]

SECTIONS = ("META", "PROJECTS", "VOTES")
CATEGORY_COLUMNS = ("category", "categories")
TARGET_COLUMNS = ("target", "targets", "beneficiaries")
ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(voters_read, voters_expected)`` while VOTES is read."""

_PROGRESS_EVERY = 16384


class _CsvWriter(Protocol):
    def writerow(self, row: Any, /) -> Any: ...


class PabulibError(ValueError):
    """A ``.pb`` file that cannot be read.  ``str()`` names the line, section and field."""

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        section: str | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.line = line
        self.section = section
        self.field = field
        super().__init__(self._describe())

    def _describe(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.section is not None:
            where.append(f"section {self.section}")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


# -- numbers -----------------------------------------------------------------------------------


def parse_number(text: str) -> Fraction:
    """Parse an exact number: ``12``, ``-3``, ``1000000.50``, ``1000000,50`` (decimal comma), ``1/3``.

    Raises ``ValueError`` on anything else.
    """
    cleaned = text.strip()
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not cleaned or "_" in cleaned or cleaned.lower() in ("nan", "inf", "-inf", "infinity"):
        raise ValueError(f"not a number: {text!r}")
    try:
        return Fraction(cleaned)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"not a number: {text!r}") from None


def _parse_points(text: str) -> Number:
    try:
        return int(text)
    except ValueError:
        value = parse_number(text)
        return value.numerator if value.denominator == 1 else value


def format_number(value: Number) -> str:
    """Exact text for a number: an integer, a finite decimal, or ``p/q`` when no decimal exists."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    denominator, twos, fives = value.denominator, 0, 0
    while denominator % 2 == 0:
        denominator, twos = denominator // 2, twos + 1
    while denominator % 5 == 0:
        denominator, fives = denominator // 5, fives + 1
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    digits = max(twos, fives)
    scaled = abs(value.numerator) * 10**digits // value.denominator
    sign = "-" if value < 0 else ""
    whole, fraction = divmod(scaled, 10**digits)
    return f"{sign}{whole}.{fraction:0{digits}d}"


# -- reading -----------------------------------------------------------------------------------


def read_pabulib(
    source: str | os.PathLike[str] | TextIO, *, progress: ProgressCallback | None = None
) -> Election:
    """Read a ``.pb`` file (a path or an open text stream).

    A path is opened as UTF-8 with an optional BOM; CRLF line ends are accepted.
    """
    if isinstance(source, str | os.PathLike):
        with open(source, encoding="utf-8-sig", newline="") as stream:
            return _Reader(stream, progress).read()
    return _Reader(source, progress).read()


def parse_pabulib_string(text: str) -> Election:
    """Read a ``.pb`` file from a string."""
    return _Reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), None).read()


class _Reader:
    """One pass over the rows of a file, section by section."""

    def __init__(self, stream: TextIO, progress: ProgressCallback | None) -> None:
        self._csv = csv.reader(stream, delimiter=";", quotechar='"', strict=False)
        self._rows = self._nonblank_rows()
        self._progress = progress
        self._pending: list[str] | None = None

    @property
    def line(self) -> int:
        return self._csv.line_num

    def _nonblank_rows(self) -> Iterator[list[str]]:
        for row in self._csv:
            if not _is_blank(row):
                yield row

    def _next_row(self) -> list[str] | None:
        if self._pending is not None:
            row, self._pending = self._pending, None
            return row
        return next(self._rows, None)

    def _expect_section(self, name: str) -> None:
        row = self._next_row()
        if row is None:
            raise PabulibError(f"the file ends before the {name} section", line=self.line, section=name)
        if _section_name(row) != name:
            raise PabulibError(
                f"expected the {name} section here, found {';'.join(row)[:60]!r}",
                line=self.line,
                section=name,
            )
        header = self._next_row()
        while header is not None and _section_name(header) == name:  # some files repeat the marker
            header = self._next_row()
        if header is None or _section_name(header) is not None:
            raise PabulibError(f"the {name} section has no header row", line=self.line, section=name)
        self._pending = header

    def _section_rows(self) -> Iterator[list[str]]:
        while True:
            row = self._next_row()
            if row is None:
                return
            if _section_name(row) is not None:
                self._pending = row
                return
            yield row

    def read(self) -> Election:
        meta = self._read_meta()
        budget = _meta_budget(meta)
        vote_type = _meta_vote_type(meta)
        columns, projects = self._read_projects()
        vote_columns, profile = self._read_votes(vote_type, projects, _expected_voters(meta))
        return Election(
            meta=meta,
            budget=budget,
            vote_type=vote_type,
            projects=projects,
            profile=profile,
            limits=_meta_limits(meta),
            pools=_meta_amounts(meta, "pools", "budget_per_pool"),
            category_quotas=_meta_amounts(meta, "categories", "budget_per_category"),
            project_columns=columns,
            vote_columns=vote_columns,
        )

    # META

    def _read_meta(self) -> dict[str, str]:
        self._expect_section("META")
        header = self._next_row()
        assert header is not None  # _expect_section left it pending
        meta: dict[str, str] = {}
        if [cell.strip() for cell in header[:2]] != ["key", "value"]:
            self._add_meta(meta, header)  # tolerate a missing "key;value" header
        for row in self._section_rows():
            self._add_meta(meta, row)
        return meta

    def _add_meta(self, meta: dict[str, str], row: list[str]) -> None:
        key = row[0].strip()
        if not key:
            raise PabulibError("a META row has an empty key", line=self.line, section="META")
        if key in meta:
            raise PabulibError(f"META key {key!r} appears twice", line=self.line, section="META", field=key)
        meta[key] = ";".join(row[1:])  # an unquoted ';' inside a value stays part of it

    # PROJECTS

    def _read_projects(self) -> tuple[tuple[str, ...], tuple[Project, ...]]:
        self._expect_section("PROJECTS")
        header = self._header("PROJECTS", required=("project_id", "cost"))
        layout = _ProjectLayout(header)
        projects: list[Project] = []
        seen: dict[str, int] = {}
        for row in self._section_rows():
            project = self._project(layout, row)
            if project.id in seen:
                raise PabulibError(
                    f"project id {project.id!r} appears twice (first on line {seen[project.id]})",
                    line=self.line,
                    section="PROJECTS",
                    field="project_id",
                )
            seen[project.id] = self.line
            projects.append(project)
        return header, tuple(projects)

    def _header(self, section: str, required: tuple[str, ...]) -> tuple[str, ...]:
        row = self._next_row()
        assert row is not None
        header = tuple(cell.strip() for cell in row)
        for column in required:
            if column not in header:
                raise PabulibError(
                    f"the header has no {column!r} column", line=self.line, section=section, field=column
                )
        duplicates = {c for c in header if header.count(c) > 1}
        if duplicates:
            raise PabulibError(
                f"the header repeats column {sorted(duplicates)[0]!r}", line=self.line, section=section
            )
        return header

    def _project(self, layout: _ProjectLayout, row: list[str]) -> Project:
        cells = _fit_row(row, len(layout.header), "PROJECTS", self.line)
        project_id = cells[layout.id].strip()
        if not project_id:
            raise PabulibError("empty project id", line=self.line, section="PROJECTS", field="project_id")
        try:
            cost = parse_number(cells[layout.cost])
        except ValueError:
            raise PabulibError(
                f"project {project_id!r} has a cost that is not a number: {cells[layout.cost]!r}",
                line=self.line,
                section="PROJECTS",
                field="cost",
            ) from None
        if cost < 0:
            raise PabulibError(
                f"project {project_id!r} has a negative cost",
                line=self.line,
                section="PROJECTS",
                field="cost",
            )
        return Project(
            id=project_id,
            cost=cost,
            name=cells[layout.name] if layout.name is not None else "",
            categories=_split_labels(cells[layout.category]) if layout.category is not None else (),
            targets=_split_labels(cells[layout.target]) if layout.target is not None else (),
            pool=(cells[layout.pool].strip() or None) if layout.pool is not None else None,
            extra=tuple((layout.header[i], cells[i]) for i in layout.extra),
        )

    # VOTES

    def _read_votes(
        self, vote_type: VoteType, projects: tuple[Project, ...], expected: int
    ) -> tuple[tuple[str, ...], Profile]:
        self._expect_section("VOTES")
        header = self._header("VOTES", required=("voter_id", "vote"))
        header_line = self.line
        if vote_type.has_points and "points" not in header:
            raise PabulibError(
                f"a {vote_type} election needs a 'points' column",
                line=self.line,
                section="VOTES",
                field="points",
            )
        votes = _VoteTable(header, {p.id: i for i, p in enumerate(projects)})
        while votes.read_rows(self._csv, _PROGRESS_EVERY):
            if self._progress is not None:
                self._progress(len(votes.voter_ids), expected)
        self._pending = votes.stopped_at
        if self._pending is not None:
            raise PabulibError(
                f"unexpected section {self._pending[0]!r} after VOTES", line=self.line, section="VOTES"
            )
        # Every row took one line iff the line count adds up; then a voter's line is computable.
        regular = self.line == header_line + len(votes.voter_ids)
        votes.check_unique_ids(header_line if regular else None)
        if self._progress is not None:
            self._progress(len(votes.voter_ids), max(expected, len(votes.voter_ids)))
        return header, votes.profile(vote_type, len(projects))


class _ProjectLayout:
    """Where each known PROJECTS column sits in the header."""

    def __init__(self, header: tuple[str, ...]) -> None:
        self.header = header
        self.id = header.index("project_id")
        self.cost = header.index("cost")
        self.name = _first_index(header, ("name",))
        self.category = _first_index(header, CATEGORY_COLUMNS)
        self.target = _first_index(header, TARGET_COLUMNS)
        self.pool = _first_index(header, ("pool",))
        mapped = {self.id, self.cost, self.name, self.category, self.target, self.pool}
        self.extra = tuple(i for i in range(len(header)) if i not in mapped)


class _VoteTable:
    """Accumulates VOTES rows column-wise, interning identical ballots and metadata rows."""

    def __init__(self, header: tuple[str, ...], project_index: Mapping[str, int]) -> None:
        self.width = len(header)
        self.id_column = header.index("voter_id")
        self.vote_column = header.index("vote")
        self.points_column = header.index("points") if "points" in header else None
        known = {self.id_column, self.vote_column, self.points_column}
        self.field_columns = tuple(i for i in range(len(header)) if i not in known)
        self.fields = tuple(header[i] for i in self.field_columns)
        self._project_index = project_index
        self.voter_ids: list[str] = []
        self.ballots: list[Ballot] = []
        self.values: list[tuple[str, ...]] = []
        self._ballot_cache: dict[object, Ballot] = {}
        self._values_cache: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.stopped_at: list[str] | None = None  # the section marker that ended VOTES, if any
        self._get_values = _tuple_getter(self.field_columns)

    def read_rows(
        self,
        reader: Iterator[list[str]],
        limit: int,
    ) -> bool:
        """Read up to ``limit`` rows; return whether more may follow.

        Kept as one tight loop with local names: it runs once per voter.
        """
        width, id_column, vote_column, points_column = (
            self.width,
            self.id_column,
            self.vote_column,
            self.points_column,
        )
        cache_get, add_id, add_ballot = self._ballot_cache.get, self.voter_ids.append, self.ballots.append
        get_values, intern_values, add_values = (
            self._get_values,
            self._values_cache.setdefault,
            self.values.append,
        )
        has_fields = bool(self.field_columns)
        count = 0
        for row in reader:
            if len(row) != width:
                if _section_name(row) is not None:
                    self.stopped_at = row
                    return False
                if _is_blank(row):
                    continue
                row = _fit_row(row, width, "VOTES", getattr(reader, "line_num", None))  # noqa: PLW2901
            vote = row[vote_column]
            key: object = vote if points_column is None else (vote, row[points_column])
            ballot = cache_get(key)
            if ballot is None:
                ballot = self._new_ballot(key, row, getattr(reader, "line_num", None))
            add_id(row[id_column])
            add_ballot(ballot)
            if has_fields:
                values = get_values(row)
                add_values(intern_values(values, values))
            count += 1
            if count == limit:
                return True
        return False

    def _new_ballot(self, key: object, row: list[str], line: int | None) -> Ballot:
        points = None if self.points_column is None else row[self.points_column]
        made = self._make_ballot(row[self.id_column], row[self.vote_column], points)
        if isinstance(made, tuple):
            raise PabulibError(made[1], line=line, section="VOTES", field=made[0])
        self._ballot_cache[key] = made
        return made

    def check_unique_ids(self, header_line: int | None) -> None:
        """Raise on the first repeated voter id (done once at the end: a set is cheap, a dict per row is not)."""
        if len(set(self.voter_ids)) == len(self.voter_ids):
            return
        first: dict[str, int] = {}
        for index, voter_id in enumerate(self.voter_ids):
            if voter_id in first:
                earlier = first[voter_id]
                if header_line is None:
                    where, line = f"voter #{earlier + 1} and voter #{index + 1} of VOTES", None
                else:
                    where, line = f"first on line {header_line + earlier + 1}", header_line + index + 1
                raise PabulibError(
                    f"voter id {voter_id!r} appears twice ({where})",
                    line=line,
                    section="VOTES",
                    field="voter_id",
                )
            first[voter_id] = index

    def _make_ballot(self, voter_id: str, vote: str, points_text: str | None) -> Ballot | tuple[str, str]:
        names = [name.strip() for name in vote.split(",")] if vote.strip() else []
        indices = []
        for name in names:
            index = self._project_index.get(name)
            if index is None:
                return "vote", f"voter {voter_id!r} votes for unknown project {name!r}"
            indices.append(index)
        if points_text is None:
            return Ballot(tuple(indices))
        return self._points_ballot(voter_id, indices, points_text)

    def _points_ballot(self, voter_id: str, indices: list[int], text: str) -> Ballot | tuple[str, str]:
        cells = [cell.strip() for cell in text.split(",")] if text.strip() else []
        if len(cells) != len(indices):
            return "points", (
                f"voter {voter_id!r} lists {len(indices)} projects but {len(cells)} points; "
                "the two lists must have the same length"
            )
        if len(set(indices)) != len(indices):
            return "vote", f"voter {voter_id!r} gives points to the same project twice"
        try:
            points = tuple(_parse_points(cell) for cell in cells)
        except ValueError:
            bad = next(c for c in cells if not _is_number(c))
            return "points", f"voter {voter_id!r} has points that are not a number: {bad!r}"
        return Ballot(tuple(indices), points)

    def profile(self, vote_type: VoteType, num_projects: int) -> Profile:
        return Profile(
            vote_type=vote_type,
            voter_ids=tuple(self.voter_ids),
            ballots=tuple(self.ballots),
            voter_fields=self.fields,
            voter_values=tuple(self.values) if self.field_columns else (),
            num_projects=num_projects,
        )


def _tuple_getter(columns: tuple[int, ...]) -> Callable[[list[str]], tuple[str, ...]]:
    if not columns:
        return lambda row: ()
    if len(columns) == 1:
        only = columns[0]
        return lambda row: (row[only],)
    getter: Callable[[list[str]], tuple[str, ...]] = itemgetter(*columns)
    return getter


def _is_blank(row: list[str]) -> bool:
    return not row or (len(row) == 1 and not row[0].strip())


def _fit_row(row: list[str], width: int, section: str, line: int | None) -> list[str]:
    if len(row) < width:  # trailing empty cells are often dropped by spreadsheet exports
        return row + [""] * (width - len(row))
    if len(row) > width:
        raise PabulibError(
            f"the row has {len(row)} fields but the header has {width}", line=line, section=section
        )
    return row


def _is_number(text: str) -> bool:
    try:
        parse_number(text)
    except ValueError:
        return False
    return True


def _section_name(row: list[str]) -> str | None:
    if len(row) == 1 and row[0].strip() in SECTIONS:
        return row[0].strip()
    return None


def _first_index(header: tuple[str, ...], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def _split_labels(text: str) -> tuple[str, ...]:
    return tuple(label for label in (part.strip() for part in text.split(",")) if label)


# -- META meaning --------------------------------------------------------------------------------


def _meta_error(key: str, message: str) -> PabulibError:
    return PabulibError(message, section="META", field=key)


def _meta_budget(meta: Mapping[str, str]) -> Fraction:
    if "budget" not in meta or not meta["budget"].strip():
        raise _meta_error("budget", "missing budget: META must have a 'budget' row")
    budget = _meta_fraction(meta, "budget")
    assert budget is not None
    if budget < 0:
        raise _meta_error("budget", "the budget is negative")
    return budget


def _meta_vote_type(meta: Mapping[str, str]) -> VoteType:
    text = meta.get("vote_type", "").strip()
    if not text:
        raise _meta_error("vote_type", "missing vote_type: META must have a 'vote_type' row")
    try:
        return VoteType(text)
    except ValueError:
        known = ", ".join(v.value for v in VoteType)
        raise _meta_error("vote_type", f"unknown vote_type {text!r} (expected one of: {known})") from None


def _meta_fraction(meta: Mapping[str, str], key: str) -> Fraction | None:
    text = meta.get(key, "").strip()
    if not text:
        return None
    try:
        return parse_number(text)
    except ValueError:
        raise _meta_error(key, f"{key} is not a number: {text!r}") from None


def _meta_points(meta: Mapping[str, str], key: str) -> Number | None:
    value = _meta_fraction(meta, key)
    if value is None:
        return None
    return value.numerator if value.denominator == 1 else value


def _meta_int(meta: Mapping[str, str], key: str) -> int | None:
    value = _meta_fraction(meta, key)
    if value is None:
        return None
    if value.denominator != 1:
        raise _meta_error(key, f"{key} must be a whole number, not {meta[key]!r}")
    return value.numerator


def _meta_limits(meta: Mapping[str, str]) -> BallotLimits:
    return BallotLimits(
        min_length=_meta_int(meta, "min_length"),
        max_length=_meta_int(meta, "max_length"),
        min_sum_cost=_meta_fraction(meta, "min_sum_cost"),
        max_sum_cost=_meta_fraction(meta, "max_sum_cost"),
        min_points=_meta_points(meta, "min_points"),
        max_points=_meta_points(meta, "max_points"),
        min_sum_points=_meta_points(meta, "min_sum_points"),
        max_sum_points=_meta_points(meta, "max_sum_points"),
        max_sum_cost_per_category=_meta_amounts(meta, "categories", "max_sum_cost_per_category"),
        min_length_per_category=_whole(meta, "min_length_per_category"),
        max_length_per_category=_whole(meta, "max_length_per_category"),
    )


def _whole(meta: Mapping[str, str], key: str) -> dict[str, int]:
    amounts = _meta_amounts(meta, "categories", key)
    if any(v.denominator != 1 for v in amounts.values()):
        raise _meta_error(key, f"{key} must hold whole numbers")
    return {label: v.numerator for label, v in amounts.items()}


def _meta_amounts(meta: Mapping[str, str], labels_key: str, amounts_key: str) -> dict[str, Fraction]:
    """Pair a label list (``categories``) with a parallel amount list (``budget_per_category``).

    A single amount applies to every label (``min_length_per_category;0``).
    """
    text = meta.get(amounts_key, "").strip()
    if not text:
        return {}
    labels = _split_labels(meta.get(labels_key, ""))
    if not labels:
        raise _meta_error(amounts_key, f"{amounts_key} is given but META has no {labels_key!r} list")
    cells = [cell.strip() for cell in text.split(",")]
    if len(cells) == 1:
        cells *= len(labels)
    if len(cells) != len(labels):
        raise _meta_error(
            amounts_key, f"{amounts_key} has {len(cells)} values but {labels_key} names {len(labels)}"
        )
    try:
        return {label: parse_number(cell) for label, cell in zip(labels, cells, strict=True)}
    except ValueError:
        raise _meta_error(
            amounts_key, f"{amounts_key} holds a value that is not a number: {text!r}"
        ) from None


def _expected_voters(meta: Mapping[str, str]) -> int:
    try:
        return int(meta.get("num_votes", "0"))
    except ValueError:
        return 0


# -- writing -----------------------------------------------------------------------------------


def write_pabulib(election: Election, target: str | os.PathLike[str] | TextIO) -> None:
    """Write ``election`` as a ``.pb`` file (UTF-8, LF line ends, ``;``-separated)."""
    if isinstance(target, str | os.PathLike):
        with open(target, "w", encoding="utf-8", newline="") as stream:
            _write(election, stream)
    else:
        _write(election, target)


def pabulib_string(election: Election) -> str:
    """The ``.pb`` text of ``election``."""
    buffer = io.StringIO(newline="")
    _write(election, buffer)
    return buffer.getvalue()


def _write(election: Election, stream: TextIO) -> None:
    writer = csv.writer(stream, delimiter=";", quotechar='"', lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    writer.writerows(_meta_for_writing(election).items())
    writer.writerow(["PROJECTS"])
    columns = _project_columns(election)
    writer.writerow(columns)
    writer.writerows([_project_cell(p, c) for c in columns] for p in election.projects)
    writer.writerow(["VOTES"])
    _write_votes(election, writer)


def _meta_for_writing(election: Election) -> dict[str, str]:
    """META verbatim, except keys whose text no longer matches the structured fields."""
    meta = dict(election.meta)
    if _meta_fraction_or_none(meta, "budget") != election.budget:
        meta["budget"] = format_number(election.budget)
    if meta.get("vote_type", "").strip() != election.vote_type.value:
        meta["vote_type"] = election.vote_type.value
    limits = election.limits
    scalar_limits: dict[str, Number | None] = {
        "min_length": limits.min_length,
        "max_length": limits.max_length,
        "min_sum_cost": limits.min_sum_cost,
        "max_sum_cost": limits.max_sum_cost,
        "min_points": limits.min_points,
        "max_points": limits.max_points,
        "min_sum_points": limits.min_sum_points,
        "max_sum_points": limits.max_sum_points,
    }
    for key, value in scalar_limits.items():
        if _meta_fraction_or_none(meta, key) != value:
            if value is None:
                meta.pop(key, None)
            else:
                meta[key] = format_number(value)
    _put_amounts(meta, "pools", "budget_per_pool", election.pools)
    _put_amounts(meta, "categories", "budget_per_category", election.category_quotas)
    _put_amounts(meta, "categories", "max_sum_cost_per_category", limits.max_sum_cost_per_category)
    _put_amounts(meta, "categories", "min_length_per_category", limits.min_length_per_category)
    _put_amounts(meta, "categories", "max_length_per_category", limits.max_length_per_category)
    return meta


def _meta_fraction_or_none(meta: Mapping[str, str], key: str) -> Fraction | None:
    try:
        return _meta_fraction(meta, key)
    except PabulibError:
        return None


def _put_amounts(
    meta: dict[str, str], labels_key: str, amounts_key: str, amounts: Mapping[str, Number]
) -> None:
    try:
        current = _meta_amounts(meta, labels_key, amounts_key)
    except PabulibError:
        current = {}
    if current == dict(amounts):
        return
    if not amounts:
        meta.pop(amounts_key, None)
        return
    labels = _split_labels(meta.get(labels_key, ""))
    if set(labels) != set(amounts):
        labels = tuple(amounts)
        meta[labels_key] = ",".join(labels)
    meta[amounts_key] = ",".join(format_number(amounts[label]) for label in labels)


def _project_columns(election: Election) -> list[str]:
    columns = list(election.project_columns)
    wanted = ["project_id", "cost"]
    if any(p.name for p in election.projects) and "name" not in columns:
        wanted.append("name")
    if any(p.categories for p in election.projects) and not set(CATEGORY_COLUMNS) & set(columns):
        wanted.append("category")
    if any(p.targets for p in election.projects) and not set(TARGET_COLUMNS) & set(columns):
        wanted.append("target")
    if any(p.pool for p in election.projects) and "pool" not in columns:
        wanted.append("pool")
    for project in election.projects:
        wanted.extend(name for name, _ in project.extra)
    for name in wanted:
        if name not in columns:
            columns.append(name)
    return columns


def _project_cell(project: Project, column: str) -> str:
    if column == "project_id":
        return project.id
    if column == "cost":
        return format_number(project.cost)
    if column == "name":
        return project.name
    if column in CATEGORY_COLUMNS:
        return ",".join(project.categories)
    if column in TARGET_COLUMNS:
        return ",".join(project.targets)
    if column == "pool":
        return project.pool or ""
    return project.extra_value(column, "") or ""


def _write_votes(election: Election, writer: _CsvWriter) -> None:
    profile = election.profile
    has_points = election.vote_type.has_points or any(b.points is not None for b in profile.ballots)
    keep = {"voter_id", "vote", *profile.voter_fields} | ({"points"} if has_points else set())
    columns = [c for c in election.vote_columns if c in keep]
    for needed in ("voter_id", "vote", *(("points",) if has_points else ()), *profile.voter_fields):
        if needed not in columns:
            columns.append(needed)
    writer.writerow(columns)
    ids = [p.id for p in election.projects]
    field_position = {name: i for i, name in enumerate(profile.voter_fields)}
    cell_makers: list[Callable[[int], str]] = []
    texts = _BallotTexts(ids)
    for column in columns:
        if column == "voter_id":
            cell_makers.append(profile.voter_ids.__getitem__)
        elif column == "vote":
            cell_makers.append(lambda v: texts.vote(profile.ballots[v]))
        elif column == "points":
            cell_makers.append(lambda v: texts.points(profile.ballots[v]))
        else:
            position = field_position[column]
            cell_makers.append(lambda v, position=position: profile.voter_values[v][position])  # type: ignore[misc]
    for voter in range(profile.num_voters):
        writer.writerow([make(voter) for make in cell_makers])


class _BallotTexts:
    """Vote / points text per distinct ballot object, computed once."""

    def __init__(self, ids: list[str]) -> None:
        self._ids = ids
        self._votes: dict[int, str] = {}
        self._points: dict[int, str] = {}

    def vote(self, ballot: Ballot) -> str:
        text = self._votes.get(id(ballot))
        if text is None:
            text = self._votes[id(ballot)] = ",".join(self._ids[i] for i in ballot.projects)
        return text

    def points(self, ballot: Ballot) -> str:
        text = self._points.get(id(ballot))
        if text is None:
            values = ballot.points or ()
            text = self._points[id(ballot)] = ",".join(format_number(p) for p in values)
        return text
