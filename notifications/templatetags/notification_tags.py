from django import template

from ..selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_partials/bell.html", takes_context=True)
def notification_bell(context, oob=False):
    """The navbar bell: unread count and a link to the list. With `oob`, an htmx
    out-of-band swap that refreshes the bell after marking something read."""
    request = context.get("request")
    user = request.user if request is not None else context.get("user")
    return {"count": unread_count(user=user) if user is not None else 0, "oob": oob}
