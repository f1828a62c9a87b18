"""The daily digest as an e-mail: subject, text and HTML from templates/emails/."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from .models import ReminderRule


def absolute_url(path):
    return settings.SITE_URL.rstrip("/") + path


def digest_context(*, digest, notifications):
    groups = [
        ("Quá hạn", [n for n in notifications if n.rule == ReminderRule.OVERDUE]),
        ("Đến hạn hôm nay", [n for n in notifications if n.rule == ReminderRule.TODAY]),
        ("Sắp đến hạn", [n for n in notifications if n.rule == ReminderRule.BEFORE]),
        ("Việc mới hôm qua", [n for n in notifications if n.rule == ReminderRule.EVENT]),
    ]
    return {
        "recipient": digest.recipient,
        "day": digest.day,
        "count": len(notifications),
        "groups": [(title, [_item(n) for n in items]) for title, items in groups if items],
        "list_url": absolute_url(reverse("notifications:list")),
        "preferences_url": absolute_url(reverse("notifications:preferences")),
    }


def _item(notification):
    detail = notification.detail
    if len(detail) > 300:
        detail = detail[:300].rsplit(" ", 1)[0] + " …"
    return {
        "notification": notification,
        "url": absolute_url(reverse("notifications:open", args=[notification.pk])),
        "detail": detail,
        # The text part indents continuation lines under their bullet.
        "detail_text": "\n  ".join(line.strip() for line in detail.splitlines() if line.strip()),
    }


def digest_message_id(digest):
    host = urlsplit(settings.SITE_URL).hostname or "loa.invalid"
    return f"<loa-digest-{digest.pk}-{digest.day:%Y%m%d}@{host}>"


def digest_message(*, digest, notifications):
    context = digest_context(digest=digest, notifications=notifications)
    subject = " ".join(render_to_string("emails/digest-subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/digest-body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.recipient.email],
        headers={
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
            # One id per digest: a copy sent again after a crashed worker is the same message.
            "Message-ID": digest_message_id(digest),
        },
    )
    message.attach_alternative(render_to_string("emails/digest-body.html", context), "text/html")
    return message


def event_message_id(notification):
    host = urlsplit(settings.SITE_URL).hostname or "loa.invalid"
    return f"<loa-event-{notification.pk}@{host}>"


def event_message(*, notification):
    """One event told at once by e-mail (for people who take events that way)."""
    context = {
        "recipient": notification.recipient,
        "item": _item(notification),
        "list_url": absolute_url(reverse("notifications:list")),
        "preferences_url": absolute_url(reverse("notifications:preferences")),
    }
    subject = " ".join(render_to_string("emails/event-subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject[:200],
        body=render_to_string("emails/event-body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
        headers={
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
            "Message-ID": event_message_id(notification),
        },
    )
    message.attach_alternative(render_to_string("emails/event-body.html", context), "text/html")
    return message
