// Times the server sends as ISO text (UTC), read and shown in the console's language.

export function serverTimeMs(iso) {
  // A time without a zone is UTC too, not the browser's local time.
  const zoned = /([zZ]|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso}Z`;
  return Date.parse(zoned);
}

// One formatter for every clock time: toLocaleTimeString builds a new one at each call, and a
// guest list of a thousand phones shows a time on each.
let clock = null;

export function clockTime(ms) {
  clock ??= new Intl.DateTimeFormat(document.documentElement.lang || undefined,
    { hour: "2-digit", minute: "2-digit" });
  return Number.isFinite(ms) ? clock.format(ms) : "–";
}

export function dateTime(ms) {
  return new Date(ms).toLocaleString(document.documentElement.lang || undefined,
    { weekday: "short", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
}

// A moment as the value of an <input type="datetime-local">: the browser's local time.
export function localInputValue(ms) {
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
