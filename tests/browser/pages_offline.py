"""Page object for the offline queue shown on the activity form (static/js/offline.js)."""

from playwright.sync_api import Page, expect

# Resolves once the service worker controls the page and the offline form and the person's
# choice lists are kept: from then on the form works without a network.
READY = """async () => {
  await navigator.serviceWorker.ready;
  for (let i = 0; i < 200; i++) {
    const shell = await caches.match("/activities/offline/", {cacheName: "loa-user"});
    const choices = await caches.match("/activities/offline/choices/", {cacheName: "loa-user"});
    if (shell && choices) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}"""

# The queue as IndexedDB holds it (photos as Blobs), for a test that puts it back.
QUEUED = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("loa-offline", 1);
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const read = open.result.transaction("queue").objectStore("queue").getAll();
    read.onsuccess = () => { open.result.close(); resolve(read.result); };
  };
})"""


class OfflineQueue:
    def __init__(self, page: Page):
        self.page = page
        self.panel = page.locator("[data-offline-queue]")

    def wait_until_kept(self):
        assert self.page.evaluate(READY) is True
        return self

    def item(self, title):
        return self.panel.locator("li", has_text=title)

    def expect_waiting(self, *titles):
        expect(self.panel.get_by_role("heading")).to_have_text(f"Hoạt động chờ gửi ({len(titles)})")
        for title in titles:
            expect(self.item(title)).to_contain_text("Chờ gửi")
            expect(self.item(title)).to_contain_text("lưu trên máy lúc")
        return self

    def send_now(self):
        self.panel.get_by_role("button", name="Gửi ngay").click()
        return self

    def count_stored(self):
        return len(self.page.evaluate(QUEUED))

    def wait_until_empty(self):
        """The page settles and sends its queue after it loads: wait for it to empty."""
        for _ in range(200):
            if self.count_stored() == 0:
                return
            self.page.wait_for_timeout(50)
        assert self.count_stored() == 0
