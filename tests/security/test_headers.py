"""Headers on every page: a Content-Security-Policy that allows no inline script (and no
template carries one), a Permissions-Policy, no caching of signed-in pages; forwarded
headers are believed only behind a declared proxy."""

import json
import os
import pathlib
import re
import subprocess
import sys

import pytest
from django.urls import reverse

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_signed_in_pages_carry_the_policies_and_are_never_stored(world, client_for):
    response = client_for(world.kp_officer).get(reverse("plans:list"))

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "microphone=()" in response["Permissions-Policy"]
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_the_login_page_has_the_policy_too(client):
    login = client.get(reverse("login"))
    assert "script-src 'self'" in login["Content-Security-Policy"]


def test_no_template_carries_an_inline_script_or_event_handler():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|javascript:", re.I)
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "templates").rglob("*.html")
        for match in inline.finditer(path.read_text())
    ]
    assert offenders == []


PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps(settings.SECURE_PROXY_SSL_HEADER))"
)


@pytest.mark.parametrize(
    ("behind_proxy", "expected"), [("", None), ("1", ["HTTP_X_FORWARDED_PROTO", "https"])]
)
def test_x_forwarded_proto_is_trusted_only_behind_a_declared_proxy(behind_proxy, expected):
    env = {k: v for k, v in os.environ.items() if k != "BEHIND_PROXY"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="1")
    if behind_proxy:
        env["BEHIND_PROXY"] = behind_proxy
    run = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert json.loads(run.stdout) == expected


@pytest.mark.django_db
def test_a_forged_forwarded_proto_does_not_make_a_plain_request_secure(world, client_for, settings):
    seen = client_for(world.kp_officer).get(reverse("home"), HTTP_X_FORWARDED_PROTO="https")
    assert seen.wsgi_request.is_secure() is False


def test_docker_compose_publishes_gunicorn_only_on_the_loopback():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert '"127.0.0.1:8000:8000"' in compose
    assert not re.search(r'-\s*"8000:8000"', compose)
