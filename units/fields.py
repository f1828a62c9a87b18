"""Text fields bounded to what a real document needs.

A plan's title runs to a few lines and its longest section to a few pages; an unbounded
field let one request store a megabyte that then took a minute to print. The bound is
checked by the model (imports, services) and the form (which says it in Vietnamese and sets
the textarea's maxlength)."""

from django.core.validators import MaxLengthValidator
from django.db import models

TITLE = 1_000  # a title, an indicator: a few lines
NOTE = 2_000  # a note, a comment, a citation's summary
PARAGRAPHS = 10_000  # a preamble, a closing, a short narrative
PART = 20_000  # a part of a plan or a report: a few pages
SECTION = 50_000  # the longest section of a plan


def bounded_text(verbose_name, limit, *, help_text="", **kwargs):
    hint = f"Tối đa {limit:,} ký tự.".replace(",", ".")
    return models.TextField(
        verbose_name,
        max_length=limit,
        validators=[MaxLengthValidator(limit)],
        help_text=f"{help_text} {hint}".strip(),
        **kwargs,
    )
