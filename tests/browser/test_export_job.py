"""Chromium, at a desktop's and a phone's width: a commune leader clicks «Tải CSV» on the
activity list; with the export left to a worker, the job's page shows the progress bar that
htmx updates, then the download link, which gives the file."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from exports import services
from exports.models import ExportJob
from tests.activities.conftest import activity_adder, build_kp_plan


@pytest.mark.parametrize("width", [1366, 390])
def test_a_leader_exports_the_list_watches_the_progress_and_downloads_the_csv(
    login_as, live_server, world, monkeypatch, width
):
    add = activity_adder(world, build_kp_plan(world))
    for day in range(1, 6):
        add(date=datetime.date(2026, 3, day), title=f"Phát thanh tuần {day}")
    # The job is left queued, as when a worker has not taken it yet; the test then plays the
    # worker while the page polls.
    monkeypatch.setattr(services, "_enqueue", lambda job_id: None)
    page = login_as(world.kp_leader)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/activities/")
    page.get_by_role("link", name="Tải CSV").click()

    expect(page.get_by_role("heading", name="Tệp «hoat-dong-")).to_be_visible()
    status = page.locator("[data-role=export-status]")
    expect(status).to_have_text("Đang chờ máy chủ bắt đầu ghi tệp…")
    job = ExportJob.objects.get()
    assert (job.fmt, job.total) == ("csv", 5)

    ExportJob.objects.filter(pk=job.pk).update(status="running", done=2)
    expect(status).to_have_text("Đang ghi: 2/5 hoạt động (40%).")
    bar = page.locator("progress.job-progress")
    expect(bar).to_have_attribute("value", "2")
    expect(bar).to_have_attribute("max", "5")
    assert bar.bounding_box()["width"] > width * 0.6  # spans the card, at both widths
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    ExportJob.objects.filter(pk=job.pk).update(status="queued", done=0)
    assert services.export_job_run(job_id=job.pk, notify=False) == "done"
    link = page.get_by_role("link", name="Tải tệp CSV")
    expect(link).to_be_visible()
    expect(status).to_have_text("Đã ghi xong 5 hoạt động.")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == ExportJob.objects.get().filename
    text = Path(download.path()).read_bytes().decode("utf-8-sig")
    titles = [row[8] for row in csv.reader(io.StringIO(text))][1:]
    assert titles == [f"Phát thanh tuần {day}" for day in (5, 4, 3, 2, 1)]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
