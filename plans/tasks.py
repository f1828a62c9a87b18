"""Celery finds an app's tasks in `<app>.tasks`: the plans app's live beside their services."""

from celery import shared_task

from .document_import.tasks import read_scanned_plan
from .models import Plan
from .services.stored import plan_files_store

__all__ = ["read_scanned_plan", "store_plan_documents"]


@shared_task(name="plans.store_plan_documents")
def store_plan_documents(plan_id: int) -> None:
    """Render an issued plan's PDF and Word files once and store them."""
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is not None:
        plan_files_store(plan)
