"""Offline logging in Chromium (docs/offline.md): a village head logs activities with photos
without a network, sees them queued after a reload, and they arrive once when it returns."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from activities.models import Activity, Evidence
from tests.activities.conftest import build_kp_plan, jpeg_bytes
from tests.browser.pages_activities import ActivityFormPage
from tests.browser.pages_offline import QUEUED, OfflineQueue

WIDTHS = pytest.mark.parametrize("width", [1366, 390], ids=["desktop", "phone"])


@pytest.fixture
def kp(world, catalogues):
    return build_kp_plan(world)


def camera_photo(name):
    """A phone camera's photo: 4,000 × 3,000 px."""
    return (name, "image/jpeg", jpeg_bytes(size=(4000, 3000)))


def log_offline(page, form, title, photo):
    form.fill(title=title, participants="250")
    form.attach(photo)
    page.get_by_role("button", name="Gửi duyệt", exact=True).click()
    expect(page.get_by_text(f"Đã lưu «{title}» trên máy này, chờ gửi.")).to_be_visible()
    expect(page.get_by_label("Tên hoạt động")).to_have_value("")


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@WIDTHS
def test_two_activities_logged_offline_arrive_once_with_their_photos(
    login_as, live_server, world, kp, width
):
    page = login_as(world.kp_village_head)
    page.set_viewport_size({"width": width, "height": 900})
    form = ActivityFormPage(page, live_server.url).open()
    queue = OfflineQueue(page).wait_until_kept()
    sent = []
    page.on(
        "response",
        lambda r: sent.append(r.status) if r.url.endswith("/activities/offline/send/") else None,
    )

    page.context.set_offline(True)
    expect(
        page.get_by_text("Không có mạng. Hoạt động bạn ghi được lưu trên máy này")
    ).to_be_visible()
    log_offline(page, form, "Phát thanh về chuyển đổi số", camera_photo("loa-thon-1.jpg"))
    log_offline(page, form, "Họp thôn phổ biến Bình dân học vụ số", camera_photo("hop-thon.jpg"))
    assert not Activity.objects.exists()

    page.reload()
    # Served by the service worker: the offline form, filled from the kept choice lists.
    expect(page.get_by_role("heading", name="Ghi nhận hoạt động")).to_be_visible()
    queue.expect_waiting("Phát thanh về chuyển đổi số", "Họp thôn phổ biến Bình dân học vụ số")
    expect(queue.panel).to_contain_text("2 hoạt động chờ gửi từ")
    expect(queue.panel).to_contain_text("sẽ tự gửi khi có mạng")
    expect(page.get_by_label("Nhiệm vụ được giao")).to_have_value(str(kp.village_task.pk))
    assert no_horizontal_scroll(page)
    kept = page.evaluate(f"async () => (window.__kept = await ({QUEUED})())")
    assert [len(item["files"]) for item in kept] == [1, 1]

    page.context.set_offline(False)
    expect(queue.panel).to_be_hidden()
    expect(page.get_by_text("Đã gửi «Phát thanh về chuyển đổi số» lên máy chủ.")).to_be_visible()
    assert sent == [302, 302]
    activities = Activity.objects.order_by("pk")
    assert [a.title for a in activities] == [
        "Phát thanh về chuyển đổi số",
        "Họp thôn phổ biến Bình dân học vụ số",
    ]
    assert {a.unit for a in activities} == {world.kp_village}
    assert {a.assignment for a in activities} == {kp.village_task}
    assert [a.evidence.get().kind for a in activities] == ["photo", "photo"]
    for evidence in Evidence.objects.all():
        with evidence.file.open("rb") as stored:
            # Shrunk in the browser before it was queued (the server keeps up to 2,560 px).
            assert Image.open(io.BytesIO(stored.read())).size == (1600, 1200)

    # The same two sent again with their keys (a lost answer, a second tab): nothing doubles.
    page.evaluate(
        """() => new Promise((resolve) => {
          const open = indexedDB.open("loa-offline", 1);
          open.onsuccess = () => {
            const tx = open.result.transaction("queue", "readwrite");
            for (const item of window.__kept) tx.objectStore("queue").put(item);
            tx.oncomplete = () => { open.result.close(); resolve(); };
          };
        })"""
    )
    page.reload()
    expect(queue.panel).to_be_hidden()
    queue.wait_until_empty()
    # Four POSTs, each answered with the activity: the last two with the first two's.
    assert sent == [302, 302, 302, 302]
    assert Activity.objects.count() == 2
    assert Evidence.objects.count() == 2


@WIDTHS
def test_a_refused_activity_stays_queued_with_the_reason_until_fixed_or_dropped(
    login_as, live_server, world, kp, width
):
    page = login_as(world.kp_village_head)
    page.set_viewport_size({"width": width, "height": 900})
    form = ActivityFormPage(page, live_server.url).open()
    queue = OfflineQueue(page).wait_until_kept()
    page.context.set_offline(True)
    form.attach(camera_photo("chua-dat-ten.jpg"))
    page.get_by_role("button", name="Gửi duyệt", exact=True).click()
    expect(page.get_by_text("Đã lưu «hoạt động chưa đặt tên» trên máy này")).to_be_visible()
    log_offline(page, form, "Loa thôn phát tin phòng chống bão", camera_photo("bao.jpg"))

    page.context.set_offline(False)
    refused = queue.item("(chưa đặt tên)")
    expect(refused).to_contain_text("Bị từ chối")
    expect(refused).to_contain_text("Tên hoạt động: Trường này là bắt buộc.")
    expect(queue.panel.get_by_role("heading")).to_have_text("Hoạt động chờ gửi (1)")
    assert list(Activity.objects.values_list("title", flat=True)) == [
        "Loa thôn phát tin phòng chống bão"
    ]

    refused.get_by_role("button", name="Sửa").click()
    form.fill(title="Phát thanh lịch tiêm chủng")
    page.get_by_role("button", name="Gửi duyệt", exact=True).click()
    expect(page.get_by_text("Đã gửi «Phát thanh lịch tiêm chủng» lên máy chủ.")).to_be_visible()
    expect(queue.panel).to_be_hidden()
    fixed = Activity.objects.get(title="Phát thanh lịch tiêm chủng")
    assert fixed.evidence.get().kind == "photo"

    # The plan ends while an activity waits: refused with the reason, then dropped.
    page.context.set_offline(True)
    log_offline(page, form, "Phát thanh sau khi kế hoạch kết thúc", camera_photo("muon.jpg"))
    kp.plan.status = "closed"
    kp.plan.save(update_fields=["status"])
    page.context.set_offline(False)
    late = queue.item("Phát thanh sau khi kế hoạch kết thúc")
    expect(late).to_contain_text("Nhiệm vụ được giao: Nhiệm vụ này không nhận hoạt động của bạn")
    assert no_horizontal_scroll(page)
    page.once("dialog", lambda dialog: dialog.accept())
    late.get_by_role("button", name="Bỏ").click()
    expect(queue.panel).to_be_hidden()
    assert queue.count_stored() == 0
    assert Activity.objects.count() == 2


def test_logging_out_asks_before_dropping_unsent_activities_then_forgets_them(
    login_as, live_server, world, kp
):
    page = login_as(world.kp_village_head)
    form = ActivityFormPage(page, live_server.url).open()
    queue = OfflineQueue(page).wait_until_kept()
    page.context.set_offline(True)
    log_offline(page, form, "Phát thanh chưa gửi", camera_photo("chua-gui.jpg"))
    kp.plan.status = "closed"  # so that it stays in the queue once online
    kp.plan.save(update_fields=["status"])
    page.context.set_offline(False)
    expect(queue.item("Phát thanh chưa gửi")).to_contain_text("Bị từ chối")
    questions = []

    def ask(answer):
        def answer_dialog(dialog):
            questions.append(dialog.message)
            dialog.accept() if answer else dialog.dismiss()

        page.once("dialog", answer_dialog)
        page.get_by_role("button", name=world.kp_village_head.get_full_name()).click()
        # The question comes after the click (the queue is read first): do not wait on it.
        page.get_by_role("button", name="Đăng xuất").click(no_wait_after=True)
        for _ in range(100):
            if questions:
                return questions.pop()
            page.wait_for_timeout(50)

    assert ask(False) == (
        "Còn 1 hoạt động ghi khi mất mạng chưa gửi lên máy chủ. Đăng xuất sẽ xoá chúng khỏi "
        "máy này. Vẫn đăng xuất?"
    )
    expect(queue.item("Phát thanh chưa gửi")).to_be_visible()
    assert queue.count_stored() == 1

    # Left on the same phone by another account whose session ran out: not this person's.
    page.evaluate(
        """() => new Promise((resolve) => {
          const open = indexedDB.open("loa-offline", 1);
          open.onsuccess = () => {
            const tx = open.result.transaction("queue", "readwrite");
            tx.objectStore("queue").put({key: "other", user: "999999", title: "Của người khác",
              createdAt: new Date().toISOString(), fields: [], files: [], status: "waiting"});
            tx.oncomplete = () => { open.result.close(); resolve(); };
          };
        })"""
    )
    assert ask(True).startswith("Còn 1 hoạt động")
    page.wait_for_url(f"{live_server.url}/login/**")
    assert [item["title"] for item in page.evaluate(QUEUED)] == ["Của người khác"]
    assert page.evaluate("caches.keys()") == []


@WIDTHS
def test_an_activity_whose_post_is_lost_on_a_weak_signal_is_kept_and_sent_once(
    login_as, live_server, world, kp, width
):
    page = login_as(world.kp_village_head)
    page.set_viewport_size({"width": width, "height": 900})
    form = ActivityFormPage(page, live_server.url).open()
    queue = OfflineQueue(page).wait_until_kept()
    offline_posts = []
    page.on(
        "request",
        lambda r: offline_posts.append(r.url) if "/activities/offline/send/" in r.url else None,
    )

    # The browser believes it is online, but the form's POST never reaches the server.
    def lose_post(route):
        route.abort() if route.request.method == "POST" else route.continue_()

    page.route("**/activities/new/", lose_post)
    form.fill(title="Phát thanh khi sóng yếu", participants="80")
    form.attach(camera_photo("song-yeu.jpg"))
    with page.expect_event("requestfailed", lambda r: r.method == "POST"):
        page.get_by_role("button", name="Gửi duyệt", exact=True).click()
    assert not Activity.objects.exists()

    page.unroute("**/activities/new/")
    form.open()
    expect(page.get_by_text("Đã gửi «Phát thanh khi sóng yếu» lên máy chủ.")).to_be_visible()
    expect(queue.panel).to_be_hidden()
    activity = Activity.objects.get()
    assert (activity.title, activity.participants) == ("Phát thanh khi sóng yếu", 80)
    with activity.evidence.get().file.open("rb") as stored:
        assert Image.open(io.BytesIO(stored.read())).size == (1600, 1200)
    assert len(offline_posts) == 1

    # With a good signal the page's own POST is all that is sent: its kept copy is dropped.
    form.fill(title="Họp thôn triển khai kế hoạch", participants="45")
    form.attach(camera_photo("hop-thon.jpg"))
    form.send().expect_title("Họp thôn triển khai kế hoạch")
    form.open()
    expect(page.get_by_label("Tên hoạt động")).to_have_value("")
    page.wait_for_load_state("networkidle")
    queue.wait_until_empty()
    assert Activity.objects.count() == 2 and len(offline_posts) == 1

    # Sent back with an error, the form shows it: nothing waits on the phone.
    form.fill(title="", participants="30")
    page.get_by_role("button", name="Gửi duyệt", exact=True).click()
    expect(page.get_by_text("Trường này là bắt buộc.").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    queue.wait_until_empty()
    expect(queue.panel).to_be_hidden()
    assert Activity.objects.count() == 2 and len(offline_posts) == 1
