// Keeps the phone page usable without a connection: reloading while offline shows the cached
// page, and the ideas waiting in localStorage are sent once the network is back.
const CACHE = "worldcafe-v1";
const SHELL = [
  "/static/css/app.css",
  "/static/icon.svg",
  "/static/js/participant.js",
  "/static/js/lib/clock.js",
  "/static/js/lib/connection.js",
  "/static/js/lib/dom.js",
  "/static/js/lib/i18n.js",
  "/static/js/lib/outbox.js",
  "/static/js/phone/harvest.js",
  "/static/js/phone/ideas.js",
  "/static/js/phone/table.js",
  "/vendor/socket.io.esm.min.js",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

// The page that registered this worker loaded before the worker existed: it asks to be kept.
self.addEventListener("message", (event) => {
  if (event.data?.keep && cacheable(new URL(event.data.keep, self.location.origin))) {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.add(event.data.keep)));
  }
});

function cacheable(url) {
  return url.origin === self.location.origin
    && (url.pathname.startsWith("/j/") || url.pathname.startsWith("/static/") || url.pathname.startsWith("/vendor/"));
}

// Network first, so a phone online always gets the current page; the cache only answers
// when the network does not.
self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || !cacheable(url)) return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request, { ignoreVary: true })),
  );
});
