"""Plans read from their document text (.txt or .docx, clean Unicode or OCR output).

`parse_plan(text)` returns one dict in the importer's JSON schema (`parser.empty_result`);
`read_plan_document(data, filename)` turns an upload into text or raises `DocumentRefused`
with the reason in Vietnamese, and `refuse_unrecognised(parsed)` refuses a text in which no
part of a plan was found. Creating a draft plan from the result is
`plans.importing.services.plan_import_draft`; the upload-and-review flow of the interface is
`plans.importing.review`.
"""

from .parser import empty_result, parse_plan, refuse_unrecognised
from .reading import MAX_TEXT_BYTES, DocumentRefused, check_size, read_plan_document

__all__ = [
    "MAX_TEXT_BYTES",
    "DocumentRefused",
    "check_size",
    "empty_result",
    "parse_plan",
    "read_plan_document",
    "refuse_unrecognised",
]
