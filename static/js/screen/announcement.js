// The moderator's announcement: a large banner over the screen for about 20 seconds.
import { serverNow } from "../lib/clock.js";
import { $, show } from "../lib/dom.js";

export const SHOW_MS = 20000;
let hideTimer = null;

function sentAt(iso) {
  // The server sends UTC; a time without a zone is read as UTC too, not as local time.
  const zoned = /([zZ]|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso}Z`;
  return Date.parse(zoned);
}

// announcement: {text, at} or null (taken down).
export function showAnnouncement(announcement) {
  clearTimeout(hideTimer);
  const box = $("announcement");
  const left = announcement?.text ? sentAt(announcement.at) + SHOW_MS - serverNow() : 0;
  if (!(left > 0)) {
    show(box, false);
    return;
  }
  const text = $("announcement-text");
  text.textContent = announcement.text;
  show(box, true);
  fitText(text, box.firstElementChild);
  hideTimer = setTimeout(() => show(box, false), Math.min(left, SHOW_MS));
}

// Smaller type for a long text, until the banner fits the screen.
function fitText(text, frame) {
  let size = 2.6;
  text.style.setProperty("--size", `${size}em`);
  while (size > 1.2 && frame.scrollHeight > frame.clientHeight + 1) {
    size -= 0.2;
    text.style.setProperty("--size", `${size.toFixed(1)}em`);
  }
}

export function refitAnnouncement() {
  const box = $("announcement");
  if (!box.hidden) fitText($("announcement-text"), box.firstElementChild);
}
