"""Screenshots of the README's five-minute tour, taken from the demo as each role sees it.

    uv run python scripts/tour.py [--output docs/tour]

Loads the demo into a fresh SQLite database in a temporary folder, serves it with Django's
development server on a free port, logs in as each demo login in Debian's Chromium and saves
one PNG per stop of the tour (desktop width, the village head's at phone width).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.waiting import free_port  # noqa: E402

PASSWORD = "loa-demo-2026"  # noqa: S105 (the demo's published password)
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# (file name, login, viewport, path or callable that reaches the page)
STOPS = [
    ("01-can-bo-ke-hoach.png", "kieuphu.canbo", DESKTOP, "/plans/"),
    ("02-can-bo-chi-tiet-ke-hoach.png", "kieuphu.canbo", DESKTOP, "plan:12/KH-UBND"),
    ("03-truong-thon-nhiem-vu.png", "kieuphu.truongthon", PHONE, "/activities/tasks/"),
    ("04-truong-thon-ghi-hoat-dong.png", "kieuphu.truongthon", PHONE, "/activities/new/"),
    ("05-truong-phong-duyet.png", "kieuphu.truongphong", DESKTOP, "/activities/review/"),
    ("06-lanh-dao-trang-chu.png", "kieuphu.lanhdao", DESKTOP, "/"),
    ("07-lanh-dao-tien-do.png", "kieuphu.lanhdao", DESKTOP, "/activities/dashboard/"),
    ("08-lanh-dao-bao-cao.png", "kieuphu.lanhdao", DESKTOP, "/reports/"),
    ("09-thanh-pho-theo-doi.png", "hanoi.lanhdao", DESKTOP, "/reports/matrix/"),
    ("10-thanh-pho-tong-hop.png", "hanoi.lanhdao", DESKTOP, "/reports/rollup/"),
]


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
    )


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own http URL)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The development server did not answer at {url}.")


def open_stop(page, base, target):
    if target.startswith("plan:"):
        page.goto(f"{base}/plans/")
        row = page.get_by_role("row").filter(has_text=target.removeprefix("plan:"))
        row.get_by_role("link").first.click()
        page.wait_for_load_state("networkidle")
    else:
        page.goto(f"{base}{target}")


def take(base, output):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for name, login, viewport, target in STOPS:
            context = browser.new_context(viewport=viewport, locale="vi-VN")
            page = context.new_page()
            page.goto(f"{base}/login/")
            page.get_by_label("Tên đăng nhập").fill(login)
            page.get_by_label("Mật khẩu").fill(PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_url(f"{base}/")
            open_stop(page, base, target)
            page.screenshot(path=output / name, full_page=False)
            print(f"  {output / name}")
            context.close()
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "tour")
    output = parser.parse_args().output.resolve()
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL"}
        }
        env |= {
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{folder}/tour.sqlite3",
            "MEDIA_ROOT": f"{folder}/media",
            "LOA_DEMO_PASSWORD": PASSWORD,
        }
        manage(env, "migrate", "--noinput", stdout=subprocess.DEVNULL)
        manage(env, "load_demo", stdout=subprocess.DEVNULL)
        manage(env, "send_reminders", stdout=subprocess.DEVNULL)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/healthz/")
            take(base, output)
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
