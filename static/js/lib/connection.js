// One Socket.IO connection per page, with its state always shown to the person.
import { io } from "/vendor/socket.io.esm.min.js";
import { syncClock } from "./clock.js";
import { lang, t } from "./i18n.js";

// A random key per device, sent with every Socket.IO request: behind several server
// processes nginx routes by it (deploy/nginx-site.conf), so each device stays on one process
// (long-polling needs that) while a hall behind one NAT address still spreads over all.
function deviceKey() {
  try {
    let key = localStorage.getItem("device");
    if (!key) {
      key = crypto.getRandomValues(new Uint32Array(2)).join("-");
      localStorage.setItem("device", key);
    }
    return key;
  } catch {
    // No storage (private mode, blocked): a key for this page is still one device.
    return crypto.getRandomValues(new Uint32Array(2)).join("-");
  }
}

export function connect(namespace, auth, statusNode) {
  const socket = io(namespace, {
    auth,
    query: { lang, device: deviceKey() },
    // When the venue Wi-Fi drops, a whole hall loses its connection at the same moment:
    // each page waits a random 0.5-1.5x of a delay that doubles per attempt (0.5 s up to
    // 5 s), so the phones come back spread out instead of in lockstep.
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    randomizationFactor: 0.5,
  });
  const setStatus = (state) => {
    if (!statusNode) return;
    statusNode.dataset.state = state;
    statusNode.textContent = t(`conn_${state}`);
  };
  setStatus("connecting");
  socket.on("connect", () => {
    setStatus("online");
    syncClock(socket);
    setTimeout(() => syncClock(socket), 2000);
  });
  // Closed on purpose (the server closed a deleted café, or the page let go): no
  // reconnecting follows, so none is promised.
  let closed = false;
  socket.on("disconnect", (reason) => {
    closed = reason === "io server disconnect" || reason === "io client disconnect";
    setStatus(closed ? "closed" : navigator.onLine ? "reconnecting" : "offline");
  });
  socket.io.on("reconnect_attempt", () => setStatus(navigator.onLine ? "reconnecting" : "offline"));
  // A refused connect is not retried by the client itself. The server refuses `busy` while
  // many phones are connecting (it names the wait: details.retry_ms) and `internal` when the
  // connect failed: this page tries again after that wait, jittered (0.5-1.5x) so that the
  // refused ones do not all come back at the same instant.
  socket.on("connect_error", (err) => {
    const code = err.data?.code;
    if (code !== "busy" && code !== "internal") return;
    const wait = (err.data.details?.retry_ms ?? 5000) * (0.5 + Math.random());
    setTimeout(() => { if (!closed && !socket.connected) socket.connect(); }, wait);
  });
  // A deleted café refuses its old links (code cafe_deleted): the page forgets it just as
  // when it hears the cafe_deleted event while connected.
  socket.on("connect_error", (err) => {
    if (err.data?.code !== "cafe_deleted") return;
    closed = true;
    socket.disconnect();
    setStatus("closed");
    for (const listener of socket.listeners("cafe_deleted")) listener();
  });
  window.addEventListener("offline", () => { if (!closed) setStatus("offline"); });
  window.addEventListener("online", () => { if (!socket.connected && !closed) setStatus("reconnecting"); });
  return socket;
}

// Emits and resolves with the ack; a lost connection or silence counts as "not stored".
export function request(socket, event, payload = {}, timeoutMs = 8000) {
  return new Promise((resolve) => {
    socket.timeout(timeoutMs).emit(event, payload, (err, answer) => {
      if (err) resolve({ ok: false, error: { code: "timeout", message: t("no_answer") } });
      else resolve(answer);
    });
  });
}
