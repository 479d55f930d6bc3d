"""One model instance from one plain SQL statement, for the few hot paths where building the
statement through the ORM costs more than running it (see roundtable/voting/ballot_box.py).

Lighter than ``Model.objects.raw``: no queryset, no per-row column mapping; the instance is built
by ``Model.from_db`` as the ORM builds its own. Extra columns (beyond the model's) become attributes.
"""

from functools import cache
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model

M = TypeVar("M", bound=Model)


def row_prep(model: type[Model], field: str, value: Any) -> Any:
    """``value`` as the model's field sends it to the database."""
    return model._meta.get_field(field).get_db_prep_save(value, connection)


def row_fetch(sql: str, params: list[Any]) -> tuple[Any, ...] | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row: tuple[Any, ...] | None = cursor.fetchone()
        return row


def row_instance(model: type[M], sql: str, params: list[Any]) -> M | None:
    """The instance of the first row of ``sql``, which selects all the model's columns (in any
    order: ``SELECT t.*`` gives the table's order) and any extra columns, set as attributes."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        if row is None:
            return None
        layout = _layouts.get((model, sql, connection.vendor))
        if layout is None:  # reading the column names is itself costly (psycopg builds objects)
            names = [column[0] for column in cursor.description]
            layout = _layouts[model, sql, connection.vendor] = _layout(model, names)
    positions, extras = layout
    values = [row[i] for i in positions]
    for index, converters in _converters(model, connection.vendor):
        value = values[index]
        for converter, column in converters:
            value = converter(value, column, connection)
        values[index] = value
    instance = model.from_db(connection.alias, _attnames(model), values)
    for index, name in extras:
        setattr(instance, name, row[index])
    return instance


@cache
def _attnames(model: type[Model]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


# (model, statement, vendor) -> where each model column is in the row, and the extra columns (index, name)
_layouts: dict[tuple[type[Model], str, str], tuple[list[int], list[tuple[int, str]]]] = {}


def _layout(model: type[Model], names: list[str]) -> tuple[list[int], list[tuple[int, str]]]:
    where = {name: index for index, name in enumerate(names)}
    positions = [where[field.column] for field in model._meta.concrete_fields]
    extras = [(index, name) for index, name in enumerate(names) if index not in set(positions)]
    return positions, extras


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
