// Loa's service worker (docs/offline.md). The view at /sw.js puts `LOA` before this file:
// the version, the offline form's address and the static files to keep.
// - Static files of the app shell: kept at install, served from the cache.
// - Pages: always from the network; when it fails, the offline form that offline.js kept
//   for the signed-in person (cache "loa-user"). No other page is ever kept, so nothing of
//   another person or organisation, and no CSRF token, is stored.
const STATIC = `loa-static-${LOA.version}`;
const USER = "loa-user";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STATIC)
      .then((cache) => cache.addAll(LOA.assets))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names
          .filter((name) => name.startsWith("loa-static-") && name !== STATIC)
          .map((name) => caches.delete(name)),
      ))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(offlinePage));
  } else if (LOA.assets.includes(url.pathname)) {
    event.respondWith(
      caches.match(request, { cacheName: STATIC, ignoreSearch: true })
        .then((kept) => kept || fetch(request)),
    );
  }
});

async function offlinePage() {
  const shell = await caches.match(LOA.shell, { cacheName: USER });
  if (shell) return shell;
  return new Response(
    "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\">" +
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
      "<title>Không có mạng · Loa</title><p>Không có mạng. Khi có mạng, hãy đăng nhập Loa và " +
      "mở trang «Ghi nhận hoạt động» một lần để ghi được hoạt động khi mất mạng.</p></html>",
    { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } },
  );
}
