// Vote results: per pillar the ideas with the most dots, as many as fit, with bars.
import { el } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { fitText, sizeForLength } from "./fit.js";
import { hyphenated } from "./hyphenate.js";
import { buildPanels, fitTitles, fitItems, pillarKey } from "./layout.js";

let panels = new Map();
let builtFor = "";

// Results held back until voting closes: one line instead of the panels.
export function renderHeld(container) {
  builtFor = ""; // the panels are built again when the results may show
  container.replaceChildren(el("p", { class: "results-held", text: t("screen_results_held") }));
}

export function renderResults(container, state) {
  const { pillars } = state.cafe;
  if (pillarKey(pillars) !== builtFor) {
    panels = buildPanels(container, pillars, state.cafe.language);
    builtFor = pillarKey(pillars);
  }
  fitTitles(panels);
  const votesOf = (idea) => state.votes?.[idea.id] ?? 0;
  for (const pillar of pillars) {
    const panel = panels.get(pillar.id);
    const voted = state.ideas.filter((i) => i.pillar_id === pillar.id && votesOf(i) > 0)
      .sort((a, b) => votesOf(b) - votesOf(a) || a.id - b.id);
    if (!voted.length) {
      panel.body.replaceChildren(el("p", { class: "placeholder", text: t("no_dots_yet") }));
      continue;
    }
    const most = votesOf(voted[0]);
    const list = el("ol", { class: "rank-list", lang: state.cafe.language }, voted.map((idea) => {
      return el("li", { class: "rank-item", "data-idea": String(idea.id) },
        el("span", { class: "rank-votes", text: String(votesOf(idea)), title: t("votes_n", { count: votesOf(idea) }) }),
        el("span", { class: "rank-text", "data-size": String(sizeForLength(idea.text)),
          text: hyphenated(idea.text, state.cafe.language) }),
        el("span", { class: "rank-bar" },
          el("span", { style: { width: `${Math.round((votesOf(idea) / most) * 100)}%` } })));
    }));
    panel.body.replaceChildren(list);
    if (!list.clientHeight) continue;
    // Whole ideas (long ones in smaller type); the best ones that fit are shown.
    for (const text of list.querySelectorAll(".rank-text")) fitText(text, Number(text.dataset.size));
    fitItems(list);
  }
}
