// The page's requests to the service worker (sw.js), which keeps the phone page for a reload
// without a connection. Where the browser allows no service worker, nothing is kept.

export function keepThisPage() {
  if (!("serviceWorker" in navigator)) return;
  // The page that registers the worker loaded before the worker existed: it asks to be kept.
  navigator.serviceWorker.register("/sw.js")
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => registration.active?.postMessage({ keep: location.pathname + location.search }))
    .catch(() => {});
}

// A deleted café's page (its title and roles) must not stay on the phone for an offline
// reload: every cached copy of it goes.
export function forgetCafePages(code) {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.ready
    .then((registration) => registration.active?.postMessage({ forget: code }))
    .catch(() => {});
}
