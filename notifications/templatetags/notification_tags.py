from django import template

from ..selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_partials/bell.html", takes_context=True)
def notification_bell(context, oob=False):
    """The navbar bell: unread count and a link to the list. With `oob`, an htmx
    out-of-band swap that refreshes the bell after marking something read."""
    user = context["request"].user
    return {"count": unread_count(user=user), "oob": oob}
