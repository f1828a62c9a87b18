"""Writes to the shared legal-document registry: one row per real document."""

import datetime
import logging

from django.db import transaction

from ..models import LegalBasis, LegalDocument, LegalDocumentKind, Plan
from ..text import citation_issuer, lower_first, nfc, normalise_document_number

logger = logging.getLogger(__name__)


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
    """The registry row that stands for an issued Loa plan, so lower plans can cite it.

    It reads as lower plans cite it: «Kế hoạch số 179/KH-UBND ngày 08/7/2025 của UBND thành
    phố Hà Nội về tuyên truyền …».
    """
    title = lower_first(nfc(plan.title))
    if title and not title.startswith("về "):
        title = f"về {title}"
    document = legal_document_register(
        kind=LegalDocumentKind.PLAN,
        number=plan.number_display,
        issued_on=plan.issued_on,
        issuer=citation_issuer(plan.issuer.display_name),
        title=title,
    )
    if document.plan_id is None:
        document.plan = plan
        document.save(update_fields=["plan"])
    elif document.plan_id != plan.pk:
        # The registry keys documents by number and date only, so two issuers' plans with the
        # same number on the same day meet on one row; the first plan keeps it.
        logger.warning(
            "Registry row %s already stands for plan %s; not relinked to plan %s",
            document.pk,
            document.plan_id,
            plan.pk,
        )
    return document


def legal_basis_add(
    *, plan: Plan, document: LegalDocument, verb: str, note: str = ""
) -> LegalBasis:
    position = plan.legal_bases.count() + 1
    return LegalBasis.objects.create(
        plan=plan, document=document, verb=verb, note=note, position=position
    )
