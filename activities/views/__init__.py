from .entries import activity_create, activity_detail, activity_edit, activity_list, activity_submit
from .progress import dashboard, evidence_file, export, plan_progress
from .review import activity_approve, activity_return, review_queue

__all__ = [
    "activity_approve",
    "activity_create",
    "activity_detail",
    "activity_edit",
    "activity_list",
    "activity_return",
    "activity_submit",
    "dashboard",
    "evidence_file",
    "export",
    "plan_progress",
    "review_queue",
]
