"""The shared read layer for activity figures: pages, exports and periodic reports use these
functions so that every screen and every document shows the same numbers.

Every function takes a queryset of activities that the caller has already narrowed (scope:
`Activity.objects.visible_to(user)`; status: `.approved()` for reports, `.reported()` for
follow-up; dates: `.between(start, end)`; plan, unit …) and aggregates it in SQL: one query
per function, whatever the number of rows. Pass a plain filtered queryset (no `.distinct()`,
no slicing). Figures are dicts with the keys of `METRICS` plus `count`.
"""

from .figures import (
    FIGURES,
    METRICS,
    by_form,
    by_month,
    by_organisation,
    by_organisation_and_form,
    by_plan,
    by_status,
    by_target_group,
    by_unit,
    empty_figures,
    plans_with_progress,
    totals,
)
from .periods import PERIOD_CHOICES, Period, current_period, custom_period
from .progress import (
    AssignmentProgress,
    TargetProgress,
    assignment_progress,
    late_assignments,
    target_progress,
)

__all__ = [
    "FIGURES",
    "METRICS",
    "PERIOD_CHOICES",
    "AssignmentProgress",
    "Period",
    "TargetProgress",
    "assignment_progress",
    "by_form",
    "by_month",
    "by_organisation",
    "by_organisation_and_form",
    "by_plan",
    "by_status",
    "by_target_group",
    "by_unit",
    "current_period",
    "custom_period",
    "empty_figures",
    "late_assignments",
    "plans_with_progress",
    "target_progress",
    "totals",
]
