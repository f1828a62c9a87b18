"""Isolation proven on every URL: the test is generated from the URLconf.

Every URL pattern of `config.urls` (app includes too) is opened with objects of Kiều Phú (an
organisation under Hà Nội) by the users of Gia Viên (another province) in every role, and by
Hà Nội's leader (Kiều Phú's superior). Gia Viên's users must get 403 or 404 on GET and POST
and never change a row; the superior reads (GET 200 on read pages) but every POST is refused
and changes nothing. Kiều Phú's own officer opening the same read pages gets 200, which
proves the URLs built here point at real objects.

A pattern that takes arguments needs a provider in `PROVIDERS` (URL name → function of the
Kiều Phú objects returning the URL's kwargs). A new view without one fails
`test_every_url_pattern_has_a_provider` with the line to add.
"""

import datetime
import io
import re
import uuid
import zipfile
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from activities.models import Activity, ActivityStatus, CompletionStatus, Evidence, TaskCompletion
from exports.models import ExportJob
from notifications.models import Notification, NotificationPreference
from plans.models import (
    Assignment,
    BudgetLine,
    ContentSection,
    LegalBasis,
    Plan,
    PlanImport,
    PlanScanJob,
    Target,
)
from reports.models import Report, ReportStatus
from reports.periods import reporting_period
from tests.activities.conftest import build_kp_plan, jpeg_bytes
from tests.factories import UserFactory, make_unit
from tests.plans.conftest import ensure_catalogue
from units.models import Role, Submission, Unit, User

pytestmark = pytest.mark.django_db

# A string found in every Kiều Phú object that carries text: a page shown to someone outside
# Kiều Phú's line must never contain it.
MARK = "KPMAT7731"

# URL names deliberately left out, with the reason. Keep this list short.
PUBLIC = {
    "login": "public login page",
    "logout": "ends the caller's own session",
    "healthz": "public health probe, no data",
    "password_reset": "public form; answers the same whether the address exists or not",
    "password_reset_done": "public page, no data",
    "password_reset_confirm": "public; the signed one-time token is the authorisation",
    "password_reset_complete": "public page, no data",
    "password_change": "changes the caller's own password only",
    "password_change_done": "the caller's own confirmation",
}
# The admin has its own staff checks (test_admin_refuses_non_staff below).
SKIPPED_NAMESPACES = {"admin"}


# ---------------------------------------------------------------- the URLconf


def walk(patterns, prefix=""):
    """(qualified name, pattern route, takes kwargs) of every named URL pattern."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = entry.namespace
            if namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{prefix}{namespace}:" if namespace else prefix
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", str(entry.pattern), bool(entry.pattern.regex.groups)


ALL_PATTERNS = sorted(set(walk(get_resolver("config.urls").url_patterns)))
CHECKED = [
    (name, route, has_kwargs) for name, route, has_kwargs in ALL_PATTERNS if name not in PUBLIC
]


TAKES_KWARGS = {name for name, _, has_kwargs in CHECKED if has_kwargs}


# ---------------------------------------------------------------- providers


def unscoped(build):
    """Marks a provider whose kwargs do not name a Kiều Phú object (a kind slug, say): the
    page then answers for the caller's own organisation and is checked like a list page."""
    build.unscoped = True
    return build


# URL name → kwargs built from the Kiều Phú objects (`a`, see `kp_world`). One line per view.
PROVIDERS = {
    "plans:detail": lambda a: {"pk": a.plan.pk},
    "plans:edit": lambda a: {"pk": a.draft.pk},
    "plans:issue": lambda a: {"pk": a.draft.pk},
    "plans:submit": lambda a: {"pk": a.draft.pk},
    "plans:return": lambda a: {"pk": a.draft.pk},
    "plans:withdraw": lambda a: {"pk": a.draft.pk},
    "plans:close": lambda a: {"pk": a.plan.pk},
    "plans:delete": lambda a: {"pk": a.draft.pk},
    "plans:cascade": lambda a: {"pk": a.plan.pk},
    "plans:pdf": lambda a: {"pk": a.plan.pk},
    "plans:docx": lambda a: {"pk": a.plan.pk},
    "plans:import_review": lambda a: {"pk": a.draft.pk},
    "plans:import_map": lambda a: {"pk": a.draft.pk, "assignment_pk": a.draft_task.pk},
    "plans:import_create_unit": lambda a: {"pk": a.draft.pk, "assignment_pk": a.draft_task.pk},
    "plans:import_discard": lambda a: {"pk": a.draft.pk},
    "plans:import_figures": lambda a: {"pk": a.draft.pk},
    "plans:import_scan": lambda a: {"pk": a.scan_job.pk},
    "plans:import_scan_status": lambda a: {"pk": a.scan_job.pk},
    "exports:job": lambda a: {"pk": a.export_job.pk},
    "exports:status": lambda a: {"pk": a.export_job.pk},
    "exports:file": lambda a: {"pk": a.export_job.pk},
    "activities:detail": lambda a: {"pk": a.activity.pk},
    "activities:edit": lambda a: {"pk": a.draft_activity.pk},
    "activities:submit": lambda a: {"pk": a.draft_activity.pk},
    "activities:approve": lambda a: {"pk": a.activity.pk},
    "activities:return": lambda a: {"pk": a.activity.pk},
    "activities:progress": lambda a: {"pk": a.plan.pk},
    "activities:evidence": lambda a: {"pk": a.evidence.pk},
    "activities:task": lambda a: {"pk": a.task.pk},
    "activities:task_report": lambda a: {"pk": a.task.pk},
    "activities:task_reopen": lambda a: {"pk": a.done_task.pk},
    "activities:offline_sent": lambda a: {"pk": a.activity.pk},
    "activities:offline_recorded": lambda a: {"key": a.submission.key},
    "notifications:read": lambda a: {"pk": a.notification.pk},
    "notifications:open": lambda a: {"pk": a.notification.pk},
    "activities:restore": lambda a: {"history_id": a.deleted_record.history_id},
    "units:history": lambda a: {"pk": a.world.kp_office.pk},
    "units:edit": lambda a: {"pk": a.world.kp_office.pk},
    "units:active": lambda a: {"pk": a.world.kp_office.pk},
    "units:person": lambda a: {"pk": a.person.pk},
    "units:person_edit": lambda a: {"pk": a.person.pk},
    "units:person_active": lambda a: {"pk": a.person.pk},
    "units:person_invite": lambda a: {"pk": a.person.pk},
    "imports:template": unscoped(lambda a: {"kind": "activities"}),
    "imports:upload": unscoped(lambda a: {"kind": "activities"}),
    "imports:export": unscoped(lambda a: {"kind": "activities"}),
    "imports:confirm": lambda a: {"kind": "activities", "token": a.import_token},
    "reports:detail": lambda a: {"pk": a.sent_report.pk},
    "reports:pdf": lambda a: {"pk": a.sent_report.pk},
    "reports:xlsx": lambda a: {"pk": a.sent_report.pk},
    "reports:edit": lambda a: {"pk": a.report.pk},
    "reports:redraft": lambda a: {"pk": a.report.pk},
    "reports:submit": lambda a: {"pk": a.report.pk},
    "reports:withdraw": lambda a: {"pk": a.sent_report.pk},
    "reports:accept": lambda a: {"pk": a.sent_report.pk},
    "reports:return": lambda a: {"pk": a.sent_report.pk},
    "emulation:ranking": lambda a: {"judge": a.world.kp.pk},
    "emulation:unit": lambda a: {"judge": a.world.kp.pk, "unit": a.world.kp_office.pk},
    "emulation:criteria": lambda a: {"judge": a.world.kp.pk},
    "emulation:pdf": lambda a: {"judge": a.world.kp.pk},
    "emulation:xlsx": lambda a: {"judge": a.world.kp.pk},
    "emulation:recompute": lambda a: {"judge": a.world.kp.pk},
}

# Query strings that name a Kiều Phú object on pages without URL kwargs.
QUERIES = {
    "activities:create": lambda a: {"copy": a.activity.pk},
    "units:people": lambda a: {"org": a.world.kp.pk},
}

# Query strings of pages that answer for the caller's own reach (checked like a list page):
# a search for what every Kiều Phú object carries must find none of it from Gia Viên. Typed
# in lower case, which finds the same rows, so the page echoing the query is not a leak.
SEARCHES = {
    "search:results": lambda a: {"q": MARK.lower()},
}

# Pages a superior (and the owner) read: GET answers 200. Every other checked page is a
# write endpoint, a download or a list.
READ_PAGES = {
    "plans:detail",
    "plans:pdf",
    "plans:docx",
    "activities:detail",
    "activities:progress",
    "activities:evidence",
    "activities:task",
    "activities:offline_sent",
    "units:history",
    "units:people",
    "units:person",
    "reports:detail",
    "reports:pdf",
    "reports:xlsx",
    "emulation:ranking",
    "emulation:unit",
    "emulation:criteria",
    "search:results",
    "emulation:pdf",
    "emulation:xlsx",
}

# What the superior is there to do to a subordinate's sent report (tests/reports covers it);
# the organisations beside Kiều Phú are still refused.
SUPERIOR_DUTIES = {"reports:accept", "reports:return", "reports:remind"}

CROSS_ROLES = ["gv_officer", "gv_head", "gv_leader"]
# 405: a POST-only endpoint opened with GET (or the reverse) answers before looking anything up.
REFUSED = {403, 404, 405}
SUPERIOR = "hn_leader"


def provider_line(name, route):
    kwargs = ", ".join(f'"{k}": a.OBJECT.pk' for k in re.findall(r"<(?:\w+:)?(\w+)>", route))
    return f'    "{name}": lambda a: {{{kwargs}}},  # route «{route}»'


# ---------------------------------------------------------------- Kiều Phú's objects


@pytest.fixture
def kp_world(world, client):
    """Kiều Phú's issued plan with activities and evidence, a draft read from a document, a
    reminder, a pending Excel import; Gia Viên's unit head as the missing role."""
    ensure_catalogue()
    world.gv_head = UserFactory(username="gv.head", unit=world.gv_office, role=Role.UNIT_HEAD)
    kp = build_kp_plan(world)
    plan = kp.plan
    plan.title = f"Kế hoạch tuyên truyền {MARK}"
    plan.save(update_fields=["title"])
    draft = Plan.objects.create(
        issuer=world.kp, title=f"Dự thảo {MARK}", symbol="KH-UBND", place="Kiều Phú"
    )
    draft_task = Assignment.objects.create(
        plan=draft, unit=world.kp_office, role="lead", tasks=f"- Việc {MARK}", position=1
    )
    PlanImport.objects.create(
        plan=draft, filename=f"ke-hoach-{MARK}.docx", imported_by=world.kp_officer
    )
    # A scanned PDF of Kiều Phú's officer half-way through OCR.
    scan_job = PlanScanJob.objects.create(
        organisation=world.kp,
        created_by=world.kp_officer,
        filename=f"ban-quet-{MARK}.pdf",
        status="running",
        pages_done=1,
        pages_total=3,
    )
    # Kiều Phú's activity export, written and kept: its organisation's people read it, the
    # superior asks for its own (tests/exports covers both).
    export_job = ExportJob(
        kind="activities",
        fmt="csv",
        reach=f"org:{world.kp.pk}",
        organisation=world.kp,
        created_by=world.kp_officer,
        key="k",
        data_version="v",
        status="done",
        filename=f"hoat-dong-{MARK}.csv",
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    export_job.file.save("hoat-dong.csv", ContentFile(f"{MARK}\n".encode()), save=False)
    export_job.save()
    make_unit(world.kp, kind="village", code="T-KP-MK", name=f"Thôn {MARK}")
    person = UserFactory(
        username="kp.mark", full_name=f"Cán bộ {MARK}", unit=world.kp_office, role=Role.OFFICER
    )
    base = {
        "plan": plan,
        "unit": world.kp_office,
        "assignment": kp.office_task,
        "form": kp.conference,
        "date": datetime.date(2026, 3, 2),
        "quantity": 1,
        "participants": 100,
        "created_by": world.kp_head,
    }
    activity = Activity.objects.create(
        **base, title=f"Hội nghị {MARK}", status=ActivityStatus.SUBMITTED
    )
    draft_activity = Activity.objects.create(
        **base, title=f"Phát thanh {MARK}", status=ActivityStatus.DRAFT
    )
    gone = Activity.objects.create(**base, title=f"Đã xóa {MARK}", status=ActivityStatus.DRAFT)
    gone_pk = gone.pk
    gone.delete()
    evidence = Evidence.objects.create(
        activity=activity,
        kind="photo",
        file=ContentFile(jpeg_bytes(exif=False), name="anh.jpg"),
        original_name=f"anh-{MARK}.jpg",
        content_type="image/jpeg",
        size=100,
        uploaded_by=world.kp_head,
    )
    notification = Notification.objects.create(
        recipient=world.kp_officer,
        kind="assignment",
        rule="due",
        item_key=f"assignment:{kp.office_task.pk}",
        remind_on=datetime.date(2026, 12, 15),
        due_date=datetime.date(2026, 12, 15),
        days_left=0,
        subject=f"Hạn {MARK}",
        organisation=world.kp,
        plan=plan,
        assignment=kp.office_task,
        run_id=uuid.uuid4(),
    )
    # The office head's activity, recorded under the key its form carried: only its author
    # learns whether a key was recorded (the phone's copy kept while the page sent it).
    submission = Submission.objects.create(
        key=uuid.uuid4(), user=world.kp_head, result_url=f"/activities/{activity.pk}/"
    )
    # An Excel import waiting for Kiều Phú's officer to confirm it, in that officer's session.
    import_token = uuid.uuid4().hex
    default_storage.save(f"imports/{import_token}.xlsx", ContentFile(b"PK\x03\x04"))
    client.force_login(world.kp_officer)
    session = client.session
    session["imports_pending"] = {import_token: {"kind": "activities", "organisation": world.kp.pk}}
    session.save()
    client.logout()
    quarter = reporting_period("quarter", 2026, 1)
    month = reporting_period("month", 2026, 1)
    report = Report.objects.create(organisation=world.kp, period=quarter, title=f"Báo cáo {MARK}")
    sent_report = Report.objects.create(
        organisation=world.kp,
        period=month,
        title=f"Báo cáo tháng {MARK}",
        results=f"Kết quả {MARK}",
        status=ReportStatus.SUBMITTED,
        submitted_by=world.kp_leader,
        submitted_at=datetime.datetime(2026, 1, 20, 8, 0, tzinfo=datetime.UTC),
    )
    done_task = Assignment.objects.create(
        plan=plan, unit=world.kp_office, tasks=f"- Việc xong {MARK}", position=9
    )
    TaskCompletion.objects.create(
        assignment=done_task,
        unit=world.kp_office,
        status=CompletionStatus.DONE,
        percent=100,
        result=f"Kết quả {MARK}",
    )
    return SimpleNamespace(
        world=world,
        person=person,
        plan=plan,
        task=kp.office_task,
        done_task=done_task,
        report=report,
        sent_report=sent_report,
        draft=draft,
        draft_task=draft_task,
        scan_job=scan_job,
        export_job=export_job,
        submission=submission,
        activity=activity,
        draft_activity=draft_activity,
        evidence=evidence,
        notification=notification,
        import_token=import_token,
        deleted_record=Activity.history.get(id=gone_pk, history_type="-"),
    )


SNAPSHOT_MODELS = [
    Plan,
    ContentSection,
    Assignment,
    LegalBasis,
    BudgetLine,
    Target,
    PlanImport,
    PlanScanJob,
    Activity,
    Evidence,
    TaskCompletion,
    Notification,
    Report,
    Unit,
]


def snapshot(caller):
    """Every row the test watches, except the caller's own preferences (opening the
    preferences page creates them): nothing of Kiều Phú's may change."""
    rows = {
        model.__name__: list(model.objects.order_by("pk").values()) for model in SNAPSHOT_MODELS
    }
    rows["NotificationPreference"] = list(
        NotificationPreference.objects.exclude(user=caller).order_by("pk").values()
    )
    rows["User"] = list(User.objects.order_by("pk").values())
    for row in rows["User"]:
        row.pop("last_login", None)
    return rows


def assert_unchanged(before, caller, what):
    after = snapshot(caller)
    for model, rows in before.items():
        assert after[model] == rows, f"{what} changed {model} rows"


def page_text(response):
    """What the response shows: its HTML or text, or the cells of a workbook it sends."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                return " ".join(
                    archive.read(n).decode("utf-8", "replace")
                    for n in archive.namelist()
                    if n.endswith(".xml")
                )
        except zipfile.BadZipFile:
            pass
    return content.decode("utf-8", "replace")


def url_for(name, a):
    build = PROVIDERS.get(name)
    route = next(route for n, route, _ in CHECKED if n == name)
    if build is None and name in TAKES_KWARGS:
        pytest.fail("No provider for this URL; add to PROVIDERS:\n" + provider_line(name, route))
    kwargs = build(a) if build else {}
    url = reverse(name, kwargs=kwargs)
    query = QUERIES.get(name) or SEARCHES.get(name)
    return url, (query(a) if query else {})


def is_scoped(name):
    build = PROVIDERS.get(name)
    return (build is not None and not getattr(build, "unscoped", False)) or name in QUERIES


# ---------------------------------------------------------------- the tests


def test_every_url_pattern_has_a_provider():
    missing = [
        provider_line(name, route)
        for name, route, has_kwargs in CHECKED
        if has_kwargs and name not in PROVIDERS
    ]
    assert not missing, (
        "These URL patterns take arguments but the isolation test cannot build them from "
        "Kiều Phú's objects. Add to PROVIDERS in tests/security/test_isolation.py (and the "
        "object to the kp_world fixture if it is new):\n" + "\n".join(missing)
    )
    stale = sorted(set(PROVIDERS) - {name for name, _, _ in CHECKED})
    assert not stale, f"PROVIDERS names URLs that no longer exist: {stale}"


def test_the_url_list_is_complete():
    """The walk finds the app includes: a broken walk would make every test below vacuous."""
    names = {name for name, _, _ in CHECKED}
    for expected in (
        "plans:detail",
        "activities:evidence",
        "notifications:open",
        "imports:confirm",
    ):
        assert expected in names
    assert len(CHECKED) >= 30


def check_ids():
    return [name for name, _, _ in CHECKED]


def open_both_ways(client, url, query):
    """GET the URL, then POST an empty form to it (with the same query string)."""
    got = client.get(url, query)
    posted = client.post(f"{url}?{urlencode(query)}" if query else url, {})
    return got, posted


@pytest.mark.parametrize("role", CROSS_ROLES)
@pytest.mark.parametrize("name", check_ids())
def test_another_organisation_neither_sees_nor_changes(name, role, kp_world, client_for):
    a = kp_world
    user = getattr(a.world, role)
    client = client_for(user)
    url, query = url_for(name, a)
    before = snapshot(user)

    got, posted = open_both_ways(client, url, query)

    assert_unchanged(before, user, f"{role} at {name}")
    if is_scoped(name):
        assert got.status_code in REFUSED, f"GET {url} as {role}: {got.status_code}"
        assert posted.status_code in REFUSED, f"POST {url} as {role}: {posted.status_code}"
    else:
        # The page answers for the caller's own organisation: none of Kiều Phú's data in it.
        for response, method in ((got, "GET"), (posted, "POST")):
            assert response.status_code < 500, f"{method} {url} as {role}"
            assert MARK not in page_text(response), f"{method} {url} as {role} shows Kiều Phú data"


@pytest.mark.parametrize("name", check_ids())
def test_the_superior_reads_but_never_writes(name, kp_world, client_for):
    a = kp_world
    superior = getattr(a.world, SUPERIOR)
    client = client_for(superior)
    url, query = url_for(name, a)
    before = snapshot(superior)

    got, posted = open_both_ways(client, url, query)

    assert got.status_code < 500 and posted.status_code < 500
    if name in SUPERIOR_DUTIES:
        return
    assert_unchanged(before, superior, f"the superior at {name}")
    if name in READ_PAGES:
        assert got.status_code == 200, f"GET {url} as the superior: {got.status_code}"
    elif name in PROVIDERS and is_scoped(name):
        # A write endpoint on a Kiều Phú object: refused both ways.
        assert got.status_code in REFUSED, f"GET {url} as the superior: {got.status_code}"
        assert posted.status_code in REFUSED, f"POST {url} as the superior: {posted.status_code}"


@pytest.mark.parametrize("name", sorted(READ_PAGES))
def test_the_owner_reads_the_same_urls(name, kp_world, client_for):
    """Kiều Phú's own people open the URLs built above: the refusals are not broken links."""
    a = kp_world
    url, query = url_for(name, a)
    assert client_for(a.world.kp_officer).get(url, query).status_code == 200


def test_admin_refuses_non_staff(world, client_for):
    client = client_for(world.gv_leader)
    for url in ("/admin/", "/admin/plans/plan/", "/admin/activities/activity/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
