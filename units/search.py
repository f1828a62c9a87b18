"""Search that forgives missing accents and case: «binh dan hoc vu so» finds «Bình dân học vụ số».

Each searchable model keeps a folded copy of the text people remember in `search_text` (lower
case, no diacritics, đ → d; `planreader.folding.fold`), written by `save()` and by the bulk
paths through `search_text_of`. A query is folded the same way and split into words; a row
matches when its folded text contains every word, in any order. The column is already lower
case, so the lookup is a plain `LIKE '%word%'`, which PostgreSQL answers from the trigram
index on the column (units/migrations/0007_search_text.py and its siblings).
"""

from django.db import migrations, models
from django.db.models import Q

from planreader.folding import fold

# More words than this are ignored: each one is a LIKE on every searched column.
MAX_WORDS = 8
_WORD_EDGES = "\"'“”‘’«»()[]{}.,;:!?…"


def search_text_field():
    return models.TextField("nội dung tìm kiếm", blank=True, default="", editable=False)


def folded_text(*parts) -> str:
    return fold(" ".join(str(part) for part in parts if part not in (None, "")))


def search_text_of(instance) -> str:
    """The folded text of what `instance.search_parts()` names (titles, descriptions, places)."""
    return folded_text(*instance.search_parts())


def refresh_search_text(instance, update_fields):
    """Called by `save()` before saving: fills `search_text` and returns the `update_fields`
    to save with. A save that writes none of the texts (a login's `last_login`, a row loaded
    with `.only("status")`) leaves the column alone; one that writes some of them reads the
    others first if they were not loaded."""
    sources = set(instance.SEARCH_FIELDS)
    deferred = instance.get_deferred_fields()
    written = sources - deferred if update_fields is None else sources & set(update_fields)
    if not written:
        return update_fields
    if sources & deferred:
        instance.refresh_from_db(fields=sorted(sources & deferred))
    instance.search_text = search_text_of(instance)
    return update_fields if update_fields is None else {*update_fields, "search_text"}


def search_words(query) -> list[str]:
    """The folded words of a query: «Họp thôn, PHÁT THANH» → ["hop", "thon", "phat", "thanh"].
    A slash separates words too, so «179/KH-UBND» finds the plan numbered 179 of that symbol."""
    words = []
    for word in fold(query or "").replace("/", " ").split():
        word = word.strip(_WORD_EDGES)
        if word and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def search_q(query, *columns: str) -> Q:
    """Rows whose folded text (in any of `columns`, `search_text` by default) holds every word
    of `query`. An empty query matches everything."""
    columns = columns or ("search_text",)
    condition = Q()
    for word in search_words(query):
        either = Q()
        for column in columns:
            either |= Q(**{f"{column}__contains": word})
        condition &= either
    return condition


# ---------------------------------------------------------------- migrations

FILL_BATCH = 1000


def fill_search_text(app_label: str, model_name: str, parts):
    """A data migration filling `search_text` of existing rows from `parts(row)` (the
    model's `search_parts` as it stood when the migration was written)."""

    def fill(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        rows = model._default_manager.using(schema_editor.connection.alias)
        pks = list(rows.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), FILL_BATCH):
            batch = list(rows.filter(pk__in=pks[start : start + FILL_BATCH]))
            for row in batch:
                row.search_text = folded_text(*parts(row))
            rows.bulk_update(batch, ["search_text"])

    return migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)


def trigram_index(table: str, name: str):
    """A trigram GIN index on `table.search_text` on PostgreSQL (needs pg_trgm, created by
    units' migration 0007), so `LIKE '%word%'` reads the index at scale; nothing elsewhere.
    Kept out of `Meta.indexes` because SQLite cannot build it."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                'USING gin ("search_text" gin_trgm_ops)'
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(create, drop)
