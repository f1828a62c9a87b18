"""Long downloads as jobs (exports app), through the views: the activity export (Excel, CSV)
and the city's roll-up documents start a job, the job's page polls its progress and ends with
the download link, the same request is handed the same job until the rows change, and only
the asker's organisation may see it."""

import csv
import dataclasses
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from activities import exports as activity_exports
from exports import kinds, services
from exports.models import ExportJob
from notifications.models import Notification

pytestmark = pytest.mark.django_db

EXPORT = reverse("activities:export")


def job_page(pk):
    return reverse("exports:job", args=[pk])


def status(pk):
    return reverse("exports:status", args=[pk])


def download(pk):
    return reverse("exports:file", args=[pk])


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(content):
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel reads Vietnamese
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def five(add_activity, world):
    return [
        add_activity(
            date=datetime.date(2026, 3, day),
            title=f"Phát thanh tuần {day}",
            participants=10 * day,
            cost=1_000_000 * day,
        )
        for day in range(1, 6)
    ]


def test_a_queued_export_shows_its_progress_then_the_download_link_with_the_exact_rows(
    world, add_activity, client_for, left_queued, monkeypatch, django_capture_on_commit_callbacks
):
    five(add_activity, world)
    client = client_for(world.kp_leader)
    response = client.get(EXPORT, {"format": "csv", "status": "submitted"})
    job = ExportJob.objects.get()
    assert response["Location"] == job_page(job.pk)
    page = client.get(response["Location"]).content.decode()
    assert f"hoat-dong-{timezone.localdate():%Y%m%d}.csv" in page
    assert "Đang chờ máy chủ bắt đầu ghi tệp…" in page
    assert f'hx-get="{status(job.pk)}"' in page

    # Play the worker, two rows a batch, and look at the status partial after each batch.
    monkeypatch.setattr(activity_exports, "CHUNK", 2)
    seen = []
    kind = kinds.KINDS["activities"]

    def write_and_watch(job, fileobj, progress):
        def watched(done, total):
            progress(done, total)
            seen.append(client.get(status(job.pk)).content.decode())

        kind.write(job, fileobj, watched)

    monkeypatch.setitem(kinds.KINDS, "activities", dataclasses.replace(kind, write=write_and_watch))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.export_job_run(job_id=job.pk, notify=True) == "done"

    assert ["Đang ghi: <strong>2/5</strong> hoạt động (40%)" in seen[0],
            "Đang ghi: <strong>4/5</strong> hoạt động (80%)" in seen[1],
            "Đang ghi: <strong>5/5</strong> hoạt động (100%)" in seen[2]] == [True] * 3  # fmt: skip
    assert all("hx-get" in text for text in seen)
    done = client.get(status(job.pk)).content.decode()
    assert "hx-get" not in done  # the polling stops
    assert "Đã ghi xong 5 hoạt động." in done and f'href="{download(job.pk)}"' in done

    rows = csv_rows(body(client.get(download(job.pk))))
    assert rows[0][:3] == ["Ngày thực hiện", "Cơ quan", "Đơn vị thực hiện"]
    assert [(r[0], r[8], r[13], r[16]) for r in rows[1:]] == [
        ("05/03/2026", "Phát thanh tuần 5", "50", "5000000"),
        ("04/03/2026", "Phát thanh tuần 4", "40", "4000000"),
        ("03/03/2026", "Phát thanh tuần 3", "30", "3000000"),
        ("02/03/2026", "Phát thanh tuần 2", "20", "2000000"),
        ("01/03/2026", "Phát thanh tuần 1", "10", "1000000"),
    ]

    # The asker may have left: the bell says the file is ready and leads to its page.
    told = Notification.objects.get(recipient=world.kp_leader)
    assert (told.event, told.subject) == (
        "export_ready",
        f"Danh sách hoạt động (CSV): hoat-dong-{timezone.localdate():%Y%m%d}.csv",
    )
    opened = client.get(reverse("notifications:open", args=[told.pk]))
    assert opened["Location"] == job_page(job.pk)


def test_the_csv_has_a_bom_literal_values_and_formulas_written_as_text(
    world, kp, add_activity, client_for
):
    add_activity(
        date=datetime.date(2026, 3, 2),
        title='=HYPERLINK("http://x.vn")',
        place="+84 Thôn Phú Hữu",
        description="Tuyên truyền về chuyển đổi số, «Bình dân học vụ số»",
        quantity=3,
        participants=1250,
        cost=8_500_000,
    )
    response = client_for(world.kp_leader).get(EXPORT, {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="hoat-dong-{timezone.localdate():%Y%m%d}.csv"'
    )
    header, row = csv_rows(body(response))
    assert dict(zip(header, row, strict=True)) == {
        "Ngày thực hiện": "02/03/2026",
        "Cơ quan": "Xã Kiều Phú",
        "Đơn vị thực hiện": "Phòng Văn hóa - Xã hội",
        "Kế hoạch": f"{kp.plan.number:02d}/{kp.plan.symbol}",
        "Nhiệm vụ được giao": "Phòng Văn hóa - Xã hội",
        "Hình thức": kp.conference.name,
        "Số lượng": "3",
        "Đơn vị tính": kp.conference.measure,
        "Tên hoạt động": '\'=HYPERLINK("http://x.vn")',
        "Mô tả": "Tuyên truyền về chuyển đổi số, «Bình dân học vụ số»",
        "Địa điểm": "'+84 Thôn Phú Hữu",
        "Nội dung tuyên truyền": "",
        "Đối tượng": "",
        "Số người tham dự": "1250",
        "Lượt xem": "0",
        "Lượt tương tác": "0",
        "Kinh phí (đồng)": "8500000",
        "Số minh chứng": "0",
        "Trạng thái": "Chờ duyệt",
        "Ý kiến duyệt": "",
        "Người nhập": world.kp_head.get_full_name(),
    }


def test_the_same_request_is_handed_the_same_job_until_the_rows_change(
    world, add_activity, client_for
):
    rows = five(add_activity, world)
    leader, officer = client_for(world.kp_leader), client_for(world.kp_officer)
    first = body(leader.get(EXPORT, {"status": "submitted"}))
    again = body(officer.get(EXPORT, {"status": "submitted"}))  # a colleague, same filters
    assert ExportJob.objects.count() == 1 and again == first

    leader.get(EXPORT, {"status": "submitted", "format": "csv"})  # another format
    leader.get(EXPORT, {"status": "approved"})  # other filters
    assert ExportJob.objects.count() == 3

    rows[0].title = "Phát thanh tuần 1 (sửa)"
    rows[0].save()
    changed = load_workbook(io.BytesIO(body(leader.get(EXPORT, {"status": "submitted"}))))
    assert ExportJob.objects.count() == 4
    titles = [row[8].value for row in changed["Hoạt động"].iter_rows(min_row=2)]
    assert titles[-1] == "Phát thanh tuần 1 (sửa)"

    rows[1].delete()
    leader.get(EXPORT, {"status": "submitted"})
    assert ExportJob.objects.count() == 5
    assert list(ExportJob.objects.order_by("pk").values_list("total", flat=True)) == [5, 5, 0, 5, 4]


def test_a_job_is_seen_by_its_organisation_only(world, add_activity, client_for, left_queued):
    five(add_activity, world)
    client_for(world.kp_leader).get(EXPORT)
    job = ExportJob.objects.get()
    services.export_job_run(job_id=job.pk, notify=False)
    colleague = client_for(world.kp_officer)
    assert colleague.get(job_page(job.pk)).status_code == 200
    assert colleague.get(download(job.pk)).status_code == 200
    # Another commune, and the city above (which asks for its own export), get nothing.
    for outsider in (world.gv_officer, world.pt_officer, world.hn_leader):
        client = client_for(outsider)
        for url in (job_page(job.pk), status(job.pk), download(job.pk)):
            assert client.get(url).status_code == 404, (outsider, url)


def test_the_other_commune_gets_its_own_rows_not_a_reused_job(world, add_activity, client_for):
    five(add_activity, world)
    own = csv_rows(body(client_for(world.kp_leader).get(EXPORT, {"format": "csv"})))
    other = csv_rows(body(client_for(world.gv_officer).get(EXPORT, {"format": "csv"})))
    assert (len(own), len(other)) == (6, 1)
    assert ExportJob.objects.count() == 2


def test_a_failed_job_shows_the_reason_in_vietnamese_and_tells_the_bell(
    world, add_activity, client_for, left_queued, monkeypatch, django_capture_on_commit_callbacks
):
    five(add_activity, world)
    monkeypatch.setattr(kinds, "XLSX_MAX_ROWS", 4)
    client = client_for(world.kp_leader)
    job_url = client.get(EXPORT)["Location"]
    job = ExportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.export_job_run(job_id=job.pk, notify=True) == "failed"
    reason = (
        "Có 5 hoạt động, quá số dòng tối đa một trang tính Excel mở được (4). Hãy tải tệp CSV, "
        "hoặc lọc bớt (theo thời gian, đơn vị) rồi tải Excel."
    )
    page = client.get(job_url).content.decode()
    assert "Không ghi được tệp" in page and reason in page and "hx-get" not in page
    assert client.get(download(job.pk)).status_code == 404
    told = Notification.objects.get(recipient=world.kp_leader)
    assert (told.event, told.detail) == ("export_failed", reason)
    # Asking again makes a new job rather than handing back the failed one.
    client.get(EXPORT)
    assert ExportJob.objects.count() == 2


def test_an_unexpected_error_is_logged_and_the_page_says_what_to_do(
    world, add_activity, client_for, monkeypatch
):
    five(add_activity, world)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(activity_exports, "write_activities_csv", broken)
    client = client_for(world.kp_leader)
    response = client.get(EXPORT, {"format": "csv"})
    job = ExportJob.objects.get()
    assert response["Location"] == job_page(job.pk)
    assert (
        "Gặp lỗi khi ghi tệp. Hãy thử tải lại; nếu vẫn lỗi, hãy báo quản trị viên "
        f"(mã yêu cầu {job.pk})."
    ) in client.get(job_page(job.pk)).content.decode()


def test_a_broker_that_does_not_answer_fails_the_job_with_the_reason(
    world, add_activity, client_for, monkeypatch
):
    import notifications.tasks

    five(add_activity, world)
    monkeypatch.setattr(notifications.tasks, "enqueue", lambda task, *args: False)
    client = client_for(world.kp_leader)
    page = client.get(client.get(EXPORT)["Location"]).content.decode()
    assert "Không gửi được yêu cầu vào hàng đợi xử lý" in page


def test_cleanup_removes_expired_jobs_and_their_files(world, add_activity, client_for):
    five(add_activity, world)
    client = client_for(world.kp_leader)
    client.get(EXPORT)
    client.get(EXPORT, {"format": "csv"})
    old, kept = ExportJob.objects.order_by("pk")
    storage = old.file.storage
    assert storage.exists(old.file.name) and storage.exists(kept.file.name)
    ExportJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(1))
    out = io.StringIO()
    call_command("export_cleanup", stdout=out)
    assert out.getvalue().strip() == "Đã xóa 1 tệp xuất hết hạn."
    assert not storage.exists(old.file.name) and storage.exists(kept.file.name)
    assert list(ExportJob.objects.all()) == [kept]
    assert client.get(job_page(old.pk)).status_code == 404


def test_cleanup_runs_every_hour_in_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["cleanup-exports"]
    assert entry["task"] == "exports.cleanup"
    assert entry["schedule"].minute == {17} and len(entry["schedule"].hour) == 24


def test_an_expired_job_is_not_handed_again(world, add_activity, client_for):
    five(add_activity, world)
    client = client_for(world.kp_leader)
    client.get(EXPORT)
    ExportJob.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    client.get(EXPORT)
    assert ExportJob.objects.count() == 2


def test_a_kept_file_that_went_missing_is_written_again(world, add_activity, client_for):
    five(add_activity, world)
    client = client_for(world.kp_leader)
    client.get(EXPORT)
    job = ExportJob.objects.get()
    job.file.storage.delete(job.file.name)
    assert len(load_workbook(io.BytesIO(body(client.get(EXPORT))))["Hoạt động"]["A"]) == 6
    assert ExportJob.objects.count() == 2


def test_the_status_poll_takes_three_queries_whatever_the_size(
    world, add_activity, client_for, left_queued, django_assert_num_queries
):
    five(add_activity, world)
    client = client_for(world.kp_leader)
    client.get(EXPORT)
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(status="running", done=2)
    client.get(status(job.pk))
    with django_assert_num_queries(3):  # the session, the user, the job
        assert "<strong>2/5</strong>" in client.get(status(job.pk)).content.decode()
    ExportJob.objects.filter(pk=job.pk).update(done=4000, total=12775)
    with django_assert_num_queries(3):
        text = client.get(status(job.pk)).content.decode()
    assert "Đang ghi: <strong>4.000/12.775</strong> hoạt động (31%)." in text


def test_the_citys_rollup_pdf_goes_through_a_job(world, client_for, left_queued):
    hn = client_for(world.hn_leader)
    response = hn.get(reverse("reports:rollup_pdf"), {"period": "2026-Q1", "unreported": "0"})
    job = ExportJob.objects.get()
    assert response["Location"] == job_page(job.pk)
    assert (job.kind, job.fmt, job.filename, job.total) == (
        "rollup",
        "pdf",
        "tong-hop-bao-cao-t-hn-quy-i-2026.pdf",
        2,
    )
    page = hn.get(job_page(job.pk)).content.decode()
    assert f'href="{reverse("reports:rollup")}?period=2026-Q1&amp;unreported=0"' in page
    assert services.export_job_run(job_id=job.pk, notify=False) == "done"
    assert "Đã ghi xong 2 bước." in hn.get(status(job.pk)).content.decode()
    pdf = hn.get(download(job.pk))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    # The same period asked again is handed the file; a commune below cannot open it.
    again = hn.get(reverse("reports:rollup_pdf"), {"period": "2026-Q1", "unreported": "0"})
    assert again.content == pdf.content and ExportJob.objects.count() == 1
    assert client_for(world.kp_leader).get(download(job.pk)).status_code == 404


def test_a_rollup_of_a_bad_period_is_refused_before_any_job(world, client_for):
    response = client_for(world.hn_leader).get(
        reverse("reports:rollup_xlsx"), {"period": "2026-Q7"}
    )
    assert response.status_code == 404 and not ExportJob.objects.exists()


def test_the_list_and_the_plan_progress_offer_csv_beside_excel_with_their_filters(
    world, kp, add_activity, client_for
):
    five(add_activity, world)
    add_activity(date=datetime.date(2026, 3, 9), title="Đã duyệt", status="approved")
    client = client_for(world.kp_leader)
    page = client.get(reverse("activities:list"), {"status": "approved"}).content.decode()
    assert f'href="{EXPORT}?status=approved"' in page
    assert f'href="{EXPORT}?format=csv&amp;status=approved"' in page
    progress = client.get(reverse("activities:progress", args=[kp.plan.pk])).content.decode()
    assert f'href="{EXPORT}?format=csv&amp;plan={kp.plan.pk}"' in progress
    rows = csv_rows(body(client.get(EXPORT, {"format": "csv", "status": "approved"})))
    assert [row[8] for row in rows[1:]] == ["Đã duyệt"]


def test_a_job_whose_task_was_lost_is_not_handed_again(
    world, add_activity, client_for, left_queued
):
    five(add_activity, world)
    client = client_for(world.kp_leader)
    client.get(EXPORT)
    assert client.get(EXPORT)["Location"] == job_page(ExportJob.objects.get().pk)  # still queued
    ExportJob.objects.update(
        status="running", created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    client.get(EXPORT)
    assert ExportJob.objects.count() == 2
