"""Request-wide guards that every view relies on."""

import logging
import re

from django.shortcuts import render

logger = logging.getLogger(__name__)

# Control characters no person types: NUL breaks PostgreSQL's text type, the others break the
# XML inside Word and Excel files. Tab, line feed and carriage return are ordinary text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Word's manual line break (vertical tab) and page break (form feed) come with pasted text:
# in a form they become the line breaks they stand for.
WORD_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


class RejectControlCharactersMiddleware:
    """Answer 400, in Vietnamese, to a query string or form carrying control characters,
    before any view, form or database sees them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bad_field = _bad_field(request.GET)
        if bad_field is None and request.method == "POST":
            if any(CONTROL.search(v) for values in request.POST.lists() for v in values[1]):
                request.POST = _without_word_breaks(request.POST)
            bad_field = _bad_field(request.POST)
        if bad_field is not None:
            return render(request, "400.html", {"field": bad_field}, status=400)
        return self.get_response(request)


def _bad_field(query):
    for key, values in query.lists():
        if CONTROL.search(key) or any(CONTROL.search(value) for value in values):
            return CONTROL.sub("", key)
    return None


def _without_word_breaks(post):
    cleaned = post.copy()
    for key, values in post.lists():
        cleaned.setlist(key, [value.translate(WORD_BREAKS) for value in values])
    cleaned._mutable = False
    return cleaned


# Scripts only from Loa's own static files (no inline script or handler); inline style
# attributes remain in templates, which cannot run code.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Camera and location stay available to Loa's own pages (evidence taken in the field).
PERMISSIONS_POLICY = ", ".join(
    [
        "camera=(self)",
        "geolocation=(self)",
        "microphone=()",
        "payment=()",
        "usb=()",
        "serial=()",
        "bluetooth=()",
        "midi=()",
        "display-capture=()",
        "interest-cohort=()",
    ]
)


class SecurityHeadersMiddleware:
    """A Content-Security-Policy and a Permissions-Policy on every HTML page, and no copy of
    a signed-in person's pages in any cache (a shared computer at the commune office)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response


class DocumentLimitMiddleware:
    """A document that cannot be rendered within its limits (plans/limits.py) is explained,
    in Vietnamese, instead of an error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from plans.limits import DocumentTooCostly

        if isinstance(exception, DocumentTooCostly):
            logger.warning("Document not rendered for %s: %s", request.path, exception)
            return render(request, "document_too_costly.html", status=503)
        return None
