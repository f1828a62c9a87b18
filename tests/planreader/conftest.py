import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"


def seed_names():
    return sorted(path.stem for path in (SEEDS / "gold").glob("*.json"))


def held_out_names():
    return sorted(path.stem for path in FIXTURES.glob("*.json"))


def held_out_document(name):
    return next(path for path in FIXTURES.glob(f"{name}.*") if path.suffix != ".json")


@pytest.fixture
def seed():
    def load(name):
        text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
        gold = json.loads((SEEDS / "gold" / f"{name}.json").read_text(encoding="utf-8"))
        return text, gold

    return load
