"""Writes for plans: the editor's save, the workflow, cascade and the legal-document registry.

Import services from here (`from plans.services import plan_issue`); the submodules group them.
"""

from .cascade import plan_cascade
from .editing import plan_save
from .registry import legal_basis_add, legal_document_for_plan, legal_document_register
from .workflow import (
    can_issue,
    plan_close,
    plan_delete_draft,
    plan_issue,
    plan_next_number,
    plan_return,
    plan_submit,
    plan_withdraw,
)

__all__ = [
    "can_issue",
    "legal_basis_add",
    "legal_document_for_plan",
    "legal_document_register",
    "plan_cascade",
    "plan_close",
    "plan_delete_draft",
    "plan_issue",
    "plan_next_number",
    "plan_return",
    "plan_submit",
    "plan_withdraw",
    "plan_save",
]
