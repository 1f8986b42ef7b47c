// Keeps the phone page usable without a connection: reloading while offline shows the cached
// page, and the ideas waiting in localStorage are sent once the network is back.
const CACHE = "worldcafe-v1";
const SHELL = [
  "/static/css/app.css",
  "/static/icon.svg",
  "/static/js/participant.js",
  "/static/js/lib/bounds.js",
  "/static/js/lib/clock.js",
  "/static/js/lib/connection.js",
  "/static/js/lib/dom.js",
  "/static/js/lib/fit-text.js",
  "/static/js/lib/i18n.js",
  "/static/js/lib/outbox.js",
  "/static/js/phone/announcement.js",
  "/static/js/phone/harvest.js",
  "/static/js/phone/ideas.js",
  "/static/js/phone/offline.js",
  "/static/js/phone/pick.js",
  "/static/js/phone/seat.js",
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
// A page that hears its café was deleted asks to forget it.
self.addEventListener("message", (event) => {
  if (event.data?.keep && cacheable(new URL(event.data.keep, self.location.origin))) {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.add(event.data.keep)));
  }
  if (typeof event.data?.forget === "string") event.waitUntil(forgetCafe(event.data.forget));
});

// The join code in a /j/<code> address, read as the server reads it (any case, nothing but
// letters and digits), or null for any other address.
function cafeCode(url) {
  const match = new URL(url).pathname.match(/^\/j\/([^/]+)/);
  return match ? match[1].toUpperCase().replace(/[^0-9A-Z]/g, "") : null;
}

// Drops every cached copy of a café's pages (each language, any spelling of the code), in
// every cache this worker has made.
async function forgetCafe(code) {
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    const copies = (await cache.keys()).filter((request) => cafeCode(request.url) === code);
    await Promise.all(copies.map((request) => cache.delete(request)));
  }
}

// A personal link (/j/<code>/p/<secret>) is opened once and then left for /j/<code>: a copy
// of it would only keep the person's name and secret on the phone.
function cacheable(url) {
  return url.origin === self.location.origin
    && (url.pathname.startsWith("/j/") || url.pathname.startsWith("/static/") || url.pathname.startsWith("/vendor/"))
    && !/^\/j\/[^/]+\/p\//.test(url.pathname);
}

// Network first, so a phone online always gets the current page; the cache only answers
// when the network does not.
self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || !cacheable(url)) return;
  event.respondWith(
    fetch(event.request)
      .then(async (response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        // 410: the café was deleted while this phone was away and did not hear it.
        const code = cafeCode(url);
        if (response.status === 410 && code) await forgetCafe(code);
        return response;
      })
      .catch(() => caches.match(event.request, { ignoreVary: true })),
  );
});
