"""Reads for the review of a plan imported from a document: what was read, in a few queries
whatever the size of the plan."""

from dataclasses import dataclass

from plans.models import (
    Assignment,
    ContentSection,
    LegalBasis,
    Plan,
    PlanImport,
    PlanOutreachForm,
)
from units.models import Unit, UnitKind

_KIND_LABELS = dict(UnitKind.choices)


@dataclass
class ImportReview:
    record: PlanImport
    plan: Plan
    bases: list[LegalBasis]
    new_document_ids: set[int]
    sections: list[ContentSection]
    top_sections: list[ContentSection]
    forms: list[PlanOutreachForm]
    assignments: list[Assignment]
    unmatched: list[Assignment]
    groups: list[Assignment]
    created_unit_ids: set[int]

    @property
    def matched_count(self) -> int:
        return len(self.bases) - self.added_count

    @property
    def added_count(self) -> int:
        return sum(1 for basis in self.bases if basis.document_id in self.new_document_ids)


def import_review(*, record: PlanImport) -> ImportReview:
    plan = record.plan
    sections = list(plan.sections.all())
    assignments = list(plan.assignments.select_related("unit"))
    return ImportReview(
        record=record,
        plan=plan,
        bases=list(plan.legal_bases.select_related("document__plan__issuer")),
        new_document_ids=set(record.new_documents.values_list("pk", flat=True)),
        sections=sections,
        top_sections=[section for section in sections if section.parent_id is None],
        forms=list(plan.outreach_forms.select_related("form")),
        assignments=assignments,
        unmatched=[assignment for assignment in assignments if assignment.unit_id is None],
        groups=[assignment for assignment in assignments if assignment.includes_subunits],
        created_unit_ids=set(record.created_units.values_list("pk", flat=True)),
    )


def group_kinds_text(assignment: Assignment) -> str:
    """«Sở, ban, ngành, trung tâm; Xã, phường, đặc khu»: who a group assignment covers."""
    kinds = assignment.subunit_kind_list
    if not kinds:
        return "mọi đơn vị trực thuộc"
    return "; ".join(_KIND_LABELS.get(kind, kind) for kind in kinds)


def assignable_units(*, organisation: Unit) -> list[Unit]:
    """The units an imported assignment may be mapped to, in tree order."""
    return list(Unit.objects.assignable_by(organisation).order_by("path"))
