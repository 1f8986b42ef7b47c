// The live idea wall: per pillar the pinned ideas first, then the newest; when they do not
// fit, pages that turn by themselves.
import { el } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { place } from "../lib/rows.js";
import { fitCards, sizeForLength } from "./fit.js";
import { hyphenated } from "./hyphenate.js";
import { buildPanels, fitTitles, pillarKey, turnPanel } from "./layout.js";
import { pillarTables } from "./tables.js";

// Seconds per page of a full wall: 10, or ?wall_seconds=N (2 to 60) in the screen's address.
const asked = Number(new URLSearchParams(location.search).get("wall_seconds"));
export const WALL_PAGE_MS = (asked >= 2 && asked <= 60 ? asked : 10) * 1000;
const cards = new Map(); // idea id -> its card, kept so that a new idea moves nothing else
const pageOf = new Map(); // pillar id -> the page its panel shows
let panels = new Map();
let builtFor = "";
const shownText = new WeakMap(); // card -> the idea's text it shows (hyphenated on the card)

function card(idea, lang, fresh) {
  let node = cards.get(idea.id);
  if (!node) {
    node = el("li", { class: "card", "data-idea": String(idea.id) }, el("span", { class: "card-text" }));
    if (fresh) {
      node.classList.add("fresh");
      node.addEventListener("animationend", (event) => {
        if (event.animationName === "glow") node.classList.remove("fresh");
      });
    }
    cards.set(idea.id, node);
  }
  if (shownText.get(node) !== idea.text) {
    shownText.set(node, idea.text);
    node.firstChild.textContent = hyphenated(idea.text, lang);
    node.dataset.size = String(sizeForLength(idea.text));
    delete node.dataset.fitFor; // fitted again below
  }
  if (node.classList.contains("pinned") !== Boolean(idea.pinned)) {
    node.classList.toggle("pinned", Boolean(idea.pinned));
    delete node.dataset.fitFor; // the star makes the text longer
  }
  return node;
}

function order(ideas) {
  const newestFirst = [...ideas].sort((a, b) => b.id - a.id);
  return [...newestFirst.filter((i) => i.pinned), ...newestFirst.filter((i) => !i.pinned)];
}

// fresh: null (every pillar is drawn), or the ids of ideas that just arrived (they glide in;
// only their pillars are touched).
export function renderWalls(container, state, fresh = null) {
  const { pillars } = state.cafe;
  if (pillarKey(pillars) !== builtFor) {
    panels = buildPanels(container, pillars, state.cafe.language);
    builtFor = pillarKey(pillars);
  }
  const known = new Set(state.ideas.map((i) => i.id));
  for (const id of cards.keys()) if (!known.has(id)) cards.delete(id);
  const freshPillars = fresh === null ? null
    : new Set(state.ideas.filter((i) => fresh.has(i.id)).map((i) => i.pillar_id));
  for (const pillar of pillars) {
    if (freshPillars && !freshPillars.has(pillar.id)) continue;
    const panel = panels.get(pillar.id);
    const ideas = state.ideas.filter((i) => i.pillar_id === pillar.id);
    panel.count.textContent = String(ideas.length); // before the titles are fitted beside it
    if (freshPillars) pageOf.set(pillar.id, 0); // the newest ideas are on the first page
    showTables(panel, pillarTables(state.cafe.tables, pillar.id));
    let list = panel.body.querySelector(".idea-cards");
    if (!list) {
      // The ideas' language, for the browser's hyphenation.
      list = el("ul", { class: "idea-cards", lang: state.cafe.language });
      panel.body.replaceChildren(list);
    }
    place(list, order(ideas).map((idea) => card(idea, state.cafe.language, Boolean(fresh?.has(idea.id)))));
    const empty = panel.body.querySelector(".placeholder");
    if (ideas.length && empty) empty.remove();
    if (!ideas.length && !empty) panel.body.prepend(el("p", { class: "placeholder", text: t("screen_no_ideas") }));
  }
  fitAll();
}

// Which tables talk about this pillar, so that people find their wall ("Tisch 3 · Bühne").
function showTables(panel, text) {
  let line = panel.root.querySelector(".panel-tables");
  if (!line) {
    line = el("p", { class: "panel-tables" });
    panel.body.before(line);
  }
  line.textContent = text;
  line.hidden = !text;
}

export function fitWalls() {
  fitAll();
}

function fitAll() {
  fitTitles(panels);
  for (const [pillarId, panel] of panels) {
    const list = panel.body.querySelector(".idea-cards");
    if (!list || !list.clientHeight) continue;
    fitCards(list, (node) => node.firstChild);
    turnTo(pillarId, panel, list, pageOf.get(pillarId) ?? 0);
  }
}

function turnTo(pillarId, panel, list, page) {
  pageOf.set(pillarId, turnPanel(panel, list, page));
}

// Full walls turn a page at a time; a wall that fits stays still.
setInterval(() => {
  for (const [pillarId, panel] of panels) {
    const list = panel.body.querySelector(".idea-cards");
    if (!list || list.offsetParent === null || panel.root.dataset.pages === "1") continue;
    turnTo(pillarId, panel, list, (pageOf.get(pillarId) ?? 0) + 1);
  }
}, WALL_PAGE_MS);
