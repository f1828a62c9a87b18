"""The reader is a package of its own: plain Python, no Django, no project app, no import cycle
with `plans`; it has its own command line, and the shared scorer still gives 1.00."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from .conftest import SEEDS

ROOT = Path(settings.BASE_DIR)
PROJECT_APPS = {"config", "units", "plans", "activities", "reports", "imports", "notifications"}
# The team's scorer sits in ../shared beside the repository (../../shared from a worktree).
SHARED_SCORER = (
    next(
        (
            path
            for path in (ROOT.parent / "shared", ROOT.parent.parent / "shared")
            if (path / "tools" / "score_import.py").exists()
        ),
        ROOT / "shared",
    )
    / "tools"
    / "score_import.py"
)


def imported_modules(path: Path, package: str) -> set[str]:
    """Every module a file imports, at any depth of the file (lazy imports too), absolute."""
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    if path.name == "__init__.py":
        module = module.rsplit(".", 1)[0]
        base = module.split(".")
    else:
        base = module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parent = base[: len(base) - node.level + 1]
                target = ".".join(parent + ([node.module] if node.module else []))
                found |= {f"{target}.{alias.name}" for alias in node.names} | {target}
            else:
                found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_no_file_of_the_reader_imports_django_or_a_project_app():
    offending = {}
    for path in sorted((ROOT / "planreader").rglob("*.py")):
        tops = {name.split(".")[0] for name in imported_modules(path, "planreader")}
        bad = tops & (PROJECT_APPS | {"django", "celery"})
        if bad:
            offending[str(path.relative_to(ROOT))] = sorted(bad)
    assert offending == {}


def test_importing_the_whole_reader_loads_no_django_module():
    modules = sorted(p.stem for p in (ROOT / "planreader").glob("*.py") if p.stem != "__init__")
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module('planreader.' + name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if '.' not in m)))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(run.stdout))
    assert "planreader" in loaded
    assert loaded & (PROJECT_APPS | {"django"}) == set()


def _component(module: str) -> str:
    """`plans.document_import.views` → `plans.document_import`; `planreader.x` → `planreader`."""
    parts = module.split(".")
    if parts[0] == "planreader":
        return "planreader"
    return ".".join(parts[:2]) if len(parts) > 1 else parts[0]


def test_no_import_cycle_runs_between_plans_and_the_reader():
    graph: dict[str, set[str]] = {}
    for package in ("planreader", "plans"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            source = _component(module)
            for name in imported_modules(path, package):
                if name.split(".")[0] in {"plans", "planreader"}:
                    target = _component(name)
                    if target != source:
                        graph.setdefault(source, set()).add(target)

    def reaches(start, goal):
        seen, stack = set(), [start]
        while stack:
            node = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == goal:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    assert graph.get("planreader", set()) == set()
    assert "planreader" in graph["plans.document_import"]
    cycles = [
        (node, other)
        for node in ("planreader", "plans.document_import")
        for other in graph
        if other != node and reaches(node, other) and reaches(other, node)
    ]
    assert cycles == []


def _run(*args):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("SECRET_KEY", None)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_the_package_command_line_prints_what_import_plan_prints():
    seed = str(SEEDS / "004_5f6748069cf486e8.txt")
    package = _run("-m", "planreader", seed)
    command = _run("manage.py", "import_plan", seed, "--json")
    assert package.returncode == command.returncode == 0, package.stderr + command.stderr
    from_command = json.loads(command.stdout)
    for form in from_command["forms"]:
        assert form.pop("name")  # the catalogue's name, which only Django's side knows
    assert json.loads(package.stdout) == from_command


def test_the_package_command_line_refuses_a_file_that_is_not_a_plan(tmp_path):
    path = tmp_path / "anh.txt"
    path.write_bytes(b"\x00\x01\x02" * 100)
    run = _run("-m", "planreader", str(path))
    assert run.returncode == 1
    assert run.stdout == ""
    assert "nhị phân" in run.stderr


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="the team's shared scorer is not here")
def test_the_shared_scorer_gives_the_seed_plans_full_marks():
    # Through the package's command line, which prints what `import_plan --json` prints (the
    # test above) without starting Django for every document.
    run = _run(
        str(SHARED_SCORER),
        "--gold",
        str(SEEDS / "gold"),
        "--docs",
        str(SEEDS),
        "--min",
        "1.0",
        "--",
        sys.executable,
        "-m",
        "planreader",
        "{doc}",
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip().endswith("import score: 1.00")
