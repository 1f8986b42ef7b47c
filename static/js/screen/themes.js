// The harvest's themes on the projection screen: per pillar its themes by name, with how many
// ideas each holds and (once the results may show) its dots, the biggest first; as many as fit.
import { el } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { fitText } from "../lib/fit-text.js";
import { hyphenated } from "./hyphenate.js";
import { buildPanels, fitItems, fitTitles, pillarKey } from "./layout.js";

// Names longer than this get smaller type, so that a panel holds more themes.
const LONG_NAME = 36;

let panels = new Map();
let builtFor = "";

export function renderThemes(container, state) {
  const { pillars, language } = state.cafe;
  if (pillarKey(pillars) !== builtFor) {
    panels = buildPanels(container, pillars, language);
    builtFor = pillarKey(pillars);
  }
  const all = state.themes?.themes ?? [];
  for (const pillar of pillars) {
    panels.get(pillar.id).count.textContent = String(all.filter((theme) => theme.pillar_id === pillar.id).length);
  }
  fitTitles(panels);
  for (const pillar of pillars) {
    const panel = panels.get(pillar.id);
    // The dots lead once there are any (the server sends none while results are held).
    const themes = all.filter((theme) => theme.pillar_id === pillar.id)
      .sort((a, b) => b.votes - a.votes || b.size - a.size || a.id - b.id);
    if (!themes.length) {
      panel.body.replaceChildren(el("p", { class: "placeholder", text: t("screen_no_themes") }));
      continue;
    }
    const list = el("ol", { class: "theme-rank", lang: language }, themes.map((theme) =>
      el("li", { class: "theme-item", "data-theme": String(theme.id) },
        el("span", { class: "theme-item-name", "data-long": String(theme.name.length > LONG_NAME),
          text: hyphenated(theme.name, language) }),
        el("span", { class: "theme-item-size", text: t("ideas_n", { count: theme.size }) }),
        theme.votes ? el("span", { class: "theme-item-votes", text: t("votes_n", { count: theme.votes }) }) : null)));
    panel.body.replaceChildren(list);
    const more = moreLine(panel);
    if (!list.clientHeight) continue;
    for (const name of list.querySelectorAll(".theme-item-name")) fitText(name, name.dataset.long === "true" ? 0.85 : 1);
    const hidden = themes.length - fitItems(list);
    more.textContent = t("screen_more_themes", { count: hidden });
    more.dataset.active = String(hidden > 0);
  }
}

// The smallest themes that do not fit are counted under the list, so none goes unmentioned.
// The line is there before the list is fitted and stays (hidden while all fit), so the list's
// height never changes under it.
function moreLine(panel) {
  let line = panel.root.querySelector(".panel-page");
  if (!line) {
    line = el("p", { class: "panel-page", "data-active": "false", text: "\u00a0" });
    panel.root.append(line);
  }
  return line;
}
