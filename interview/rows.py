"""Model instances from the rows of a join written out in SQL, converted as the ORM
converts them: for the reads on the autosave's path, where building a query with
select_related took three times as long as running it (bench/README.md)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Model


def columns(alias: str, model: type[Model]) -> str:
    """A SELECT list of the model's columns from the table aliased `alias`, in the
    order instances() reads them."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(f.column)}" for f in model._meta.concrete_fields)


def instances(
    rows: Iterable[Sequence[Any]], *models: type[Model]
) -> list[tuple[Model, ...]]:
    """Each row as one instance of each model in turn, its columns as columns()
    lists them: a datetime becomes aware, a JSON text a value, as in a queryset."""
    db = connections[DEFAULT_DB_ALIAS]  # not the proxy: read once, used per value
    layout = []
    start = 0
    for model in models:
        fields = model._meta.concrete_fields
        converters = []
        for position, field in enumerate(fields, start):
            column = field.get_col(model._meta.db_table)
            found = db.ops.get_db_converters(column) + field.get_db_converters(db)
            if found:
                converters.append((position, column, found))
        names = [field.attname for field in fields]
        layout.append((model, names, start, start + len(fields), converters))
        start += len(fields)
    made = []
    for row in rows:
        values = list(row)
        objects = []
        for model, names, first, end, converters in layout:
            for position, column, found in converters:
                for convert in found:
                    values[position] = convert(values[position], column, db)
            objects.append(model.from_db(db.alias, names, values[first:end]))
        made.append(tuple(objects))
    return made
