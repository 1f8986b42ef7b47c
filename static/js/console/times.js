// Times the server sends as ISO text (UTC), read and shown in the console's language.

export function serverTimeMs(iso) {
  // A time without a zone is UTC too, not the browser's local time.
  const zoned = /([zZ]|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso}Z`;
  return Date.parse(zoned);
}

export function clockTime(ms) {
  return new Date(ms).toLocaleTimeString(document.documentElement.lang || undefined,
    { hour: "2-digit", minute: "2-digit" });
}
