// Counts down against the server's clock: the offset is measured by timing a round trip.
let offsetMs = 0;
let bestRoundTrip = Infinity;

export function serverNow() {
  return Date.now() + offsetMs;
}

export function noteServerTime(serverNowMs) {
  // A state message gives a first estimate; a timed sync_time replaces it.
  if (bestRoundTrip === Infinity) offsetMs = serverNowMs - Date.now();
}

export function syncClock(socket) {
  const sentAt = Date.now();
  socket.timeout(5000).emit("sync_time", {}, (err, answer) => {
    if (err || !answer?.ok) return;
    const receivedAt = Date.now();
    const roundTrip = receivedAt - sentAt;
    // Keep the tightest measurement: its error is at most half its round trip.
    if (roundTrip <= bestRoundTrip) {
      bestRoundTrip = roundTrip;
      offsetMs = answer.server_now - (sentAt + receivedAt) / 2;
    }
  });
}

export function remainingMs(timer) {
  if (!timer) return null;
  if (timer.phase === "paused") return timer.remaining_ms;
  if (["round", "between"].includes(timer.phase) && timer.ends_at) {
    return Math.max(0, timer.ends_at - serverNow());
  }
  return null;
}

export function formatClock(ms) {
  const totalSeconds = Math.ceil(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${minutes}:${String(seconds).padStart(2, "0")}`;
}
