"""The README and the pages under docs/ only point at what the repository has: every
relative link and image opens a file, and every file path they cite exists."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)|<img src=\"([^\"]+)\"")
# `units/access.py`, `docs/tour/`, `tests/perf/bench.py:42`: a path with a folder in it.
CITED_PATH = re.compile(r"`((?:[\w.-]+/)+[\w.*-]*)(?::\d+)?`")
# Made when Loa runs, not kept in the repository.
RUNTIME = {"media", ".venv", "staticfiles", "loadtest-results"}


def cited_paths(text):
    for path in CITED_PATH.findall(text):
        if path.startswith(("/", "http", "./")) or path.split("/")[0] in RUNTIME:
            continue
        yield path


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_link_and_cited_file_exists(page):
    text = page.read_text(encoding="utf-8")
    missing = []
    for link, image in LINK.findall(text):
        target = link or image
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        if not (page.parent / target).exists():
            missing.append(target)
    for path in cited_paths(text):
        if not any(ROOT.glob(path.rstrip("/"))):
            missing.append(path)
    assert missing == []


def test_the_readme_starts_with_the_two_commands():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    commands = [line.split("#")[0].strip() for line in lines[3:5]]
    assert lines[2] == "```sh"
    assert commands == ["make demo", "make test"]
