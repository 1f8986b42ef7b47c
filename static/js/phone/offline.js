// The page's requests to the service worker (sw.js), which keeps the phone page for a reload
// without a connection. Where the browser allows no service worker, nothing is kept.

export function keepThisPage() {
  if (!("serviceWorker" in navigator)) return;
  // The page that registers the worker loaded before the worker existed: it asks to be kept,
  // with every file it loaded from here (its modules too, whether or not sw.js lists them);
  // the page itself last, so that a cached page finds its files cached before it.
  navigator.serviceWorker.register("/sw.js")
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      for (const address of [...loadedFiles(), location.pathname + location.search]) {
        registration.active?.postMessage({ keep: address });
      }
    })
    .catch(() => {});
}

function loadedFiles() {
  return performance.getEntriesByType("resource")
    .map((entry) => new URL(entry.name))
    .filter((url) => url.origin === location.origin)
    .map((url) => url.pathname + url.search);
}

// A deleted café's page (its title and roles) must not stay on the phone for an offline
// reload: every cached copy of it goes.
export function forgetCafePages(code) {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.ready
    .then((registration) => registration.active?.postMessage({ forget: code }))
    .catch(() => {});
}
