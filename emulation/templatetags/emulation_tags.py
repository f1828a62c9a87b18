from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

NOTHING = mark_safe(
    '<span class="text-body-secondary" title="Không có gì để chấm trong kỳ">—</span>'
)


@register.filter
def items_of(score, outcome):
    """The rows of a criterion score behind one of its counts."""
    return score.items_of(outcome)


def _two_places(value) -> str:
    """`37.39` → `37,39`, as `floatformat:2` prints it in Vietnamese (no thousands: ≤ 100)."""
    return f"{value:.2f}".replace(".", ",")


@register.simple_tag
def criterion_cell(score, link):
    """One criterion of one unit in the ranking: its points and the counts behind them, each
    linking to its rows. Built here with plain string formatting rather than in a partial
    (or with format_html): a city's ranking has 630 such cells, which took the template
    engine 0.2 s to draw (11,000 variable nodes). Only the link comes from outside (kind,
    outcome and label are the app's constants, counts are numbers): it is escaped."""
    if not score.applies:
        return NOTHING
    kind, href = score.kind, escape(str(link))
    counts = " · ".join(
        f'<a class="link-secondary" href="{href}#{kind}-{outcome}" '
        f'data-count="{kind}-{outcome}">{int(count)}</a> {escape(label)}'
        for outcome, count, label in score.parts
    )
    return mark_safe(  # noqa: S308 - every part is escaped or a number above
        f'<a class="fw-semibold" href="{href}#{kind}">{_two_places(score.points)}</a>\n'
        f'<div class="small text-body-secondary">{counts}</div>'
    )
