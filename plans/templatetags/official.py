"""Template helpers for official documents and the pages that show them."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from plans.printing import NUMBER_TOKEN
from plans.text import short_date, vnd

register = template.Library()


@register.filter(needs_autoescape=True)
def keep_numbers(text, autoescape=True):
    """Escape `text` and keep document numbers and dates («57-NQ/TW», «22/12/2024») on one
    line: a line break after their hyphen or slash reads as two references."""
    escape = conditional_escape if autoescape else str
    escaped = str(escape(text))
    return mark_safe(  # noqa: S308 - the text was escaped just above
        NUMBER_TOKEN.sub(lambda m: f'<span class="nb">{m[0]}</span>', escaped)
    )


@register.filter
def vn_date(value):
    """`08/7/2025`: a date as documents cite it."""
    return short_date(value)


@register.filter
def vnd_amount(value):
    return vnd(value)
