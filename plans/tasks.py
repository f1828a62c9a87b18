"""Celery finds an app's tasks in `<app>.tasks`: the plans app's live beside their services."""

from .document_import.tasks import read_scanned_plan
from .services.stored import store_plan_documents

__all__ = ["read_scanned_plan", "store_plan_documents"]
