import uuid

from django import template
from django.utils.html import format_html

from units.submissions import FIELD

register = template.Library()


@register.simple_tag(takes_context=True)
def submission_key(context):
    """The hidden token that makes a creating form count once, kept across a failed POST so
    that what was typed is sent again under the same key."""
    request = context.get("request")
    kept = request.POST.get(FIELD, "") if request is not None else ""
    try:
        key = uuid.UUID(kept)
    except ValueError:
        key = uuid.uuid4()
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, key)
