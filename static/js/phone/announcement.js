// The moderator's announcement is state, not only an event: a phone that (re)connects while
// one is up still shows it as a banner for the rest of its showing time (as long as the
// screen shows it: screen/announcement.js), and the last one stays readable under the seat.
import { serverNow } from "../lib/clock.js";
import { $, el, show } from "../lib/dom.js";
import { lang, t } from "../lib/i18n.js";

const SHOW_MS = 20000;

function sentAt(iso) {
  // The server sends UTC; a time without a zone is read as UTC too, not as local time.
  return Date.parse(/([zZ]|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso}Z`);
}

// How long the announcement is still to be shown as a banner, in ms (0: no longer).
export function showingLeft(announcement) {
  if (!announcement?.text) return 0;
  return Math.max(0, Math.min(SHOW_MS, sentAt(announcement.at) + SHOW_MS - serverNow()));
}

// The small "last announcement" line; none when the moderator has taken it down.
export function renderLastAnnouncement(announcement) {
  const node = $("last-announcement");
  show(node, Boolean(announcement?.text));
  if (!announcement?.text) return;
  const time = new Date(sentAt(announcement.at)).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
  node.replaceChildren(
    el("span", { class: "last-announcement-label", text: t("last_announcement", { time }) }),
    el("span", { text: announcement.text }),
  );
}
