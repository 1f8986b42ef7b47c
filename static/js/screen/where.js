// "Where do I go next": every name with its table, a page at a time, turning by itself.
import { $, el, show } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { fitItems } from "./layout.js";
import { shortTableLabel } from "./tables.js";

// Seconds per page: 8, or ?page_seconds=N (2 to 60) in the screen's address.
const asked = Number(new URLSearchParams(location.search).get("page_seconds"));
export const PAGE_MS = (asked >= 2 && asked <= 60 ? asked : 8) * 1000;
let page = 0;
let pages = [];
let signature = "";
let turner = null;
let latest = null;

function row(entry, colorOf) {
  return el("li", { style: { "--pillar": colorOf(entry.pillar_id) } },
    el("span", { class: "where-name", text: entry.name }),
    el("span", { class: "where-table", text: shortTableLabel(entry.table_number, entry.table_name) }));
}

// How many rows and columns of names fit the list's box.
function measure(list, sample, colorOf) {
  list.style.setProperty("--rows", "1");
  list.style.setProperty("--cols", "1");
  list.replaceChildren(row(sample, colorOf));
  const style = getComputedStyle(list);
  const rowGap = parseFloat(style.rowGap) || 0;
  const colGap = parseFloat(style.columnGap) || 0;
  const em = parseFloat(style.fontSize);
  const height = list.firstChild.offsetHeight;
  const rows = Math.max(1, Math.floor((list.clientHeight + rowGap) / (height + rowGap)));
  const cols = Math.max(1, Math.min(4, Math.floor((list.clientWidth + colGap) / (12 * em + colGap))));
  return [rows, cols];
}

export function renderWhere(state) {
  latest = state;
  const { phase, round, rounds } = state.cafe.timer;
  const running = phase === "round" || phase === "paused";
  const entries = state.where ?? [];
  $("where-title").textContent = running ? t("where_now", { round: round + 1 }) : t("where_next");
  const empty = !entries.length;
  show($("where-empty"), empty);
  const list = $("where-list");
  show(list, !empty);
  show($("where-pager"), !empty);
  if (empty) {
    $("where-empty").textContent = phase === "between" && round + 1 >= rounds ? t("where_done") : t("where_wait");
    pages = [];
    signature = "";
  } else if (list.offsetParent !== null) {
    const colorOf = (id) => state.cafe.pillars.find((p) => p.id === id)?.color ?? "#4b5563";
    const [rows, cols] = measure(list, entries[0], colorOf);
    const size = rows * cols;
    const next = JSON.stringify([size, entries]);
    if (next !== signature) {
      pages = [];
      for (let i = 0; i < entries.length; i += size) pages.push(entries.slice(i, i + size));
      signature = next;
      if (page >= pages.length) page = 0;
      restartProgress();
    }
    showPage(colorOf, rows, cols);
  }
  renderTableMap(state);
}

function showPage(colorOf, rows, cols) {
  const list = $("where-list");
  const entries = pages[page] ?? [];
  // Fill column after column, so that the names read down in alphabetical order.
  list.style.setProperty("--cols", String(cols));
  list.style.setProperty("--rows", String(Math.max(1, Math.min(rows, Math.ceil(entries.length / cols)))));
  list.replaceChildren(...entries.map((entry) => row(entry, colorOf)));
  $("where-pager").dataset.active = String(pages.length > 1);
  if (pages.length > 1) {
    const first = entries[0].name;
    const last = entries[entries.length - 1].name;
    $("where-page").textContent = `${t("page_of", { page: page + 1, pages: pages.length })} · ${first} – ${last}`;
    if (turner === null) restartProgress();
  } else {
    stopPaging();
  }
}

// A full page time from now on: the bar starts again and the next page follows when it ends.
function restartProgress() {
  stopPaging();
  const bar = $("where-progress");
  const fresh = bar.cloneNode(); // a new element restarts the progress animation
  fresh.style.setProperty("--page-ms", `${PAGE_MS}ms`);
  bar.replaceWith(fresh);
  turner = setTimeout(() => {
    turner = null;
    if (pages.length < 2 || !latest || $("where-list").offsetParent === null) return;
    page = (page + 1) % pages.length;
    restartProgress();
    renderWhere(latest);
  }, PAGE_MS);
}

// The view went away: no more turning until it comes back.
export function stopPaging() {
  clearTimeout(turner);
  turner = null;
}

export function renderTableMap(state) {
  const { pillars, tables } = state.cafe;
  const map = $("table-map");
  map.dataset.many = String(pillars.length > 5); // one line per pillar
  map.replaceChildren(...pillars.map((pillar) => {
    const own = tables.filter((tb) => tb.pillar_id === pillar.id);
    return el("li", { style: { "--pillar": pillar.color } },
      el("span", { class: "map-pillar", text: pillar.title }),
      el("span", { class: "map-tables" }, own.length
        ? own.map((tb) => el("span", { class: "map-table", text: shortTableLabel(tb.number, tb.name) }))
        : "–"));
  }));
  if (map.clientHeight) fitItems(map);
}
