"""Spreadsheet cell safety shared by every Excel or CSV export and every import.

A text cell that starts with = + - @, a tab or a carriage return may be run as a formula by
Excel or LibreOffice (CSV/formula injection, OWASP). Every export writes such text with a
leading apostrophe, which spreadsheets show as plain text; imports read the apostrophe back
off, so a round trip keeps the value. django-import-export's own escaping covers only «=».
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value to write into a cell: formula-looking text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unquote_cell(text: str) -> str:
    """Text read from a cell, without the apostrophe `safe_cell` put before formula text."""
    if text.startswith("'") and text[1:2] in FORMULA_STARTS:
        return text[1:]
    return text
