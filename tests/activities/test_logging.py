import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from activities.models import Activity, ActivityStatus, Evidence
from activities.permissions import loggable_units
from plans.models import PlanStatus
from tests.activities.conftest import form_data, pdf, photo
from tests.factories import AssignmentFactory, PlanFactory, SectionFactory, UserFactory, make_unit
from units.models import User

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 4, 10, 9, 0, tzinfo=HANOI), tick=False)


CREATE = reverse("activities:create")


def test_the_form_opens_with_today_the_units_only_task_and_the_plans_first_form(
    world, kp, client_for
):
    page = client_for(world.kp_village_head).get(CREATE)
    form = page.context["form"]
    assert form.initial["date"] == datetime.date(2026, 4, 10)
    assert form.initial["unit"] == str(world.kp_village.pk)
    assert form.initial["assignment"] == str(kp.village_task.pk)
    assert form.initial["form"] == str(kp.loudspeaker.pk)
    html = page.content.decode()
    assert "10/04/2026" in html
    assert "Thôn Phú Hữu" in html
    # The quantity is labelled with the measure of the preselected form.
    assert 'data-role="measure" title="Đơn vị tính của hình thức">lượt phát</span>' in html
    assert 'data-measure="hội nghị"' in html


def test_a_unit_head_logs_an_activity_with_a_photo_and_a_pdf(world, kp, client_for):
    client = client_for(world.kp_head)
    data = form_data(world, kp, files=[photo(), pdf()], links="https://kieuphu.gov.vn/tin/57")
    response = client.post(CREATE, data)
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:detail", args=[activity.pk])
    assert activity.status == ActivityStatus.SUBMITTED
    assert activity.plan == kp.plan and activity.unit == world.kp_office
    assert activity.cost == 8_500_000 and activity.participants == 120
    assert list(activity.sections.all()) == [kp.digital]
    assert activity.created_by == world.kp_head
    kinds = sorted(activity.evidence.values_list("kind", flat=True))
    assert kinds == ["document", "link", "photo"]

    page = client.get(response["Location"]).content.decode()
    assert "Hội nghị quán triệt Nghị quyết 57 cho cán bộ xã" in page
    assert "8.500.000 đồng" in page
    assert "hoi-nghi.jpg" in page and "bao-cao.pdf" in page


def test_photos_are_stored_re_encoded_without_exif_under_a_safe_name(world, kp, client_for):
    upload = photo(name="../../etc/ảnh hội nghị.JPG")
    client_for(world.kp_head).post(CREATE, form_data(world, kp, files=[upload]))
    evidence = Evidence.objects.get()
    assert evidence.original_name == "ảnh hội nghị.JPG"
    stored = evidence.file.name
    assert stored.startswith("evidence/2026/04/") and stored.endswith(".jpg")
    assert ".." not in stored and " " not in stored
    with evidence.file.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert image.size == (320, 200)


def test_a_broken_upload_is_refused_with_the_reason_and_the_typed_form_is_kept(
    world, kp, client_for
):
    broken = photo(name="anh-loi.jpg")
    broken.file = io.BytesIO(broken.read()[:400])
    data = form_data(world, kp, files=[broken], place="Nhà văn hóa thôn Phú Hữu")
    page = client_for(world.kp_head).post(CREATE, data)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ảnh «anh-loi.jpg» bị hỏng hoặc chưa tải lên hết" in html
    assert 'value="Nhà văn hóa thôn Phú Hữu"' in html
    assert 'value="8.500.000"' in html
    assert "hãy chọn lại" in html
    assert not Activity.objects.exists() and not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bao-cao.docx", b"PK\x03\x04" + b"\0" * 200, "chỉ nhận ảnh (JPEG, PNG, GIF, WebP)"),
        ("anh.jpg", b"<script>alert(1)</script>", "không được nhận"),
        ("cat.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n", "Tệp PDF «cat.pdf» bị hỏng"),
        ("rong.png", b"", "rỗng"),
    ],
)
def test_files_are_judged_by_their_content_not_their_name(
    world, kp, client_for, name, content, reason
):
    upload = SimpleUploadedFile(name, content)
    page = client_for(world.kp_head).post(CREATE, form_data(world, kp, files=[upload]))
    assert reason in page.content.decode()
    assert not Activity.objects.exists()


def test_an_image_named_pdf_is_still_taken_as_a_photo(world, kp, client_for):
    client_for(world.kp_head).post(CREATE, form_data(world, kp, files=[photo(name="scan.pdf")]))
    evidence = Evidence.objects.get()
    assert evidence.kind == "photo" and evidence.content_type == "image/jpeg"


def test_a_file_over_the_size_limit_is_refused(world, kp, client_for, settings):
    settings.LOA_EVIDENCE_MAX_BYTES = 1024
    page = client_for(world.kp_head).post(
        CREATE, form_data(world, kp, files=[photo(size=(900, 900))])
    )
    assert "nặng" in page.content.decode()
    assert "vượt quá giới hạn 1 KB" in page.content.decode()
    assert not Activity.objects.exists()


def test_a_recurring_series_creates_one_activity_per_monday(world, kp, client_for):
    data = form_data(
        world,
        kp,
        unit=str(world.kp_village.pk),
        assignment=str(kp.village_task.pk),
        form=str(kp.loudspeaker.pk),
        title="Phát thanh chuyên mục chuyển đổi số",
        date="02/03/2026",
        repeat="weekly",
        repeat_until="31/03/2026",
        quantity="2",
        files=[photo()],
    )
    response = client_for(world.kp_village_head).post(CREATE, data)
    assert response.status_code == 302
    series = list(Activity.objects.order_by("date"))
    assert [a.date.day for a in series] == [2, 9, 16, 23, 30]
    assert {a.date.weekday() for a in series} == {0}
    assert len({a.series for a in series}) == 1 and series[0].series is not None
    # One stored file serves every activity of the series.
    assert Evidence.objects.count() == 5
    assert len(set(Evidence.objects.values_list("file", flat=True))) == 1
    page = client_for(world.kp_village_head).get(response["Location"]).content.decode()
    assert "Một trong 5 hoạt động của chuỗi" in page


def test_a_series_cannot_run_past_today(world, kp, client_for):
    data = form_data(world, kp, date="30/03/2026", repeat="weekly", repeat_until="30/04/2026")
    page = client_for(world.kp_head).post(CREATE, data)
    assert "Ngày 13/04/2026 chưa đến" in page.content.decode()
    assert not Activity.objects.exists()


def test_an_activity_in_the_future_is_refused(world, kp, client_for):
    page = client_for(world.kp_head).post(CREATE, form_data(world, kp, date="11/04/2026"))
    assert "chỉ ghi nhận hoạt động đã thực hiện" in page.content.decode()
    assert not Activity.objects.exists()


def test_dates_are_typed_dd_mm_yyyy(world, kp, client_for):
    page = client_for(world.kp_head).post(CREATE, form_data(world, kp, date="2026/03/32"))
    assert "Nhập ngày theo dạng dd/mm/yyyy" in page.content.decode()


def test_save_and_new_returns_to_an_empty_form_with_the_same_task(world, kp, client_for):
    client = client_for(world.kp_head)
    response = client.post(CREATE, {**form_data(world, kp), "save_and_new": ""})
    assert response["Location"] == CREATE
    again = client.get(CREATE).context["form"]
    assert again.initial["assignment"] == str(kp.office_task.pk)
    assert again.initial["form"] == str(kp.conference.pk)
    assert "title" not in again.initial


def test_a_draft_is_kept_out_of_review_until_submitted(world, kp, client_for):
    client = client_for(world.kp_head)
    client.post(CREATE, {**form_data(world, kp), "save_draft": ""})
    activity = Activity.objects.get()
    assert activity.status == ActivityStatus.DRAFT
    assert not client_for(world.kp_leader).get(reverse("activities:review")).context["activities"]
    client_for(world.kp_head).post(reverse("activities:submit", args=[activity.pk]))
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.SUBMITTED


def test_copy_prefills_everything_but_the_date_and_evidence(
    world, kp, client_for, add_activity, target_groups
):
    source = add_activity(
        title="Hội nghị tháng 3", place="Hội trường", participants=80, cost=2_000_000
    )
    source.sections.set([kp.movement])
    source.target_groups.set([target_groups["nguoi-dan"]])
    page = client_for(world.kp_head).get(f"{CREATE}?copy={source.pk}")
    initial = page.context["form"].initial
    assert initial["title"] == "Hội nghị tháng 3" and initial["participants"] == 80
    assert initial["sections"] == [str(kp.movement.pk)]
    assert initial["target_groups"] == [str(target_groups["nguoi-dan"].pk)]
    assert initial["date"] == datetime.date(2026, 4, 10)
    assert "Sao chép từ hoạt động «Hội nghị tháng 3»" in page.content.decode()


def test_copying_an_activity_of_another_commune_is_not_found(world, client_for, add_activity):
    source = add_activity()
    response = client_for(world.gv_officer).get(f"{CREATE}?copy={source.pk}")
    assert response.status_code == 404


def test_a_unit_head_cannot_log_for_another_unit_even_by_editing_the_request(world, kp, client_for):
    data = form_data(world, kp)  # the office's unit and task
    page = client_for(world.kp_village_head).post(CREATE, data)
    assert page.status_code == 200
    assert "Nhiệm vụ này không nhận hoạt động của bạn" in page.content.decode()
    assert not Activity.objects.exists()


def test_an_officer_logs_for_a_village_of_the_commune(world, kp, client_for):
    data = form_data(world, kp, unit=str(world.kp_village.pk), assignment=str(kp.village_task.pk))
    client_for(world.kp_officer).post(CREATE, data)
    assert Activity.objects.get().unit == world.kp_village


def test_a_task_given_to_another_unit_is_refused(world, kp, client_for):
    data = form_data(world, kp, unit=str(world.kp_office.pk), assignment=str(kp.village_task.pk))
    page = client_for(world.kp_officer).post(CREATE, data)
    assert "Nhiệm vụ này không giao cho đơn vị đã chọn." in page.content.decode()
    assert not Activity.objects.exists()


def test_sections_of_another_plan_are_refused(world, kp, client_for):
    other = PlanFactory(issuer=world.kp, issued=True)
    AssignmentFactory(plan=other, unit=world.kp_office)
    top = SectionFactory(plan=other, label="II.", title="NỘI DUNG")
    foreign = SectionFactory(plan=other, parent=top, label="1.", title="Khác")
    page = client_for(world.kp_head).post(CREATE, form_data(world, kp, sections=[str(foreign.pk)]))
    assert "Chỉ chọn nội dung thuộc kế hoạch của nhiệm vụ đã chọn." in page.content.decode()


def test_only_issued_plans_take_activities(world, kp, client_for):
    draft = PlanFactory(issuer=world.kp)
    draft_task = AssignmentFactory(plan=draft, unit=world.kp_office)
    kp.plan.status = PlanStatus.CLOSED
    kp.plan.save()
    client = client_for(world.kp_head)
    page = client.get(CREATE)
    assert page.context["form"].choices.assignments == []
    assert "chưa được giao nhiệm vụ nào trong các kế hoạch đang thực hiện" in (
        page.content.decode()
    )
    for task in (draft_task, kp.office_task):
        client.post(CREATE, form_data(world, kp, assignment=str(task.pk)))
    assert not Activity.objects.exists()


def test_a_superior_logs_only_for_its_own_units(world, kp, client_for):
    page = client_for(world.hn_leader).post(CREATE, form_data(world, kp))
    assert page.status_code == 200
    assert not Activity.objects.exists()


def test_an_account_without_a_unit_cannot_log(client_for, world):
    admin = User.objects.create_superuser("root", "root@example.com", "x")
    assert client_for(admin).get(CREATE).status_code == 403


def test_numbers_are_typed_with_dots_and_a_zero_quantity_is_refused(world, kp, client_for):
    page = client_for(world.kp_head).post(
        CREATE, form_data(world, kp, quantity="0", views="15.400", cost="abc")
    )
    html = page.content.decode()
    assert "Nhập số từ 1 trở lên." in html
    assert "Nhập một số nguyên, ví dụ 1.500.000." in html
    assert 'value="15.400"' in html
    assert not Activity.objects.exists()


def test_a_closed_unit_is_not_offered_for_logging(world, kp, client_for):
    make_unit(world.kp, kind="village", code="T-KP-T9", name="Thôn Đã Sáp Nhập", is_active=False)

    form = client_for(world.kp_officer).get(CREATE).context["form"]

    labels = [label for _, label in form.fields["unit"].choices]
    assert "Thôn Phú Hữu" in labels and "Thôn Đã Sáp Nhập" not in labels


def test_a_deactivated_account_and_the_platform_administrator_log_for_no_unit(world):
    world.kp_officer.is_active = False
    admin = UserFactory(username="platform", unit=None, is_superuser=True, is_staff=True)

    assert list(loggable_units(world.kp_officer)) == []
    assert list(loggable_units(admin)) == []
