// The live idea wall: per pillar the pinned ideas first, then the newest, as many as fit.
import { el } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { buildPanels, fitTitles, fitItems, pillarKey, reconcile } from "./layout.js";
import { pillarTables } from "./tables.js";

const cards = new Map(); // idea id -> its card, kept so that a new idea moves nothing else
let panels = new Map();
let builtFor = "";

function card(idea, fresh) {
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
  node.firstChild.textContent = idea.text;
  node.classList.toggle("pinned", Boolean(idea.pinned));
  return node;
}

function order(ideas) {
  const newestFirst = [...ideas].sort((a, b) => b.id - a.id);
  return [...newestFirst.filter((i) => i.pinned), ...newestFirst.filter((i) => !i.pinned)];
}

// fresh: the id of an idea that just arrived (it glides in); only its pillar is touched.
export function renderWalls(container, state, fresh = null) {
  const { pillars } = state.cafe;
  if (pillarKey(pillars) !== builtFor) {
    panels = buildPanels(container, pillars);
    builtFor = pillarKey(pillars);
  }
  const known = new Set(state.ideas.map((i) => i.id));
  for (const id of cards.keys()) if (!known.has(id)) cards.delete(id);
  const freshIdea = fresh === null ? null : state.ideas.find((i) => i.id === fresh);
  for (const pillar of pillars) {
    if (freshIdea && freshIdea.pillar_id !== pillar.id) continue;
    const panel = panels.get(pillar.id);
    const ideas = state.ideas.filter((i) => i.pillar_id === pillar.id);
    panel.count.textContent = String(ideas.length);
    showTables(panel, pillarTables(state.cafe.tables, pillar.id));
    let list = panel.body.querySelector(".idea-cards");
    if (!list) {
      list = el("ul", { class: "idea-cards" });
      panel.body.replaceChildren(list);
    }
    reconcile(list, order(ideas).map((idea) => card(idea, idea.id === fresh)));
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
  for (const { body } of panels.values()) {
    const list = body.querySelector(".idea-cards");
    if (list && list.clientHeight) fitItems(list);
  }
}
