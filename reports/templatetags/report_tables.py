"""Cells of the annex tables as the page and the PDF print them (Vietnamese numbers)."""

from django import template

from reports.services.narrative import number

register = template.Library()


@register.filter
def table_cell(value, column):
    if value is None or value == "":
        return ""
    if column.kind == "percent":
        return f"{value}%"
    if column.kind == "points":
        return f"{value:.2f}".replace(".", ",")
    if column.kind in ("int", "number", "index"):
        return number(value)
    return value


@register.filter
def cells(row, table):
    """[(value, column)] of a row."""
    return list(zip(row, table.columns, strict=False))


@register.filter
def vn_number(value):
    return number(value)
