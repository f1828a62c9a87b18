"""On PostgreSQL the folded columns carry trigram indexes that the search's LIKE can use."""

import pytest
from django.db import connection

from activities.models import Activity
from units.search import search_q

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

INDEXES = {
    "units_unit": "unit_search_trgm",
    "units_user": "user_search_trgm",
    "plans_plan": "plan_search_trgm",
    "plans_legaldocument": "legal_document_search_trgm",
    "activities_activity": "activity_search_trgm",
    "reports_report": "report_search_trgm",
}


def test_every_folded_column_has_its_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE indexname LIKE %s",
            ["%search_trgm"],
        )
        found = {table: (name, definition) for table, name, definition in cursor.fetchall()}

    assert {table: name for table, (name, _) in found.items()} == INDEXES
    assert all("gin_trgm_ops" in definition for _, definition in found.values())


def test_the_search_reads_the_index():
    query = Activity.objects.filter(search_q("hop thon")).order_by().values("pk")
    with connection.cursor() as cursor:
        # A tiny table: no full read, of the table or of another index in its own order, so
        # the planner shows whether the trigram index (read by bitmap) can answer.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "activity_search_trgm" in plan
