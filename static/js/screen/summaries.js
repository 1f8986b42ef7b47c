// The hosts' summaries in the harvest: per pillar the summaries of its tables, each under its
// table's name, in full (smaller type for long ones, pages that turn when a panel is full).
import { el } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { fitCards, sizeForLength } from "./fit.js";
import { hyphenated } from "./hyphenate.js";
import { buildPanels, fitTitles, pillarKey, turnPanel } from "./layout.js";
import { tableLabel } from "./tables.js";
import { WALL_PAGE_MS } from "./walls.js";

let panels = new Map();
let builtFor = "";
const pageOf = new Map(); // pillar id -> the page its panel shows

function card(table, summary, lang) {
  return el("li", { class: "table-summary", "data-table": String(table.id),
    "data-size": String(sizeForLength(summary.text)) },
  el("p", { class: "table-summary-head", text: tableLabel(table.number, table.name) }),
  el("p", { class: "table-summary-text", lang, text: hyphenated(summary.text, lang) }));
}

// A panel for each pillar that has tables, and one for tables without a pillar if any.
function panelsFor(cafe) {
  const panelled = cafe.pillars.filter((pillar) => cafe.tables.some((table) => table.pillar_id === pillar.id));
  if (cafe.tables.some((table) => table.pillar_id === null)) {
    panelled.push({ id: null, title: t("other_tables"), color: "#4b5563" });
  }
  return panelled;
}

export function renderSummaries(container, state) {
  const { tables } = state.cafe;
  const pillars = panelsFor(state.cafe);
  if (pillarKey(pillars) !== builtFor) {
    panels = buildPanels(container, pillars, state.cafe.language);
    builtFor = pillarKey(pillars);
  }
  const byTable = new Map((state.summaries ?? []).map((s) => [s.table_id, s]));
  const writtenAt = new Map(pillars.map((pillar) => [pillar.id,
    tables.filter((table) => table.pillar_id === pillar.id && byTable.has(table.id))]));
  // Counts first, then the titles beside them, then the cards below (their room depends on both).
  for (const pillar of pillars) panels.get(pillar.id).count.textContent = String(writtenAt.get(pillar.id).length);
  fitTitles(panels);
  for (const pillar of pillars) {
    const panel = panels.get(pillar.id);
    const written = writtenAt.get(pillar.id);
    if (!written.length) {
      panel.body.replaceChildren(el("p", { class: "placeholder", text: t("screen_no_summaries") }));
      continue;
    }
    const list = el("ul", { class: "table-summaries" },
      written.map((table) => card(table, byTable.get(table.id), state.cafe.language)));
    panel.body.replaceChildren(list);
    if (!list.clientHeight) continue;
    fitCards(list, (node) => node.lastChild);
    turnTo(pillar.id, panel, list, pageOf.get(pillar.id) ?? 0);
  }
}

function turnTo(pillarId, panel, list, page) {
  pageOf.set(pillarId, turnPanel(panel, list, page));
}

// A panel with more summaries than it holds turns a page at a time.
setInterval(() => {
  for (const [pillarId, panel] of panels) {
    const list = panel.body.querySelector(".table-summaries");
    if (!list || list.offsetParent === null || panel.root.dataset.pages === "1") continue;
    turnTo(pillarId, panel, list, (pageOf.get(pillarId) ?? 0) + 1);
  }
}, WALL_PAGE_MS);
