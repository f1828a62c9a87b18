"""Accounts: login throttling, password rules, session expiry, production security checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
LOCAL_ONLY = ("DEBUG", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in LOCAL_ONLY}
    return {**env, "DJANGO_SETTINGS_MODULE": "config.settings", **extra}


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    return settings


def attempt(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_login_for_a_while(axes_on, client, world):
    for _ in range(4):
        response = attempt(client, "kp.officer", "sai")
        assert response.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()

    locked = attempt(client, "kp.officer", "sai")
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    assert "15 phút" in locked.content.decode()

    # Even the right password is refused while locked.
    assert attempt(client, "kp.officer", "mat-khau-kiem-thu").status_code == 429


def test_a_lockout_does_not_affect_another_user(axes_on, client, world):
    for _ in range(5):
        attempt(client, "kp.officer", "sai")
    response = attempt(client, "kp.leader", "mat-khau-kiem-thu")
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_successful_login_resets_the_failure_count(axes_on, client, world):
    for _ in range(4):
        attempt(client, "kp.officer", "sai")
    assert attempt(client, "kp.officer", "mat-khau-kiem-thu").status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "kp.officer", "sai").status_code == 200


def test_one_address_trying_many_logins_is_stopped(axes_on, client, world):
    """Password spraying: one wrong guess on each of 20 logins from one address."""
    for n in range(20):
        assert attempt(client, f"nguoi{n}", "Matkhau@123").status_code == 200

    sprayed = client.post("/login/", {"username": "kp.leader", "password": "mat-khau-kiem-thu"})
    assert sprayed.status_code == 429
    assert "quá nhiều lần đăng nhập sai từ địa chỉ mạng này" in sprayed.content.decode()
    elsewhere = client.post(
        "/login/",
        {"username": "kp.leader", "password": "mat-khau-kiem-thu"},
        REMOTE_ADDR="10.1.2.3",
    )
    assert elsewhere.status_code == 302


def test_one_login_attacked_from_many_addresses_is_stopped(axes_on, client, world):
    for n in range(20):
        client.post(
            "/login/", {"username": "kp.officer", "password": "sai"}, REMOTE_ADDR=f"10.0.0.{n}"
        )

    blocked = client.post(
        "/login/",
        {"username": "kp.officer", "password": "mat-khau-kiem-thu"},
        REMOTE_ADDR="10.9.9.9",
    )
    assert blocked.status_code == 429
    assert "bị nhập sai mật khẩu quá nhiều lần từ nhiều nơi" in blocked.content.decode()
    # Another person in the same office is not affected.
    assert attempt(client, "kp.leader", "mat-khau-kiem-thu").status_code == 302


@pytest.mark.parametrize("weak", ["12345678", "password", "kp.officer1", "abc"])
def test_weak_passwords_are_refused(world, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, user=world.kp_officer)


def test_sessions_end_with_the_browser_and_after_a_working_day(client, world, settings):
    client.force_login(world.kp_officer)
    client.get("/")
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert client.session.get_expiry_age() <= 8 * 60 * 60


def test_check_deploy_is_clean_under_production_settings():
    env = production_env(
        SECRET_KEY="k9$Jq2!vRw7zT0pLm4nXc8bYs6dHf1gAe5uIo3rEt_yUiOpAsDfGhJkLzXcVbNmQw",
        ALLOWED_HOSTS="loa.example.gov.vn",
    )
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "System check identified no issues" in run.stdout


def test_production_redirects_plain_http_to_https_but_not_the_health_check():
    env = production_env(SECRET_KEY="x" * 60, ALLOWED_HOSTS="loa.example.gov.vn")
    probe = (
        "import django; django.setup(); from django.test import Client; "
        "c = Client(HTTP_HOST='loa.example.gov.vn'); "
        "print(c.get('/login/').status_code, c.get('/login/', secure=True).status_code)"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
    )
    assert run.stdout.split() == ["301", "200"], run.stderr
