// Layout helpers for the projection screen: nothing scrolls, so only what fits is shown.
import { el } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { showPage } from "./fit.js";
import { hyphenated } from "./hyphenate.js";

// Columns and rows for n pillar panels.
export function gridFor(count) {
  if (count <= 4) return [Math.max(1, count), 1];
  if (count <= 6) return [3, 2];
  if (count <= 8) return [4, 2];
  return [4, 3];
}

// One panel per pillar, in the pillar's colour; returns {root, body, count} per pillar id.
// lang: the café's language, in which a title too long for its panel is hyphenated.
export function buildPanels(container, pillars, lang) {
  const [cols, rows] = gridFor(pillars.length);
  container.style.setProperty("--cols", String(cols));
  container.style.setProperty("--rows", String(rows));
  container.dataset.rows = String(rows);
  const panels = new Map();
  container.replaceChildren(...pillars.map((pillar) => {
    const count = el("span", { class: "panel-count" });
    const body = el("div", { class: "panel-body" });
    const root = el("section", { class: "wall-panel", "data-pillar": String(pillar.id), style: { "--pillar": pillar.color } },
      el("h2", { class: "panel-head" }, el("span", { class: "panel-title", lang, text: pillar.title }), count),
      body);
    panels.set(pillar.id, { root, body, count });
    return root;
  }));
  return panels;
}

// The pillars' ids and titles, to know when panels must be built again.
export function pillarKey(pillars) {
  return JSON.stringify(pillars.map((p) => [p.id, p.title, p.color]));
}

// Shows page `page` of a panel's list (wrapping round) and says "Seite 2 von 3" under it;
// returns the page shown. The line is always there (hidden while one page is enough), so the
// list's height never changes.
export function turnPanel(panel, list, page) {
  const [pages, shown] = showPage(list, page);
  panel.root.dataset.pages = String(pages);
  let line = panel.root.querySelector(".panel-page");
  if (!line) {
    line = el("p", { class: "panel-page" });
    panel.root.append(line);
  }
  line.textContent = t("page_of", { page: shown + 1, pages });
  line.dataset.active = String(pages > 1);
  return shown;
}

// Hides the items from the first one that does not fit the list's height; the first stays.
export function fitItems(list) {
  const items = [...list.children];
  for (const item of items) item.hidden = false;
  const limit = list.clientHeight;
  let overflow = false;
  items.forEach((item, index) => {
    if (!overflow && index > 0 && item.offsetTop + item.offsetHeight > limit + 1) overflow = true;
    item.hidden = overflow;
  });
  return items.filter((item) => !item.hidden).length;
}

const titles = new WeakMap(); // title node -> the pillar's title as typed
const fittedFor = new WeakMap(); // title node -> the width and title it was last fitted for

// Pillar titles read best unbroken: a title too wide or too long for its place gets smaller
// type (two lines, then up to four at smaller type still); a word still too wide then breaks at
// its hyphenation points. The node's `lang` says which patterns. Returns whether the title is
// shown (and so fitted).
export function fitTitle(title) {
  if (!title.clientWidth) return false;
  if (!titles.has(title)) titles.set(title, title.textContent);
  // Fitting measures the title a few times over: not again while nothing it depends on changed.
  const key = `${title.clientWidth}|${titles.get(title)}`;
  if (fittedFor.get(title) === key) return true;
  fittedFor.set(title, key);
  title.textContent = titles.get(title);
  title.classList.remove("squeezed");
  let size = 1;
  const shrink = (smallest, lines) => {
    while (size > smallest && overflows(title, lines)) {
      size -= 0.05;
      title.style.setProperty("font-size", `${size.toFixed(2)}em`);
    }
  };
  title.style.setProperty("font-size", "1em");
  shrink(0.75, 2);
  shrink(0.6, 4);
  if (title.scrollWidth > title.clientWidth + 1) {
    title.textContent = hyphenated(titles.get(title), title.lang);
    if (title.scrollWidth > title.clientWidth + 1) title.classList.add("squeezed");
  }
  return true;
}

const panelTitlesFor = new WeakMap(); // panel -> the window and count its title was fitted for

// A panel's title has the room left by its count: it is fitted again only when the window or
// the count's number of digits changed. Even asking the title's width lays out the wall, which
// at every new idea of a burst kept the screen's browser busy.
export function fitTitles(panels) {
  for (const panel of panels.values()) {
    const title = panel.root.querySelector(".panel-title");
    const room = `${innerWidth}x${innerHeight}|${panel.count.textContent.length}`;
    if (!title || panelTitlesFor.get(panel) === room) continue;
    if (fitTitle(title)) panelTitlesFor.set(panel, room);
  }
}

// Wider than its box, or more lines than allowed.
function overflows(node, lines) {
  const lineHeight = parseFloat(getComputedStyle(node).lineHeight);
  return node.scrollWidth > node.clientWidth + 1 || node.scrollHeight > lines * lineHeight + 1;
}
