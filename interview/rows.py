"""Model instances from the rows of a join written out in SQL, converted as the ORM
converts them: for the reads on the autosave's path, where building a query with
select_related took three times as long as running it (bench/README.md)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model


def select(**models: type[Model]) -> str:
    """A SELECT list of each model's columns, from the table aliased by its keyword
    argument, in the order a Reader of the same models reads them."""
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    return ", ".join(
        f"{alias}.{quote(field.column)}"
        for alias, model in models.items()
        for field in model._meta.concrete_fields
    )


class Reader:
    """Reads instances of `models` from rows that hold their columns in turn (as
    select() lists them): a datetime becomes aware, a JSON text a value, as in a
    queryset."""

    def __init__(self, db: BaseDatabaseWrapper, *models: type[Model]) -> None:
        self.db = db
        self.layout: dict[type[Model], tuple] = {}
        start = 0
        for model in models:
            fields = model._meta.concrete_fields
            converters = []
            for position, field in enumerate(fields):
                column = field.get_col(model._meta.db_table)
                found = db.ops.get_db_converters(column) + field.get_db_converters(db)
                if found:
                    converters.append((position, column, found))
            names = [field.attname for field in fields]
            self.layout[model] = (start, start + len(fields), names, converters)
            start += len(fields)

    def __call__[M: Model](self, row: Sequence[Any], model: type[M]) -> M:
        start, end, names, converters = self.layout[model]
        values = list(row[start:end])
        for position, column, found in converters:
            for convert in found:
                values[position] = convert(values[position], column, self.db)
        return model.from_db(self.db.alias, names, values)


_made = threading.local()


def reader(*models: type[Model]) -> Reader:
    """The Reader of these models for this thread's connection, made once (a
    connection's converters are its own). Kept per thread, so it goes with the
    thread's connection: a cache across threads would keep a finished thread's
    database session open."""
    db = connections[DEFAULT_DB_ALIAS]
    made = getattr(_made, "readers", None)
    if made is None or made[0] is not db:
        made = _made.readers = (db, {})
    found = made[1].get(models)
    if found is None:
        found = made[1][models] = Reader(db, *models)
    return found
