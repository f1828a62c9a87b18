"""Writes for plans and the shared legal-document registry."""

import datetime

from django.db import transaction

from .models import LegalBasis, LegalDocument, Plan
from .text import nfc, normalise_document_number


@transaction.atomic
def legal_document_register(
    *,
    kind: str,
    number: str,
    issued_on: datetime.date | None = None,
    issuer: str = "",
    title: str = "",
) -> LegalDocument:
    """Find a document in the registry by its normalised number (and date), or add it.

    Citations differ in spacing, dashes and OCR'd diacritics; they must all land on the one
    row of the real document. A citation without a date matches the dated row of the same
    number; a dated citation completes an undated row.
    """
    key = normalise_document_number(number)
    candidates = LegalDocument.objects.select_for_update().filter(number_key=key)
    document = None
    if issued_on:
        document = candidates.filter(issued_on=issued_on).first()
        if document is None:
            document = candidates.filter(issued_on__isnull=True).first()
    else:
        document = candidates.filter(issued_on__isnull=True).first()
        if document is None:
            dated = list(candidates[:2])
            if len(dated) == 1:
                document = dated[0]
    if document is None:
        return LegalDocument.objects.create(
            kind=kind,
            number=nfc(number).strip(),
            issued_on=issued_on,
            issuer=nfc(issuer).strip(),
            title=nfc(title).strip(),
        )
    changed = []
    for field, value in (("issued_on", issued_on), ("issuer", nfc(issuer)), ("title", nfc(title))):
        if value and not getattr(document, field):
            setattr(document, field, value.strip() if isinstance(value, str) else value)
            changed.append(field)
    if changed:
        document.save(update_fields=changed)
    return document


def legal_document_for_plan(*, plan: Plan) -> LegalDocument:
    """The registry row that stands for an issued Loa plan, so lower plans can cite it."""
    from .models import LegalDocumentKind

    document = legal_document_register(
        kind=LegalDocumentKind.PLAN,
        number=plan.number_display,
        issued_on=plan.issued_on,
        issuer=plan.issuer.display_name,
        title=plan.title,
    )
    if document.plan_id != plan.pk:
        document.plan = plan
        document.save(update_fields=["plan"])
    return document


def legal_basis_add(
    *, plan: Plan, document: LegalDocument, verb: str, note: str = ""
) -> LegalBasis:
    position = plan.legal_bases.count() + 1
    return LegalBasis.objects.create(
        plan=plan, document=document, verb=verb, note=note, position=position
    )
