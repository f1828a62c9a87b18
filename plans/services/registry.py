"""Writes to the shared legal-document registry: one row per real document."""

import datetime

from django.db import transaction

from ..models import LegalBasis, LegalDocument, LegalDocumentKind, Plan
from ..text import (
    citation_issuer,
    is_central_symbol,
    lower_first,
    nfc,
    normalise_document_number,
    normalise_issuer,
    same_issuer,
)


@transaction.atomic
def legal_document_register(
    *,
    kind: str,
    number: str,
    issued_on: datetime.date | None = None,
    issuer: str = "",
    title: str = "",
) -> LegalDocument:
    """Find a document in the registry, or add it.

    A document is its normalised number, its date and who issued it. Citations differ in
    spacing, dashes and OCR'd diacritics, omit the date or name the issuer less fully
    («UBND Thành phố»): they land on the one row of the real document. Local bodies share
    symbols, so «01/KH-UBND» of xã Kiều Phú and of phường Gia Viên stay two rows. A fuller
    citation completes a row (its date, its issuer, its title).
    """
    number_key = normalise_document_number(number)
    wanted = normalise_issuer(issuer)
    central = is_central_symbol(number_key)
    candidates = [
        document
        for document in LegalDocument.objects.select_for_update().filter(number_key=number_key)
        if (central or same_issuer(document.issuer_key, wanted))
        and (issued_on is None or document.issued_on in (issued_on, None))
    ]
    document = _best_match(candidates, issued_on=issued_on, wanted=wanted)
    if document is None:
        return LegalDocument.objects.create(
            kind=kind,
            number=nfc(number).strip(),
            issued_on=issued_on,
            issuer=nfc(issuer).strip(),
            title=nfc(title).strip(),
        )
    changed = []
    if issued_on and not document.issued_on:
        document.issued_on = issued_on
        changed.append("issued_on")
    more_specific = not central and len(wanted.split()) > len(document.issuer_key.split())
    if issuer and (not document.issuer or more_specific):
        document.issuer = nfc(issuer).strip()
        changed.append("issuer")
    if title and not document.title:
        document.title = nfc(title).strip()
        changed.append("title")
    if changed:
        document.save()
    return document


def _best_match(candidates, *, issued_on, wanted):
    """The one candidate a citation means, or None when there is none or it is ambiguous."""
    if not candidates:
        return None
    exact = [d for d in candidates if d.issuer_key == wanted and d.issued_on == issued_on]
    if exact:
        return exact[0]
    if issued_on:
        same_day = [d for d in candidates if d.issued_on == issued_on]
        if len(same_day) == 1:
            return same_day[0]
        if same_day:
            return None
    return candidates[0] if len(candidates) == 1 else None


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
