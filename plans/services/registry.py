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
    symbols, so «01/KH-UBND» of xã Kiều Phú and of phường Gia Viên stay two rows.

    Citing never changes a row: the registry is shared, and what one organisation types must
    not change what another's plans print. A dated citation of a document recorded without a
    date becomes a row of its own. Only the organisation that issues the document in Loa
    (`legal_document_for_plan`) and platform administrators (Django admin) change a row.
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
    if document is not None and not _fuller(document, issued_on, wanted, central):
        return document
    return LegalDocument.objects.create(
        kind=kind,
        number=nfc(number).strip(),
        issued_on=issued_on,
        issuer=nfc(issuer).strip(),
        title=nfc(title).strip(),
    )


def _fuller(document, issued_on, wanted, central):
    """Whether a citation says more than the row it matches (a date, a fuller issuer): it is
    then recorded beside the row, which stays as its own citers print it. A row standing for
    a plan in Loa is what its issuer says: every citation of that plan links to it."""
    if document.plan_id:
        return False
    if issued_on and document.issued_on is None:
        return True
    return not central and len(wanted.split()) > len(document.issuer_key.split())


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
    same_issuer_rows = [d for d in candidates if d.issuer_key == wanted]
    if len(same_issuer_rows) == 1:
        return same_issuer_rows[0]
    return candidates[0] if len(candidates) == 1 else None


def legal_document_for_plan(*, plan: Plan) -> LegalDocument:
    """The registry row that stands for an issued Loa plan, so lower plans can cite it.

    It reads as lower plans cite it: «Kế hoạch số 179/KH-UBND ngày 08/7/2025 của UBND thành
    phố Hà Nội về tuyên truyền …».
    """
    title = lower_first(nfc(plan.title))  # required: an issued plan has one
    if not title.startswith("về "):
        title = f"về {title}"
    issuer = citation_issuer(plan.issuer.display_name)
    document = legal_document_register(
        kind=LegalDocumentKind.PLAN,
        number=plan.number_display,
        issued_on=plan.issued_on,
        issuer=issuer,
    )
    if document.plan_id in (None, plan.pk):
        # The issuing organisation's own document: it says what the row reads, whatever
        # another organisation's citation recorded before.
        document.plan = plan
        document.kind = LegalDocumentKind.PLAN
        document.issued_on = plan.issued_on
        document.issuer = nfc(issuer).strip()
        document.title = title
        document.save()
    return document


def legal_bases_freeze(*, plan: Plan) -> None:
    """Keep, at issue, each citation as the plan prints it: the issued plan reads the same
    whatever the registry later says."""
    bases = list(plan.legal_bases.select_related("document"))
    for basis in bases:
        basis.printed = basis.citation_text
    LegalBasis.objects.bulk_update(bases, ["printed"])


def legal_basis_add(*, plan: Plan, document: LegalDocument, verb: str) -> LegalBasis:
    """Cite `document` after the plan's other legal bases."""
    position = plan.legal_bases.count() + 1
    return LegalBasis.objects.create(plan=plan, document=document, verb=verb, position=position)
