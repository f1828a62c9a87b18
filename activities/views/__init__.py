from .entries import activity_create, activity_detail, activity_edit, activity_list, activity_submit
from .offline import (
    offline_choices_view,
    offline_recorded,
    offline_send,
    offline_sent,
    offline_shell,
)
from .progress import dashboard, evidence_file, export, plan_progress
from .restore import deleted_list, restore
from .review import activity_approve, activity_return, review_queue
from .tasks import task_detail_view, task_list, task_reopen_view, task_report_view

__all__ = [
    "activity_approve",
    "activity_create",
    "activity_detail",
    "activity_edit",
    "activity_list",
    "activity_return",
    "activity_submit",
    "dashboard",
    "deleted_list",
    "evidence_file",
    "export",
    "offline_choices_view",
    "offline_send",
    "offline_recorded",
    "offline_sent",
    "offline_shell",
    "plan_progress",
    "restore",
    "review_queue",
    "task_detail_view",
    "task_list",
    "task_reopen_view",
    "task_report_view",
]
