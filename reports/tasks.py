"""Celery finds an app's tasks in `<app>.tasks`: the reports app's live beside their services."""

from .services.stored import store_report_documents

__all__ = ["store_report_documents"]
