"""The benchmark script runs end to end on its own small data set (PostgreSQL only)."""

import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from tests import testrun

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "tests" / "perf" / "bench.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.postgres
def test_quick_benchmark_measures_every_page_job_and_baseline(tmp_path):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the benchmark runs on PostgreSQL only: set DATABASE_URL=postgres://…")
    out = tmp_path / "bench.json"
    database = testrun.database_name("loa_bench_quick")

    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--db", database, "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    elapsed = time.monotonic() - started

    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    bench = load_bench()
    assert [page["name"] for page in results["pages"]] == [p["name"] for p in bench.PAGES]
    assert [job["name"] for job in results["jobs"]] == [j["name"] for j in bench.JOBS]
    assert [b["name"] for b in results["baselines"]] == [b["name"] for b in bench.BASELINES]
    for page in results["pages"]:
        assert 0 < page["p50_ms"] <= page["p95_ms"]
        assert page["queries"] > 0
    for job in results["jobs"]:
        assert job["seconds"] > 0 and job["peak_mb"] >= job["idle_mb"] > 0
    assert all(baseline["seconds"] > 0 for baseline in results["baselines"])
    compared = [b for b in bench.BASELINES if b.get("versus")]
    assert compared and all(
        row["ratio"] > 0
        for row in results["baselines"]
        if row["name"] in {b["name"] for b in compared}
    )
    assert results["dataset"]["rows"]["plans.Assignment"] >= 2_000
    assert results["dataset"]["activities"] == 5_000
    assert "Trang chủ" in run.stdout and "p95 ms" in run.stdout  # the printed table
    # The figures of heavy work, each printed with its budget (met or not: the quick data
    # set on a shared machine says nothing of the budgets).
    assert [(f["name"], f["budget"]) for f in results["figures"]] == [
        ("Tải PDF kế hoạch đã lưu: nhanh hơn dựng lại", ">= 20"),
        ("Trang chủ p95 khi 4 client tải văn bản, so với một mình", "<= 2"),
        ("Lưu trình soạn kế hoạch (POST): truy vấn", "<= 20"),
        ("Thu gom rác sau mỗi phản hồi, sau 1.000 lượt: % CPU trang chủ", "<= 5"),
    ]
    assert all(f["value"] > 0 for f in results["figures"])
    assert results["figures"][1]["detail"]["failed_downloads"] == 0
    assert "Chỉ số" in run.stdout
    # The quick run drops the database it made.
    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname="postgres",
    ) as conn:
        left = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
        assert left.fetchone() is None
    print(f"bench.py --quick took {elapsed:.0f} s")


def test_versus_keeps_a_communes_pages_flat_and_lets_the_citys_grow_with_its_data(tmp_path):
    def run(city_activities, p95s):
        return {
            "pages": [{"name": name, "p95_ms": p95} for name, p95 in p95s.items()],
            "objects": {"city_activities": str(city_activities)},
            "dataset": {"provinces": 1},
            "machine": {"load_average": [1.0, 1.0, 1.0]},
        }

    earlier = tmp_path / "hanoi.json"
    earlier.write_text(
        json.dumps(
            run(
                1000, {"Danh sách hoạt động của xã": 100, "Ma trận tổng hợp": 100, "Cây đơn vị": 50}
            )
        ),
        encoding="utf-8",
    )
    here = run(
        2000, {"Danh sách hoạt động của xã": 160, "Ma trận tổng hợp": 250, "Cây đơn vị": 500}
    )

    figures = load_bench().scale_versus(here, earlier)

    assert [(f["name"].split(":")[0], f["value"], f["budget"], f["met"]) for f in figures] == [
        ("Danh sách hoạt động của xã", 1.6, "<= 1.5", False),
        ("Ma trận tổng hợp", 2.5, "<= 3.0", True),
    ]
    assert figures[1]["detail"]["city_activities_growth"] == 2.0
