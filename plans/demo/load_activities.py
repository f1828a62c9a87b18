"""A quarter of Kiều Phú's activities for its 2026 plan, with evidence, in every review state.

The rows are in activities-kieuphu-2026.toml; the weekly loudspeaker series is generated here.
"""

import datetime
import io
import tomllib
import uuid
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from activities.models import Activity, ActivityStatus, Evidence, EvidenceKind, TargetGroup
from plans.models import Assignment, ContentSection, OutreachForm, Plan
from units.models import Unit, User

DEMO_FILE = Path(__file__).parent / "activities-kieuphu-2026.toml"
SERIES = uuid.uuid5(uuid.NAMESPACE_URL, "https://kieuphu.hanoi.gov.vn/loa-demo/broadcast")
# Every Monday from 19/01/2026, twelve weeks: morning and evening broadcast.
BROADCASTS = [
    {
        "unit": "TTDVTH",
        "form": "loudspeaker",
        "date": datetime.date(2026, 1, 19) + datetime.timedelta(weeks=week),
        "title": "Phát thanh chuyên mục “Chuyển đổi số” trên hệ thống truyền thanh xã",
        "place": "Đài truyền thanh xã",
        "quantity": 2,
        "groups": ["nguoi-dan"],
        "sections": ["2."],
        "status": "submitted" if week >= 10 else "approved",
    }
    for week in range(12)
]


def load_activities():
    """Create the demo activities if the plan has none yet; returns the number created."""
    plan = Plan.objects.get(issuer__code="HN-KIEUPHU", number=12, year=2026)
    if plan.activities.exists():
        return 0
    context = {
        "plan": plan,
        "units": {
            u.code.removeprefix("HN-KIEUPHU-"): u for u in Unit.objects.subtree_of(plan.issuer)
        },
        "forms": {form.code: form for form in OutreachForm.objects.all()},
        "groups": {group.code: group for group in TargetGroup.objects.all()},
        "assignments": list(Assignment.objects.filter(plan=plan).select_related("unit")),
        "sections": list(ContentSection.objects.filter(plan=plan).select_related("parent")),
        "author": User.objects.get(username="kieuphu.canbo"),
        "reviewer": User.objects.get(username="kieuphu.truongphong"),
    }
    rows = tomllib.loads(DEMO_FILE.read_text(encoding="utf-8"))["activities"]
    for row in rows:
        activity = _create(context, row)
        _add_evidence(activity, row["evidence"], context["author"])
    for row in BROADCASTS:
        _create(context, row, series=SERIES)
    return len(rows) + len(BROADCASTS)


def _create(context, row, series=None):
    unit = context["units"][row["unit"]]
    assignment = next(a for a in context["assignments"] if a.unit_id and a.covers(unit))
    reviewed = row["status"] in (ActivityStatus.APPROVED, ActivityStatus.RETURNED)
    reviewed_at = datetime.datetime.combine(
        row["date"] + datetime.timedelta(days=2),
        datetime.time(9, 30),
        tzinfo=timezone.get_current_timezone(),
    )
    activity = Activity.objects.create(
        plan=context["plan"],
        unit=unit,
        assignment=assignment,
        form=context["forms"][row["form"]],
        date=row["date"],
        title=row["title"],
        description=f"{row['title']}. {assignment.tasks.splitlines()[0].lstrip('- ')}",
        place=row.get("place", ""),
        quantity=row["quantity"],
        participants=row.get("participants", 0),
        views=row.get("views", 0),
        interactions=row.get("interactions", 0),
        cost=row.get("cost", 0),
        status=row["status"],
        review_comment=row.get("comment", ""),
        reviewed_by=context["reviewer"] if reviewed else None,
        reviewed_at=reviewed_at if reviewed else None,
        series=series,
        created_by=context["author"],
    )
    activity.target_groups.set([context["groups"][code] for code in row["groups"]])
    activity.sections.set(s for s in context["sections"] if _label_path(s) == row["sections"])
    return activity


def _label_path(section):
    """Labels from below the top-level section: ["3.", "a)"] for II › 3. › a)."""
    labels = []
    while section.parent_id:
        labels.insert(0, section.label)
        section = section.parent
    return labels


def _add_evidence(activity, evidence, author):
    if evidence != "photo":
        Evidence.objects.create(
            activity=activity,
            kind=EvidenceKind.LINK,
            url=evidence,
            caption="Bài đăng",
            uploaded_by=author,
        )
        return
    photo = _photo(activity)
    Evidence.objects.create(
        activity=activity,
        kind=EvidenceKind.PHOTO,
        file=ContentFile(photo, name=f"hoat-dong-{activity.pk}.jpg"),
        caption=activity.title,
        original_name=f"anh-{activity.date:%Y%m%d}.jpg",
        content_type="image/jpeg",
        size=len(photo),
        uploaded_by=author,
    )


def _photo(activity):
    """A small stand-in photo: a stage, a banner and rows of seats, tinted per activity."""
    hue = (activity.pk * 47) % 255
    image = Image.new("RGB", (640, 400), (230, 225, 215))
    draw = ImageDraw.Draw(image)
    draw.rectangle([40, 30, 600, 110], fill=(163, 29, 29))
    draw.rectangle([60, 50, 580, 90], outline=(255, 213, 79), width=4)
    for row in range(5):
        for seat in range(12):
            x, y = 70 + seat * 42, 170 + row * 42
            draw.ellipse([x, y, x + 26, y + 26], fill=(hue, 90, 160 - row * 20))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()
