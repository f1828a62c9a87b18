"""Fixtures for activities: Kiều Phú's issued plan with content, forms, assignments and
targets, images and PDFs to upload, and a quick way to create activities."""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from activities.models import Activity, ActivityStatus, TargetGroup
from plans.models import PlanOutreachForm, Target
from tests.factories import AssignmentFactory, PlanFactory, SectionFactory, outreach_form

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def kp(world):
    return build_kp_plan(world)


def build_kp_plan(world):
    """Kiều Phú's issued 2026 plan: the office is the focal unit, «Các thôn» covers villages."""
    plan = PlanFactory(
        issuer=world.kp,
        issued=True,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    SectionFactory(plan=plan, label="I.", title="MỤC ĐÍCH, YÊU CẦU", kind="purpose", position=1)
    content = SectionFactory(plan=plan, label="II.", title="NỘI DUNG TUYÊN TRUYỀN", position=2)
    digital = SectionFactory(
        plan=plan, parent=content, label="1.", title="Chuyển đổi số", position=1
    )
    movement = SectionFactory(
        plan=plan, parent=content, label="2.", title="Bình dân học vụ số", position=2
    )
    loudspeaker, conference = outreach_form("loudspeaker"), outreach_form("conference")
    PlanOutreachForm.objects.create(plan=plan, form=loudspeaker, position=1)
    PlanOutreachForm.objects.create(plan=plan, form=conference, position=2)
    office_task = AssignmentFactory(
        plan=plan,
        unit=world.kp_office,
        is_focal_point=True,
        due_date=datetime.date(2026, 12, 15),
        tasks="- Chủ trì tổ chức hội nghị quán triệt.",
        position=1,
    )
    village_task = AssignmentFactory(
        plan=plan,
        unit=world.kp,
        label="Các thôn",
        includes_subunits=True,
        subunit_kinds="village",
        due_date=datetime.date(2026, 6, 30),
        tasks="- Phát thanh trên loa thôn hằng tuần.",
        position=2,
    )
    return SimpleNamespace(
        plan=plan,
        digital=digital,
        movement=movement,
        loudspeaker=loudspeaker,
        conference=conference,
        office_task=office_task,
        village_task=village_task,
    )


@pytest.fixture
def add_activity(world, kp):
    return activity_adder(world, kp)


def activity_adder(world, kp):
    """`add(**fields)`: an activity of Kiều Phú's office, submitted by its head."""

    def add(**fields):
        values = {
            "plan": kp.plan,
            "unit": world.kp_office,
            "assignment": kp.office_task,
            "form": kp.conference,
            "date": DAY,
            "title": "Hội nghị quán triệt Nghị quyết 57",
            "quantity": 1,
            "participants": 100,
            "status": ActivityStatus.SUBMITTED,
            "created_by": world.kp_head,
        }
        values.update(fields)
        return Activity.objects.create(**values)

    return add


@pytest.fixture
def target_groups(db):
    return {group.code: group for group in TargetGroup.objects.all()}


def make_targets(kp):
    return {
        "manual": Target.objects.create(
            plan=kp.plan, indicator="Kỹ năng số", measure="%", target_value=80, actual_value=63
        ),
        "broadcasts": Target.objects.create(
            plan=kp.plan,
            indicator="Lượt phát thanh",
            measure="lượt phát",
            target_value=52,
            metric="quantity",
            form=kp.loudspeaker,
        ),
        "people": Target.objects.create(
            plan=kp.plan,
            indicator="Người tham dự",
            measure="người",
            target_value=1000,
            metric="participants",
        ),
        "count": Target.objects.create(
            plan=kp.plan, indicator="Số hoạt động", target_value=10, metric="activities"
        ),
        "views": Target.objects.create(
            plan=kp.plan, indicator="Lượt xem", target_value=5000, metric="views"
        ),
    }


def jpeg_bytes(size=(320, 200), exif=True, colour=(200, 40, 40)):
    image = Image.new("RGB", size, colour)
    buffer = io.BytesIO()
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "Canon"  # camera maker
        tags[0x0132] = "2026:03:02 08:00:00"
        image.save(buffer, format="JPEG", exif=tags.tobytes())
    else:
        image.save(buffer, format="JPEG")
    return buffer.getvalue()


def photo(name="hoi-nghi.jpg", **kwargs):
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


def pdf_bytes(pages=1):
    """A real PDF of blank A4 pages, as a scanner or «Print to PDF» writes one."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = pdf_bytes()


def pdf(name="bao-cao.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def form_data(world, kp, **overrides):
    """A complete, valid POST for the activity form (the office head logging a conference)."""
    data = {
        "unit": str(world.kp_office.pk),
        "assignment": str(kp.office_task.pk),
        "date": "02/03/2026",
        "form": str(kp.conference.pk),
        "sections": [str(kp.digital.pk)],
        "title": "Hội nghị quán triệt Nghị quyết 57 cho cán bộ xã",
        "description": "Quán triệt nội dung Nghị quyết.",
        "place": "Hội trường UBND xã",
        "quantity": "1",
        "participants": "120",
        "views": "",
        "interactions": "",
        "cost": "8.500.000",
        "links": "",
        "submit": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
