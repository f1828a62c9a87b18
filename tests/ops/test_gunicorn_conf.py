"""The gunicorn settings production runs with (docker-compose, the benchmark, the load test)."""

import gc
import runpy
import weakref
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONF = "config/gunicorn_conf.py"


class Node:
    pass


def test_the_post_request_hook_frees_what_a_request_left_in_cycles():
    post_request = runpy.run_path(str(ROOT / CONF))["post_request"]
    gc.disable()  # only the hook may free the cycle
    try:
        node = Node()
        node.itself = node
        alive = weakref.ref(node)
        del node
        assert alive() is not None
        post_request(None, None, {}, None)
        assert alive() is None
    finally:
        gc.enable()


@pytest.mark.parametrize(
    "launcher",
    ["docker-compose.yml", "Dockerfile", "tests/perf/bench.py", "scripts/loadtest/run.py"],
)
def test_every_gunicorn_launch_uses_the_settings(launcher):
    text = (ROOT / launcher).read_text(encoding="utf-8")
    assert "gunicorn" in text
    assert CONF in text


def test_a_worker_freezes_what_survived_its_first_requests_once_warm(monkeypatch):
    import gc

    from config import gunicorn_conf

    monkeypatch.setattr(gunicorn_conf, "served", 48)
    survivor = [{"kept": index} for index in range(1000)]  # lives as long as the worker
    before = gc.get_freeze_count()
    try:
        gunicorn_conf.post_request(None, None, None, None)  # the 49th: collect only
        assert gc.get_freeze_count() == before
        gunicorn_conf.post_request(None, None, None, None)  # the 50th: freeze
        assert gc.get_freeze_count() >= before + len(survivor)
        assert all(tracked is not survivor for tracked in gc.get_objects())  # out of reach
    finally:
        gc.unfreeze()


def test_with_a_cpu_log_each_request_writes_its_method_path_and_cpu_time(tmp_path, monkeypatch):
    """The load test predicts throughput from each request's CPU cost (docs/operations.md)."""
    from types import SimpleNamespace

    from config import gunicorn_conf

    monkeypatch.setattr(gunicorn_conf, "CPU_LOG", str(tmp_path))
    request = SimpleNamespace(method="POST", path="/plans/12/edit/")
    gunicorn_conf.pre_request(None, request)
    sum(range(2_000_000))  # some CPU
    gunicorn_conf.post_request(None, request, {}, None)
    (log,) = tmp_path.glob("*.tsv")
    method, path, ms = log.read_text().split("\t")
    assert (method, path) == ("POST", "/plans/12/edit/") and float(ms) > 1


def test_without_a_cpu_log_nothing_is_written(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from config import gunicorn_conf

    monkeypatch.setattr(gunicorn_conf, "CPU_LOG", None)
    monkeypatch.chdir(tmp_path)
    request = SimpleNamespace(method="GET", path="/")
    gunicorn_conf.pre_request(None, request)
    gunicorn_conf.post_request(None, request, {}, None)
    assert not hasattr(request, "loa_cpu_started") and list(tmp_path.iterdir()) == []
