"""Mutation testing of the modules that hold Loa's rules, one module at a time (mutmut).

    uv run --group mutation python scripts/mutation.py              # every module
    uv run --group mutation python scripts/mutation.py access cells # some of them
    uv run --group mutation python scripts/mutation.py --list       # what is measured

mutmut changes the code in small realistic ways (`<` for `<=`, `and` for `or`, a constant,
a dropped argument …) and runs the tests against each change: a change no test notices
("survived") is a rule nobody guards. Each module runs in its own working folder
(`.mutation/<name>/`, a mirror of the project with a mutmut configuration of its own) against
only the test files that exercise it, on SQLite, one mutant at a time under `nice -n 19`:
it may take long, and it is not part of CI. A second run only tests what changed since
(everything, when the module's tests changed).

The table it prints (and `--markdown`) gives, per module, the mutants killed, survived,
timed out and not covered, and the score: killed (timeouts included) out of all mutants.
`--survivors` lists every surviving mutant with its diff. docs/testing.md keeps the table of one
full run and the reasons the remaining survivors are left (equivalent mutants).
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / ".mutation"

# The project as the tests need it; the apps (every package but the tests) are mutmut's
# source paths (copied, one module mutated), the rest is copied as it is.
SOURCE_PATHS = sorted(
    path.name for path in ROOT.iterdir() if (path / "__init__.py").exists() and path.name != "tests"
)
ALSO_COPY = ["templates", "static", "locale", "manage.py"]


@dataclass(frozen=True)
class Module:
    name: str
    paths: tuple[str, ...]  # the files mutated
    tests: tuple[str, ...]  # the test files that exercise them


MODULES = [
    Module(
        "access",
        ("units/access.py",),
        (
            "tests/units/test_access.py",
            "tests/units/test_access_rules.py",
            "tests/activities/test_access.py",
            "tests/units/test_people.py",
        ),
    ),
    Module(
        "report-status",
        ("reports/selectors/status.py", "reports/rules.py"),
        (
            "tests/reports/test_timeliness.py",
            "tests/reports/test_rollup.py",
            "tests/reports/test_workflow.py",
            "tests/reports/test_reports_due.py",
            "tests/reports/test_matrix_rules.py",
            "tests/reports/test_report_status_rules.py",
        ),
    ),
    Module(
        "rollup",
        ("reports/selectors/rollup.py",),
        (
            "tests/reports/test_rollup.py",
            "tests/reports/test_rollup_totals.py",
            "tests/reports/test_period_locks.py",
            "tests/reports/test_timeliness.py",
            "tests/reports/test_rollup_rules.py",
            "tests/reports/test_rollup_sent_reports.py",
        ),
    ),
    Module(
        "periods",
        ("reports/periods.py", "activities/selectors/periods.py"),
        (
            "tests/reports/test_periods.py",
            "tests/reports/test_decree09_months.py",
            "tests/reports/test_timeliness.py",
            "tests/reports/test_period_rules.py",
        ),
    ),
    Module(
        "permissions",
        ("activities/permissions.py",),
        (
            "tests/activities/test_review.py",
            "tests/activities/test_review_scope.py",
            "tests/activities/test_logging.py",
            "tests/activities/test_access.py",
            "tests/activities/test_tasks.py",
            "tests/notifications/test_events.py",
        ),
    ),
    Module(
        "figures",
        ("activities/selectors/figures.py", "activities/selectors/progress.py"),
        (
            "tests/activities/test_selectors.py",
            "tests/activities/test_dashboard.py",
            "tests/activities/test_dashboard_plan_list.py",
            "tests/activities/test_progress_page_figures.py",
            "tests/activities/test_month_charts.py",
            "tests/reports/test_decree09_months.py",
            "tests/reports/test_rollup_totals.py",
            "tests/reports/test_period_locks.py",
        ),
    ),
    Module(
        "cells",
        ("units/cells.py",),
        ("tests/security/test_formula_literals.py", "tests/security/test_spreadsheets.py"),
    ),
    Module(
        "evidence",
        ("activities/evidence.py",),
        (
            "tests/security/test_uploads.py",
            "tests/security/test_evidence_typing.py",
            "tests/security/test_evidence_pdf.py",
            "tests/activities/test_evidence_images.py",
            "tests/activities/test_logging.py",
        ),
    ),
    Module(
        "registry",
        ("plans/services/registry.py",),
        (
            "tests/plans/test_registry.py",
            "tests/security/test_registry.py",
            "tests/plans/test_invariants.py",
            "tests/plans/test_workflow.py",
            "tests/plans/test_cascade.py",
            "tests/document_import/test_draft.py",
        ),
    ),
    Module(
        "reminders",
        ("notifications/rules.py", "notifications/selectors/reports.py"),
        (
            "tests/notifications/test_rules.py",
            "tests/notifications/test_reminder_rules.py",
            "tests/notifications/test_plan_reports.py",
        ),
    ),
    Module(
        "cascade",
        ("plans/services/cascade.py",),
        ("tests/plans/test_cascade.py",),
    ),
]
KILLED = {"killed", "timeout", "caught by type check"}
# mutmut's exit codes of a mutant's test run (mutmut/stats.py).
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped",
          36: "timeout", -24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout",
          37: "caught by type check", None: "not checked"}  # fmt: skip


def mutmut_config(module: Module) -> str:
    def toml_list(items):
        return "[" + ", ".join(json.dumps(item) for item in items) + "]"

    return "\n".join(
        [
            "",
            "[tool.mutmut]",
            f"source_paths = {toml_list(SOURCE_PATHS)}",
            f"only_mutate = {toml_list(module.paths)}",
            f"also_copy = {toml_list(ALSO_COPY)}",
            f"pytest_add_cli_args_test_selection = {toml_list(module.tests)}",
            # No xdist, no browser: one process, one mutant at a time, each on the test
            # database the first run migrated (a file kept with --reuse-db).
            'pytest_add_cli_args = ["-p", "no:xdist", "-m", "not browser", "--reuse-db"]',
            # The machine is shared and busy: generous limits before calling a mutant a hang.
            "timeout_multiplier = 30.0",
            "timeout_constant = 60.0",
            "",
        ]
    )


def prepare(module: Module) -> Path:
    """The module's working folder: links to the project's files and a pyproject.toml with
    the project's settings plus this module's mutmut configuration."""
    folder = WORK / module.name
    folder.mkdir(parents=True, exist_ok=True)
    for name in [*SOURCE_PATHS, *ALSO_COPY, "tests", "uv.lock"]:
        link = folder / name
        if not link.is_symlink():
            if link.exists():
                shutil.rmtree(link) if link.is_dir() else link.unlink()
            link.symlink_to(ROOT / name)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8") + mutmut_config(module)
    target = folder / "pyproject.toml"
    if not target.exists() or target.read_text(encoding="utf-8") != pyproject:
        target.write_text(pyproject, encoding="utf-8")
        # Another configuration: mutmut's earlier results for this module no longer hold.
        shutil.rmtree(folder / "mutants", ignore_errors=True)
    # mutmut re-tests only the mutants of changed code: after a change to the tests (or their
    # fixtures), earlier survivors may be killed, so every mutant is tested again.
    digest = _tests_digest(module)
    stamp = folder / "tests.sha256"
    if not stamp.exists() or stamp.read_text(encoding="utf-8") != digest:
        shutil.rmtree(folder / "mutants", ignore_errors=True)
        stamp.write_text(digest, encoding="utf-8")
    tests_copy = folder / "mutants" / "tests"
    if tests_copy.exists():
        # Tests may have changed since the last run: mutmut copies them only once.
        shutil.rmtree(tests_copy)
    return folder


def _tests_digest(module: Module) -> str:
    files = sorted({*(ROOT / t for t in module.tests), *(ROOT / "tests").rglob("conftest.py")})
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def run(module: Module) -> float:
    folder = prepare(module)
    database = folder / "test-db.sqlite3"
    for stale in folder.glob("test-db.sqlite3*"):
        stale.unlink()  # migrated afresh by this run's first test run, then reused
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "LOA_TEST_SQLITE_FILE": str(database)}
    for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)  # SQLite and eager Celery, whatever the shell has
    started = time.monotonic()
    command = ["nice", "-n", "19", sys.executable, "-m", "mutmut", "run", "--max-children", "1"]
    print(f"== {module.name}: {', '.join(module.paths)}", flush=True)
    subprocess.run(command, cwd=folder, env=env, check=False)
    return time.monotonic() - started


@dataclass
class Score:
    module: Module
    counts: dict
    survivors: list

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def killed(self):
        return sum(n for status, n in self.counts.items() if status in KILLED)

    @property
    def percent(self):
        return 100 * self.killed / self.total if self.total else 0.0


def score(module: Module) -> Score:
    counts, survivors = {}, []
    for path in module.paths:
        meta = WORK / module.name / "mutants" / f"{path}.meta"
        if not meta.exists():
            continue
        data = json.loads(meta.read_text(encoding="utf-8"))
        for mutant, exit_code in sorted(data.get("exit_code_by_key", {}).items()):
            status = STATUS.get(exit_code, "suspicious")
            counts[status] = counts.get(status, 0) + 1
            if status not in KILLED:
                survivors.append((mutant, status))
    return Score(module, counts, survivors)


def show_diff(module: Module, mutant: str) -> str:
    shown = subprocess.run(
        [sys.executable, "-m", "mutmut", "show", mutant],
        cwd=WORK / module.name,
        capture_output=True,
        text=True,
        check=False,
    )
    return shown.stdout.strip()


def table(scores, markdown=False):
    header = ["module", "files", "mutants", "killed", "timeout", "survived", "no tests", "score"]
    rows = []
    for s in scores:
        rows.append(
            [
                s.module.name,
                ", ".join(s.module.paths),
                str(s.total),
                str(s.counts.get("killed", 0)),
                str(s.counts.get("timeout", 0)),
                str(s.counts.get("survived", 0)),
                str(s.counts.get("no tests", 0)),
                f"{s.percent:.1f}%",
            ]
        )
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * 2 + "---:|" * 6]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in [header, *rows]
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="names from --list (default: all)")
    parser.add_argument("--list", action="store_true", help="the modules and their tests")
    parser.add_argument("--report", action="store_true", help="only print the last results")
    parser.add_argument(
        "--fresh", action="store_true", help="forget earlier results: test every mutant again"
    )
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--survivors", action="store_true", help="show every survivor's diff")
    args = parser.parse_args(argv)
    known = {m.name: m for m in MODULES}
    unknown = [name for name in args.modules if name not in known]
    if unknown:
        parser.error(f"unknown module(s): {', '.join(unknown)}; see --list")
    chosen = [known[name] for name in args.modules] or MODULES
    if args.list:
        for module in chosen:
            print(f"{module.name}: {' '.join(module.paths)}\n    tests: {' '.join(module.tests)}")
        return 0
    if not args.report:
        for module in chosen:
            if args.fresh:
                shutil.rmtree(WORK / module.name / "mutants", ignore_errors=True)
            seconds = run(module)
            print(f"   {module.name}: {seconds / 60:.1f} min", flush=True)
    scores = [score(module) for module in chosen]
    print(table(scores, markdown=args.markdown))
    if args.survivors:
        for s in scores:
            for mutant, status in s.survivors:
                print(f"\n--- {s.module.name}: {mutant} ({status})\n{show_diff(s.module, mutant)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
