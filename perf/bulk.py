"""Bulk inserts with primary keys chosen up front.

Rows are plain tuples in a declared column order, so a generator can link millions of rows
(an activity to its unit, plan and assignment) without reading anything back. On PostgreSQL
they travel through `COPY … FROM STDIN` in text format (an order of magnitude faster than
INSERT); elsewhere (SQLite in the test suite) through `executemany`. Columns a table does not
declare get their model default once, so NOT NULL columns without a database default are
always filled.
"""

import datetime
import json
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import models

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value):
    """One value in PostgreSQL's COPY text format."""
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is str:
        if value.isprintable() and "\\" not in value:
            return value
        return value.translate(_COPY_ESCAPES)
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    if kind is datetime.date or kind is datetime.datetime:
        return value.isoformat()
    if kind is dict or kind is list:
        return json.dumps(value, ensure_ascii=False).translate(_COPY_ESCAPES)
    return str(value).translate(_COPY_ESCAPES)


class Table:
    """Rows for one model's table; `add()` buffers, a full buffer is written at once."""

    def __init__(self, writer, model, columns):
        self.writer = writer
        self.model = model
        meta = model._meta
        self.fields = [meta.get_field(name) for name in columns]
        declared = {field.column for field in self.fields}
        self.default_fields = [
            field for field in meta.concrete_fields if field.column not in declared
        ]
        defaults = tuple(self._default(field) for field in self.default_fields)
        self.all_fields = self.fields + self.default_fields
        self.default_values = defaults
        self.default_copy_suffix = "".join("\t" + copy_text(value) for value in defaults)
        self.rows = []
        self.written = 0
        self._next_id = None

    def _default(self, field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return self.writer.now
        if field.has_default():
            return field.get_default()
        if field.null:
            return None
        if isinstance(field, (models.CharField, models.TextField, models.FileField)):
            return ""
        raise ValueError(f"{self.model.__name__}.{field.name} needs a value")

    def next_id(self):
        """The next free primary key (read once, then counted here)."""
        if self._next_id is None:
            self._next_id = self.writer.max_id(self.model) + 1
        value = self._next_id
        self._next_id += 1
        return value

    def add(self, row):
        self.rows.append(row)
        if len(self.rows) >= self.writer.chunk:
            self.flush()

    def flush(self):
        if self.rows:
            self.writer.write(self)
            self.written += len(self.rows)
            self.rows = []


class BulkWriter:
    """Creates `Table`s on one connection; `finish()` flushes them and moves every primary
    key sequence past the ids used."""

    def __init__(self, connection, *, now, chunk=20_000):
        self.connection = connection
        self.now = now
        self.chunk = chunk
        self.tables = []
        self.is_postgresql = connection.vendor == "postgresql"

    def table(self, model, columns):
        table = Table(self, model, columns)
        self.tables.append(table)
        return table

    def max_id(self, model):
        meta = model._meta
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX({meta.pk.column}) FROM {meta.db_table}")  # noqa: S608
            return cursor.fetchone()[0] or 0

    def write(self, table):
        meta = table.model._meta
        quote = self.connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in table.all_fields)
        with self.connection.cursor() as cursor:
            if self.is_postgresql:
                suffix = table.default_copy_suffix
                lines = ["\t".join(map(copy_text, row)) + suffix for row in table.rows]
                lines.append("")
                with cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
                    copy.write("\n".join(lines))
            else:
                placeholders = ", ".join(["%s"] * len(table.all_fields))
                prepared = [
                    [
                        field.get_db_prep_save(value, self.connection)
                        for field, value in zip(
                            table.all_fields, row + table.default_values, strict=True
                        )
                    ]
                    for row in table.rows
                ]
                cursor.executemany(
                    f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608
                    f"VALUES ({placeholders})",
                    prepared,
                )

    def finish(self):
        for table in self.tables:
            table.flush()
        statements = self.connection.ops.sequence_reset_sql(
            no_style(), list({table.model for table in self.tables})
        )
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    @contextmanager
    def constraints_deferred(self, models_):
        """On PostgreSQL, drop the foreign keys and plain (non-unique) indexes of these tables
        and restore them afterwards: one sort per index and one join per foreign key instead
        of millions of index insertions and trigger checks, the usual recipe for bulk loads.
        It all happens inside the caller's transaction, so a failure restores them too."""
        if not self.is_postgresql:
            yield
            return
        indexes, foreign_keys = [], []
        with self.connection.cursor() as cursor:
            # Altering a table (and the tables its foreign keys point to) needs their
            # deferred checks done: run them now, then defer again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for model in models_:
                table = model._meta.db_table
                cursor.execute(
                    """
                    SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                    FROM pg_index i
                    WHERE i.indrelid = %s::regclass
                      AND NOT i.indisprimary AND NOT i.indisunique
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                    """,
                    [table],
                )
                indexes.extend(cursor.fetchall())
                cursor.execute(
                    """
                    SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                    WHERE conrelid = %s::regclass AND contype = 'f'
                    """,
                    [table],
                )
                foreign_keys.extend((table, name, definition) for name, definition in cursor)
            quote = self.connection.ops.quote_name
            for table, name, _ in foreign_keys:
                cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
            for name, _ in indexes:
                cursor.execute(f"DROP INDEX {name}")
        yield
        with self.connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _, definition in indexes:
                cursor.execute(definition)
            for table, name, definition in foreign_keys:
                cursor.execute(
                    f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
                )
