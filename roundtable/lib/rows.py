"""Model instances from one plain SQL statement, for the few hot paths where building the
statement through the ORM costs more than running it (see roundtable/voting/ballot_box.py).

Lighter than ``Model.objects.raw``: no queryset, no per-row column mapping; instances are built by
``Model.from_db`` after the ORM's own converters, as the ORM builds them.
"""

from functools import cache
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model

M = TypeVar("M", bound=Model)
Layout = tuple[list[list[int]], list[tuple[int, str]]]


def row_prep(model: type[Model], field: str, value: Any) -> Any:
    """``value`` as the model's field sends it to the database."""
    return model._meta.get_field(field).get_db_prep_save(value, connection)


def row_fetch(sql: str, params: list[Any]) -> tuple[Any, ...] | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row: tuple[Any, ...] | None = cursor.fetchone()
        return row


def row_instance(model: type[M], sql: str, params: list[Any]) -> M | None:
    """The instance of the first row of ``sql``, which selects all the model's columns (``t.*``)
    and then any extra columns, set on it as attributes."""
    found = row_instances((model,), sql, params)
    return None if found is None else found[0]


def row_instances(models: tuple[type[Model], ...], sql: str, params: list[Any]) -> list[Any] | None:
    """One instance per model from the first row of ``sql``, which selects each model's columns in
    turn (``SELECT a.*, b.*``) and then any extra columns (set on the first instance). A block of
    nulls (an outer join that found nothing) gives None."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        if row is None:
            return None
        layout = _layouts.get((models, sql, connection.vendor))
        if layout is None:  # reading the column names is itself costly (psycopg builds objects)
            names = [column[0] for column in cursor.description]
            layout = _layouts[models, sql, connection.vendor] = _layout(models, names)
    blocks, extras = layout
    instances = [
        _instance(model, [row[i] for i in block]) for model, block in zip(models, blocks, strict=True)
    ]
    for index, name in extras:
        setattr(instances[0], name, row[index])
    return instances


def _instance(model: type[Model], values: list[Any]) -> Model | None:
    if all(value is None for value in values):
        return None
    for index, converters in _converters(model, connection.vendor):
        value = values[index]
        for converter, column in converters:
            value = converter(value, column, connection)
        values[index] = value
    return model.from_db(connection.alias, _attnames(model), values)


# (models, statement, vendor) -> where each model's columns are in the row (in field order), and
# the extra columns (index, name)
_layouts: dict[tuple[tuple[type[Model], ...], str, str], Layout] = {}


def _layout(models: tuple[type[Model], ...], names: list[str]) -> Layout:
    blocks, start = [], 0
    for model in models:
        fields = model._meta.concrete_fields
        where = {name: start + index for index, name in enumerate(names[start : start + len(fields)])}
        blocks.append([where[field.column] for field in fields])
        start += len(fields)
    return blocks, [(index, names[index]) for index in range(start, len(names))]


@cache
def _attnames(model: type[Model]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


@cache
def _converters(model: type[Model], vendor: str) -> list[tuple[int, list[Any]]]:
    """Per column in field order: the converters the ORM would apply (JSON, UUIDs on SQLite,
    aware datetimes...), as (index, [(converter, column)])."""
    found = []
    for index, field in enumerate(model._meta.concrete_fields):
        column = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if converters:
            found.append((index, [(converter, column) for converter in converters]))
    return found
