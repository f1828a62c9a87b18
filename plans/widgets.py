"""Widgets rendered in Python.

Django renders each widget through a template, and each <option> of a select through one
more: the plan editor's four hundred widgets (forty selects of the outreach-form catalogue,
about 1,400 options) took most of its time. QuickSelect and QuickRenderer write the same
HTML as Django's widget templates (input.html, textarea.html, select.html with
select_option.html, attrs.html) directly; any other template goes to Django's renderer.
"""

import html

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import mark_safe


def conditional_escape(value):
    """django.utils.html.conditional_escape without its lazy-argument check per call: the
    editor escapes thousands of values."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _attrs(attrs):
    """django/forms/widgets/attrs.html: ` name="value"`, ` name` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _input(widget):
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


def _textarea(widget):
    value = widget["value"]
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{conditional_escape(value) if value else ''}</textarea>"
    )


_INPUTS = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "hidden",
        "number",
        "date",
        "time",
        "datetime",
        "email",
        "url",
        "password",
        "search",
        "tel",
        "color",
        "checkbox",
    )
}


class QuickRenderer(DjangoTemplates):
    """Django's default form renderer, with the plain widgets written in Python."""

    def render(self, template_name, context, request=None):
        if template_name in _INPUTS:
            return mark_safe(_input(context["widget"]))  # noqa: S308 (escaped above)
        if template_name == "django/forms/widgets/textarea.html":
            return mark_safe(_textarea(context["widget"]))  # noqa: S308 (escaped above)
        return super().render(template_name, context, request=request)


def _options(choices, selected):
    """The <option>s of `choices`, `selected` (a set of strings) marked once, as Django's
    ChoiceWidget.optgroups does for a single select."""
    parts = []
    found = False

    def option(value, label):
        nonlocal found
        key = "" if value is None else str(value)
        mark = ""
        if not found and key in selected:
            mark, found = " selected", True
        return (
            f'<option value="{conditional_escape(key)}"{mark}>{conditional_escape(label)}</option>'
        )

    for value, label in choices:
        if isinstance(label, (list, tuple)):
            parts.append(f'<optgroup label="{conditional_escape(value)}">')
            parts.extend(option(subvalue, sublabel) for subvalue, sublabel in label)
            parts.append("</optgroup>")
        else:
            parts.append(option(value, label))
    return "".join(parts)


class SharedChoices(BaseChoiceIterator):
    """Choices built once per page and shared by the same field of many rows.

    Django normalises (and copies) a plain list each time it is set on a field; an iterator
    is taken as it is. QuickSelect writes the options once per SharedChoices and marks the
    selected one in a copy."""

    def __init__(self, choices):
        self.choices = choices
        self._html = None

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)

    def options(self, selected):
        if self._html is None:
            self._html = _options(self.choices, set())
        if not selected:
            return self._html
        (key,) = selected
        option = f'<option value="{conditional_escape(key)}">'
        return self._html.replace(option, option[:-1] + " selected>", 1)


class QuickSelect(forms.Select):
    """A single select whose options are written straight from its choices."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        selected = set(widget["value"])
        if isinstance(self.choices, SharedChoices) and len(selected) <= 1:
            options = self.choices.options(selected)
        else:
            options = _options(self.choices, selected)
        return mark_safe(  # noqa: S308 (every part is escaped)
            f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>'
            f"{options}</select>"
        )
