"""Loa as an installable app: the web app manifest and the service worker.

The service worker must be served from the site's root for its scope to be the whole site,
so a view serves `static/js/sw.js` at `/sw.js`, preceded by the list of files it keeps for
offline use and a version that changes with them (a changed script is how browsers learn
that the kept files changed)."""

import hashlib
import json
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse

THEME_COLOUR = "#a31d1d"  # --loa-red in static/css/loa.css, the navbar's colour

# The app shell: what the offline activity form needs besides its page and choice lists.
SHELL_FILES = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "css/loa.css",
    "css/activities.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "js/loa.js",
    "js/activities.js",
    "js/offline.js",
    "img/loa.svg",
    "img/loa-192.png",
    "img/loa-512.png",
    "img/loa-maskable-512.png",
]
WORKER = "js/sw.js"


def _read(name) -> bytes:
    with open(finders.find(name), "rb") as handle:
        return handle.read()


def _worker_uncached() -> tuple[str, str]:
    digest = hashlib.sha256()
    for name in [WORKER, *SHELL_FILES]:
        digest.update(_read(name))
    return digest.hexdigest()[:16], _read(WORKER).decode()


_worker_cached = lru_cache(maxsize=1)(_worker_uncached)


def _worker():
    # While developing, files change under a running server.
    return _worker_uncached() if settings.DEBUG else _worker_cached()


def service_worker(request):
    version, script = _worker()
    config = {
        "version": version,
        "shell": reverse("activities:offline"),
        "choices": reverse("activities:offline_choices"),
        "assets": [static(name) for name in SHELL_FILES],
    }
    response = HttpResponse(
        f"const LOA = {json.dumps(config)};\n{script}",
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    # The browser checks for a new worker on each visit; no copy may stand in for it.
    response["Cache-Control"] = "no-cache"
    return response


def manifest(request):
    data = {
        "name": "Loa – Quản lý công tác tuyên truyền",
        "short_name": "Loa",
        "description": "Ghi nhận hoạt động tuyên truyền, cả khi không có mạng.",
        "lang": "vi",
        "dir": "ltr",
        "id": "/",
        "start_url": reverse("activities:create"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {"src": static("img/loa-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/loa-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/loa-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(
        data,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
