"""planreader: read a Vietnamese outreach plan (kế hoạch) from its document.

A plain Python package (no Django, no database): a file or its text in, a typed
`PlanReading` out.

    document_text(data, filename)   # .txt (UTF-8/UTF-16), .docx or .pdf → text, or DocumentRefused
                                    # (a scanned PDF is OCR'd; with ocr=False → ScanNeedsOcr)
    read_plan(text)                 # → PlanReading (never raises)
    refuse_unrecognised(reading)    # DocumentRefused when nothing of a plan was read
    read_plan_file(data, filename)  # the three above in one call

`python -m planreader PATH` prints the reading as JSON. The Django side (the draft plan it
becomes, unit matching, the upload and review pages) is `plans.document_import`; the Excel
import and export of units, users, activities … is the separate `imports` app.
"""

from .files import (
    ACCEPTED_SUFFIXES,
    MAX_TEXT_BYTES,
    DocumentRefused,
    ScanNeedsOcr,
    check_size,
    checked_text,
    document_text,
)
from .pdf import OcrUnavailable, ocr_pages, pdf_pages, tesseract_ready
from .reader import read_plan, refuse_unrecognised
from .result import (
    AssignmentReading,
    BudgetLineReading,
    FormMention,
    LegalBasisReading,
    PlanReading,
    SectionReading,
    SignerReading,
    TargetReading,
)


def read_plan_file(data: bytes, filename: str) -> PlanReading:
    """Read a plan from a file's bytes; `DocumentRefused` (reason in Vietnamese) when the file
    cannot be read or holds nothing of a plan."""
    reading = read_plan(document_text(data, filename))
    refuse_unrecognised(reading)
    return reading


__all__ = [
    "ACCEPTED_SUFFIXES",
    "MAX_TEXT_BYTES",
    "AssignmentReading",
    "BudgetLineReading",
    "DocumentRefused",
    "FormMention",
    "LegalBasisReading",
    "OcrUnavailable",
    "PlanReading",
    "ScanNeedsOcr",
    "SectionReading",
    "SignerReading",
    "TargetReading",
    "check_size",
    "checked_text",
    "document_text",
    "ocr_pages",
    "pdf_pages",
    "read_plan",
    "read_plan_file",
    "refuse_unrecognised",
    "tesseract_ready",
]
