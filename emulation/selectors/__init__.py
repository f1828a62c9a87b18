"""Reads of emulation: what each unit did in a period (inputs.py) and its scores (scores.py)."""

from .inputs import ScoredPeriod, Subjects, scored_period, subjects_of
from .scores import CriterionScore, Ranking, UnitScore, ranking

__all__ = [
    "CriterionScore",
    "Ranking",
    "ScoredPeriod",
    "Subjects",
    "UnitScore",
    "ranking",
    "scored_period",
    "subjects_of",
]
