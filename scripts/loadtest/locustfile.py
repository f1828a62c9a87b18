# ruff: noqa: S311 - load-test randomness, not cryptography
"""Load scenario: 50 people working at once against gunicorn and PostgreSQL.

- officers (`OfficerUser`) draft a plan of their commune and keep editing it in the one-page
  editor (load the editor, save it with a changed title);
- unit heads (`UnitHeadUser`) log activities of their unit through the activity form and
  open their lists;
- leaders (`LeaderUser`) read the plan list and the progress dashboard, download their
  commune's plan as PDF and the activities as Excel.

Every virtual person logs in as a different commune's account of the data made by
`manage.py generate_scale` (password LOA_DEMO_PASSWORD, `loa-demo-2026` by default), so no
two edit the same plan. Run it with scripts/loadtest/run.py, which starts everything.
"""

import datetime
import itertools
import os
import random
import re
from html.parser import HTMLParser

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOA_DEMO_PASSWORD", "loa-demo-2026")
COMMUNES = int(os.environ.get("LOA_LOAD_COMMUNES", "20"))
_numbers = {kind: itertools.count() for kind in ("officer", "head", "leader")}


def commune(kind):
    """s01-x001, s01-x002 … one commune per virtual person of a kind, round robin."""
    return f"s01-x{next(_numbers[kind]) % COMMUNES + 1:03d}"


class FormFields(HTMLParser):
    """What a browser would post for the form whose action matches, as rendered."""

    def __init__(self, action=None):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = action is None
        self.fields = []
        self._select = None
        self._textarea = None
        self._first_option = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.action is not None:
            self.inside = (a.get("action") or "") in ("", self.action)
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in ("file", "submit", "button", "image", "reset") and (
                "__prefix__" not in name
            ):
                self.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = (name, "multiple" in a, [])
            self._first_option = None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None and value:
                self._first_option = value
            if "selected" in a:
                self._select[2].append(value)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.action is not None:
            self.inside = False
        if tag == "select" and self._select:
            name, multiple, chosen = self._select
            for value in chosen:
                self.fields.append((name, value))
            if not chosen and not multiple:
                self.fields.append((name, ""))
            self._select = None
        if tag == "textarea" and self._textarea is not None:
            value = self._textarea[1]
            self.fields.append((self._textarea[0], value.removeprefix("\n")))
            self._textarea = None


def form_fields(html, action=None):
    parser = FormFields(action)
    parser.feed(html)
    return parser.fields


def options(html, name):
    """The non-empty option values of the select called `name`."""
    block = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S)
    if not block:
        return []
    return [v for v in re.findall(r'<option value="([^"]*)"', block[1]) if v]


# People pause 2-6 s between requests; the calibration run (run.py) shortens the pauses to
# collect many samples of each request made alone.
WAIT = (
    float(os.environ.get("LOA_LOAD_WAIT_MIN", 2)),
    float(os.environ.get("LOA_LOAD_WAIT_MAX", 6)),
)


class LoaUser(HttpUser):
    abstract = True
    wait_time = between(*WAIT)
    kind = ""
    suffix = ""

    def on_start(self):
        self.username = f"{commune(self.kind)}{self.suffix}"
        page = self.client.get("/login/", name="/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
        response = self.client.post(
            "/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="/login/ (POST)",
            allow_redirects=False,
        )
        if response.status_code != 302:
            response.failure(f"login of {self.username} refused")
            raise RuntimeError(f"cannot log in as {self.username}")

    def csrf(self):
        return self.client.cookies.get("csrftoken", "")


class OfficerUser(LoaUser):
    weight = 15
    kind, suffix = "officer", ".canbo"
    plan_url = None

    def on_start(self):
        super().on_start()
        editor = self.client.get("/plans/new/", name="/plans/new/")
        data = form_fields(editor.text, action="/plans/new/")
        data = [(k, v) for k, v in data if k != "plan-title"] + [
            ("plan-title", f"Kế hoạch tuyên truyền thử tải của {self.username}")
        ]
        with self.client.post(
            "/plans/new/",
            data,
            name="/plans/new/ (POST)",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"draft not created: {response.status_code}")
                return
        self.plan_url = response.headers["Location"].rstrip("/").rsplit("/edit", 1)[0] + "/"

    @task(3)
    def edit_the_draft(self):
        if not self.plan_url:
            return
        editor = self.client.get(f"{self.plan_url}edit/", name="/plans/[pk]/edit/")
        fields = form_fields(editor.text, action=f"{self.plan_url}edit/")
        data = [(k, v) for k, v in fields if k != "plan-title"]
        data.append(("plan-title", f"Kế hoạch tuyên truyền thử tải {random.randint(1, 10**6)}"))
        with self.client.post(
            f"{self.plan_url}edit/",
            data,
            name="/plans/[pk]/edit/ (POST)",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"the editor did not save: {response.status_code}")

    @task(1)
    def read_the_draft(self):
        if self.plan_url:
            self.client.get(self.plan_url, name="/plans/[pk]/")

    @task(1)
    def plan_list(self):
        self.client.get("/plans/", name="/plans/")


class UnitHeadUser(LoaUser):
    weight = 20
    kind, suffix = "head", "-vhxh.truong"

    @task(3)
    def log_an_activity(self):
        page = self.client.get("/activities/new/", name="/activities/new/")
        data = dict(form_fields(page.text, action="/activities/new/"))
        assignments = options(page.text, "assignment")
        forms = options(page.text, "form")
        units = options(page.text, "unit")
        today = datetime.datetime.now(datetime.UTC).date()
        day = today - datetime.timedelta(days=random.randint(1, 20))
        data.update(
            {
                "unit": data.get("unit") or (units[0] if units else ""),
                "assignment": assignments[0] if assignments else "",
                "form": random.choice(forms) if forms else "",
                "date": day.strftime("%d/%m/%Y"),
                "title": f"Phát thanh tuyên truyền chuyển đổi số {random.randint(1, 10**6)}",
                "place": "Nhà văn hóa thôn",
                "quantity": str(random.randint(1, 5)),
                "participants": str(random.randint(10, 200)),
                "submit": "",
            }
        )
        with self.client.post(
            "/activities/new/",
            data,
            name="/activities/new/ (POST)",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                errors = re.findall(r'class="invalid-feedback[^"]*"[^>]*>\s*([^<]+)', response.text)
                response.failure(f"activity not saved: {response.status_code} {errors[:3]}")

    @task(2)
    def my_activities(self):
        self.client.get("/activities/", name="/activities/")

    @task(1)
    def home(self):
        self.client.get("/", name="/")


class LeaderUser(LoaUser):
    weight = 15
    kind, suffix = "leader", ".lanhdao"
    plan_urls = ()

    def on_start(self):
        super().on_start()
        listing = self.client.get("/plans/", name="/plans/")
        self.plan_urls = sorted(set(re.findall(r'href="(/plans/\d+/)"', listing.text)))

    @task(2)
    def download_a_plan_pdf(self):
        if self.plan_urls:
            self.client.get(f"{random.choice(self.plan_urls)}pdf/", name="/plans/[pk]/pdf/")

    @task(2)
    def download_activities_excel(self):
        self.client.get("/activities/export/", name="/activities/export/")

    @task(2)
    def dashboard(self):
        self.client.get("/activities/dashboard/", name="/activities/dashboard/")

    @task(1)
    def read_a_plan(self):
        if self.plan_urls:
            self.client.get(random.choice(self.plan_urls), name="/plans/[pk]/")
