// Vote results: per pillar the ideas (or themes) with the most dots, as many as fit, with
// bars; once voting has closed, the bridging ideas below them.
import { el } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { fitText } from "../lib/fit-text.js";
import { sizeForLength } from "./fit.js";
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
  // Voting on themes ranks the themes (their name as the text), else the ideas.
  const onThemes = state.cafe.voting.vote_on === "themes";
  const items = onThemes
    ? (state.themes?.themes ?? []).map((theme) => ({ id: theme.id, pillar_id: theme.pillar_id, text: theme.name, votes: theme.votes }))
    : state.ideas.map((idea) => ({ ...idea, votes: state.votes?.[idea.id] ?? 0 }));
  const votesOf = (item) => item.votes;
  for (const pillar of pillars) {
    const panel = panels.get(pillar.id);
    const voted = items.filter((i) => i.pillar_id === pillar.id && votesOf(i) > 0)
      .sort((a, b) => votesOf(b) - votesOf(a) || a.id - b.id);
    if (!voted.length) {
      panel.body.replaceChildren(el("p", { class: "placeholder", text: t("no_dots_yet") }));
      continue;
    }
    const most = votesOf(voted[0]);
    const list = el("ol", { class: "rank-list", lang: state.cafe.language }, voted.map((idea) => {
      return el("li", { class: "rank-item", [onThemes ? "data-theme" : "data-idea"]: String(idea.id) },
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

// Bridging ideas (or themes), sent once voting has closed: a short line each, with how many
// of each role's voters backed it (only groups of three voters or more come from the server).
export function renderBridging(container, state) {
  const items = state.bridging ?? [];
  container.hidden = !items.length;
  if (!items.length) return;
  const titles = new Map(state.cafe.pillars.map((p) => [p.id, p]));
  container.replaceChildren(
    el("h3", { class: "bridging-title", text: t(state.cafe.voting.vote_on === "themes" ? "bridging_themes" : "bridging_ideas") }),
    el("ol", { class: "bridging-list", lang: state.cafe.language }, items.map((item) => el("li",
      { class: "bridging-item", style: { "--pillar": titles.get(item.pillar_id)?.color ?? "#4b5563" } },
      el("span", { class: "bridging-text", text: item.text }),
      el("span", { class: "bridging-roles",
        text: item.roles.map((r) => t("bridging_role", { role: r.role, percent: `${r.percent} %` })).join(" · ") })))));
}
