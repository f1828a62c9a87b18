from django import template

from ..selectors.review import review_count

register = template.Library()


@register.simple_tag(takes_context=True)
def review_waiting(context):
    """How many activities wait for the current user's review (the «Duyệt» badge)."""
    request = context.get("request")
    user = request.user if request is not None else context.get("user")
    return review_count(user) if user is not None else 0
