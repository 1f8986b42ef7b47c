// The harvest's themes of one pillar at a time, live: the moderator renames, locks, joins and
// splits themes, moves ideas (drag and drop, a theme's number key, or "Verschieben nach …") and
// accepts or rejects merge suggestions with one key, a group of them at once (the same idea
// written five times is one item, not ten pairs). The automatic grouping keeps each decision.
import { $, el, show } from "../lib/dom.js";
import { t } from "../lib/i18n.js";

const NEW_THEME = "new";
const SVG = "http://www.w3.org/2000/svg";

// A padlock drawn here: an emoji may be missing from the laptop's fonts.
function lockIcon(closed) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("class", "lock-icon");
  svg.setAttribute("aria-hidden", "true");
  const shackle = document.createElementNS(SVG, "path");
  shackle.setAttribute("d", closed ? "M4.5 7V5a3.5 3.5 0 0 1 7 0v2" : "M4.5 7V5a3.5 3.5 0 0 1 6.8-1.2");
  shackle.setAttribute("fill", "none");
  shackle.setAttribute("stroke", "currentColor");
  shackle.setAttribute("stroke-width", "1.8");
  const body = document.createElementNS(SVG, "rect");
  for (const [name, value] of Object.entries({ x: 2.5, y: 7, width: 11, height: 8, rx: 1.5, fill: "currentColor" })) {
    body.setAttribute(name, String(value));
  }
  svg.append(shackle, body);
  return svg;
}

export class Themes {
  constructor(app) {
    this.app = app;
    this.pillarId = null;
    this.renaming = null; // {id, draft}: the theme whose name is being typed
    this.chosen = new Set(); // ideas chosen for a new theme (split)
    $("themes-pillar").addEventListener("change", () => {
      this.pillarId = Number($("themes-pillar").value);
      this.chosen.clear();
      this.render();
    });
    $("split-go").addEventListener("click", () => this.split());
    $("split-cancel").addEventListener("click", () => { this.chosen.clear(); this.render(); });
    app.socket.on("themes", (themes) => {
      if (!app.state) return;
      app.state.themes = themes;
      this.render();
    });
    app.socket.on("theme_votes", ({ theme_id: themeId, total }) => {
      const theme = this.data.themes.find((one) => one.id === themeId);
      if (!theme) return;
      theme.votes = total;
      this.render();
    });
  }

  // Dots on ideas arrive one idea at a time (`votes`): a theme's total is its ideas' sum.
  votesOf(theme) {
    if (this.data.vote_on === "themes") return theme.votes;
    return theme.idea_ids.reduce((sum, id) => sum + (this.app.state.votes[id] ?? 0), 0);
  }

  get data() {
    return this.app.state.themes ?? { themes: [], suggestion_groups: [] };
  }

  ideasById() {
    return new Map(this.app.state.ideas.map((idea) => [idea.id, idea]));
  }

  // Asks the server; the `themes` event that follows redraws the view.
  async act(action, payload) {
    const answer = await this.app.act(action, payload);
    if (!answer.ok) this.focusAfter = undefined;
    $("themes-error").textContent = answer.ok ? "" : answer.error.message;
    show($("themes-error"), !answer.ok);
    return answer;
  }

  pillarThemes() {
    return this.data.themes.filter((theme) => theme.pillar_id === this.pillarId);
  }

  // A group whose ideas this console has not all heard of yet waits for the next `themes`.
  pillarGroups(byId) {
    return (this.data.suggestion_groups ?? []).filter((group) => group.pillar_id === this.pillarId
      && group.idea_ids.every((id) => byId.has(id)));
  }

  fillPillars(byId) {
    const { pillars } = this.app.state.cafe;
    if (!pillars.some((p) => p.id === this.pillarId)) {
      // The first pillar with themes, or the first pillar.
      const withThemes = pillars.find((p) => this.data.themes.some((theme) => theme.pillar_id === p.id));
      this.pillarId = (withThemes ?? pillars[0])?.id ?? null;
    }
    $("themes-pillar").replaceChildren(...pillars.map((pillar) => {
      const themes = this.data.themes.filter((theme) => theme.pillar_id === pillar.id).length;
      const open = (this.data.suggestion_groups ?? []).filter((group) => group.pillar_id === pillar.id).length;
      return el("option", { value: String(pillar.id), selected: pillar.id === this.pillarId,
        text: t("themes_pillar_option", { pillar: pillar.title, themes, suggestions: open }) });
    }));
  }

  render() {
    if (!this.app.state) return;
    const keep = this.focusKey();
    const byId = this.ideasById();
    this.fillPillars(byId);
    const themes = this.pillarThemes();
    const groups = this.pillarGroups(byId);
    const pillar = this.app.state.cafe.pillars.find((p) => p.id === this.pillarId);
    $("themes-view").style.setProperty("--pillar", pillar?.color ?? "#4b5563");
    $("themes-total").textContent = String(themes.filter((theme) => theme.size > 0).length);
    show($("themes-empty"), themes.length === 0);
    this.renderSuggestions(groups, byId);
    // Chosen ideas that left the pillar's themes (hidden, merged) are chosen no more.
    const held = new Set(themes.flatMap((theme) => theme.idea_ids));
    for (const id of [...this.chosen]) if (!held.has(id)) this.chosen.delete(id);
    show($("split-bar"), this.chosen.size > 0);
    $("split-count").textContent = t("themes_chosen", { count: this.chosen.size });
    $("theme-list").replaceChildren(...themes.map((theme, index) => this.themeCard(theme, index, themes, byId)));
    this.restoreFocus(keep);
  }

  // ---- merge suggestions ----

  basisLabel() {
    if (this.data.basis === "meaning") return t("basis_meaning");
    if (this.data.basis === "wording") return t("basis_wording");
    return null;
  }

  // One item per group: its ideas, earliest (the one a merge keeps) first. A group is named
  // by its oldest suggestion; the server finds the whole group from any of them.
  renderSuggestions(groups, byId) {
    show($("suggestions-box"), groups.length > 0);
    $("suggestions-count").textContent = String(groups.length);
    $("suggestions").replaceChildren(...groups.map((group) => this.groupItem(group, byId)));
  }

  groupItem(group, byId) {
    const ideas = group.idea_ids.map((id) => byId.get(id));
    const count = ideas.length;
    const basis = this.basisLabel();
    const node = el("li", { class: "suggestion", tabIndex: 0, "data-suggestion": group.suggestion_ids[0],
      "data-ideas": group.idea_ids.join(" "), "aria-keyshortcuts": "Enter Backspace Delete",
      "aria-label": t("suggestion_label", { texts: ideas.map((idea) => t("quoted", { text: idea.text })).join(", ") }) },
    el("p", { class: "suggestion-head" },
      el("strong", { text: t("suggestion_group_title", { count }) }),
      basis ? el("span", { class: "suggestion-basis", text: basis }) : null),
    el("ul", { class: "suggestion-ideas" }, ideas.map((idea) => el("li", { class: "suggestion-idea" },
      el("p", { class: "suggestion-text", text: idea.text }),
      // In a pair, "does not belong" is "keep apart": the button is for groups of three and more.
      count > 2 ? el("button", { type: "button", class: "tool suggestion-out",
        "aria-label": t("suggestion_not_same_named", { text: idea.text }),
        onclick: () => this.takeOut(group, idea.id), text: t("suggestion_not_same") }) : null))),
    el("div", { class: "tools" },
      el("button", { type: "button", class: "tool", onclick: () => this.decide(group, true) },
        t("suggestion_accept"), " ", el("kbd", { text: "Enter" })),
      el("button", { type: "button", class: "tool", onclick: () => this.decide(group, false) },
        t("suggestion_reject"), " ", el("kbd", { text: t("key_delete") }))));
    node.addEventListener("keydown", (event) => {
      if (event.target !== node) return;
      if (event.key === "Enter") { event.preventDefault(); this.decide(group, true); }
      if (event.key === "Backspace" || event.key === "Delete") { event.preventDefault(); this.decide(group, false); }
    });
    return node;
  }

  // The next group takes the focus, so the moderator can go on key after key.
  focusNextGroup(group) {
    const nodes = [...$("suggestions").children];
    const index = nodes.findIndex((n) => n.dataset.suggestion === String(group.suggestion_ids[0]));
    const next = nodes[index + 1] ?? nodes[index - 1];
    this.focusAfter = next ? { kind: "suggestion", id: next.dataset.suggestion } : null;
  }

  async decide(group, accept) {
    this.focusNextGroup(group);
    const answer = await this.act(accept ? "accept_suggestion" : "reject_suggestion",
      { suggestion_id: group.suggestion_ids[0] });
    if (answer.ok) {
      $("themes-status").textContent = t(accept ? "suggestion_accepted" : "suggestion_rejected");
    }
  }

  // "Does not belong": the rest of the group keeps the focus (found by one of its ideas, as
  // the group's oldest suggestion may be the one that went).
  async takeOut(group, ideaId) {
    const rest = group.idea_ids.filter((id) => id !== ideaId);
    if (rest.length > 1) this.focusAfter = { kind: "group", id: String(rest[0]) };
    else this.focusNextGroup(group);
    const answer = await this.act("reject_suggested_idea", { suggestion_id: group.suggestion_ids[0], idea_id: ideaId });
    if (answer.ok) $("themes-status").textContent = t("suggestion_taken_out");
  }

  // ---- themes ----

  themeCard(theme, index, themes, byId) {
    const number = index + 1;
    const node = el("li", { class: `theme${theme.locked ? " is-locked" : ""}`, "data-theme": theme.id });
    node.addEventListener("dragover", (event) => { event.preventDefault(); node.classList.add("is-target"); });
    node.addEventListener("dragleave", () => node.classList.remove("is-target"));
    node.addEventListener("drop", (event) => {
      event.preventDefault();
      node.classList.remove("is-target");
      const [kind, id] = (event.dataTransfer.getData("text/plain") || "").split(":");
      if (kind === "idea" && !theme.idea_ids.includes(Number(id))) this.move(Number(id), theme.id);
      else if (kind === "theme" && Number(id) !== theme.id) this.act("join_themes", { theme_id: Number(id), into_id: theme.id });
    });
    const head = el("div", { class: "theme-head", draggable: true, title: t("theme_drag_hint") },
      el("span", { class: "theme-number", text: number <= 9 ? String(number) : "",
        title: number <= 9 ? t("theme_number_hint", { number }) : undefined }),
      this.nameNode(theme));
    head.addEventListener("dragstart", (event) => event.dataTransfer.setData("text/plain", `theme:${theme.id}`));
    const from = [
      theme.tables.length ? t("theme_tables", { count: theme.tables.length, tables: theme.tables.join(", ") }) : null,
      theme.rounds.length ? t("theme_rounds", { count: theme.rounds.length, rounds: theme.rounds.join(", ") }) : null,
    ].filter(Boolean).join(" · ");
    const figures = el("p", { class: "theme-figures" },
      el("span", { class: "count-pill", text: t("ideas_n", { count: theme.size }) }),
      this.votesOf(theme) ? el("span", { class: "chip theme-votes", text: t("votes_n", { count: this.votesOf(theme) }) }) : null,
      from ? el("span", { class: "idea-meta", text: from }) : null);
    // (node.append would write a null as the text "null".)
    node.append(...[head, figures,
      theme.keywords.length ? el("p", { class: "theme-keywords" }, theme.keywords.map((word) => el("span", { class: "chip", text: word }))) : null,
      this.themeTools(theme, themes),
      el("ul", { class: "theme-ideas" }, theme.idea_ids.map((id) => byId.get(id)).filter(Boolean)
        .map((idea) => this.ideaItem(idea, theme, themes)))].filter(Boolean));
    return node;
  }

  nameNode(theme) {
    if (this.renaming?.id !== theme.id) {
      return el("button", { type: "button", class: "theme-name", title: t("theme_rename"),
        "aria-label": t("theme_rename_named", { name: theme.name }), text: theme.name,
        onclick: () => { this.renaming = { id: theme.id, draft: theme.name }; this.focusAfter = { kind: "rename", id: String(theme.id) }; this.render(); } });
    }
    const input = el("input", { class: "theme-name-input", value: this.renaming.draft, maxLength: 120,
      "aria-label": t("theme_rename_named", { name: theme.name }), "data-rename": theme.id });
    input.addEventListener("input", () => { this.renaming.draft = input.value; });
    const save = async () => {
      const name = input.value.trim();
      if (!name || name === theme.name) { this.renaming = null; this.render(); return; }
      const answer = await this.act("rename_theme", { theme_id: theme.id, name });
      if (answer.ok) { this.renaming = null; this.render(); }
    };
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); save(); }
      if (event.key === "Escape") { this.renaming = null; this.render(); }
    });
    return el("form", { class: "theme-rename", onsubmit: (event) => { event.preventDefault(); save(); } }, input,
      el("button", { type: "submit", class: "tool", text: t("save") }));
  }

  themeTools(theme, themes) {
    const lock = el("button", { type: "button", class: "tool theme-lock", "aria-pressed": String(theme.locked),
      title: t("theme_lock_hint"),
      onclick: () => this.act("lock_theme", { theme_id: theme.id, locked: !theme.locked }) },
    lockIcon(theme.locked), theme.locked ? t("theme_locked") : t("theme_open"));
    const others = themes.filter((other) => other.id !== theme.id);
    const join = el("select", { class: "tool", "aria-label": t("theme_join_named", { name: theme.name }) },
      el("option", { value: "", text: t("theme_join") }),
      others.map((other) => el("option", { value: String(other.id), text: other.name })));
    join.addEventListener("change", () => {
      if (join.value) this.act("join_themes", { theme_id: theme.id, into_id: Number(join.value) });
    });
    return el("div", { class: "tools" }, lock, others.length ? join : null);
  }

  ideaItem(idea, theme, themes) {
    const node = el("li", { class: "theme-idea", tabIndex: 0, draggable: true, "data-idea": idea.id,
      "aria-keyshortcuts": "1 2 3 4 5 6 7 8 9 N",
      title: t("theme_idea_keys") });
    node.addEventListener("dragstart", (event) => {
      event.stopPropagation();
      event.dataTransfer.setData("text/plain", `idea:${idea.id}`);
    });
    node.addEventListener("keydown", (event) => {
      if (event.target !== node || event.ctrlKey || event.metaKey || event.altKey) return;
      if (/^[0-9]$/.test(event.key)) {
        // Always taken here: a digit on an idea must never fall through to "+1 min" or "+5 min".
        event.preventDefault();
        const target = themes[Number(event.key) - 1];
        if (target && target.id !== theme.id) this.move(idea.id, target.id);
      } else if (event.key === "n" || event.key === "N") {
        event.preventDefault();
        this.move(idea.id, NEW_THEME);
      }
    });
    const choose = el("input", { type: "checkbox", checked: this.chosen.has(idea.id) });
    choose.addEventListener("change", () => {
      if (choose.checked) this.chosen.add(idea.id);
      else this.chosen.delete(idea.id);
      this.render();
    });
    const moveTo = el("select", { class: "tool", "aria-label": t("theme_move_named", { text: idea.text }) },
      el("option", { value: "", text: t("theme_move") }),
      themes.filter((other) => other.id !== theme.id)
        .map((other) => el("option", { value: String(other.id), text: other.name })),
      el("option", { value: NEW_THEME, text: t("theme_new") }));
    moveTo.addEventListener("change", () => {
      if (moveTo.value) this.move(idea.id, moveTo.value === NEW_THEME ? NEW_THEME : Number(moveTo.value));
    });
    const meta = [t("table_n", { number: idea.table_number }), t("round_short", { round: idea.round + 1 })].join(" · ");
    node.append(el("p", { class: "idea-text", text: idea.text }),
      el("div", { class: "tools" },
        el("span", { class: "idea-meta", text: meta }),
        el("label", { class: "tool" }, choose, ` ${t("theme_choose")}`),
        moveTo));
    return node;
  }

  async move(ideaId, themeId) {
    this.focusAfter = { kind: "idea", id: String(ideaId) };
    await this.act("move_to_theme", { idea_id: ideaId, theme_id: themeId === NEW_THEME ? null : themeId });
  }

  async split() {
    const answer = await this.act("split_theme", { idea_ids: [...this.chosen] });
    if (answer.ok) { this.chosen.clear(); this.render(); }
  }

  // ---- focus across redraws: the moderator works on with the keys ----

  focusKey() {
    if (this.focusAfter !== undefined) {
      const wanted = this.focusAfter;
      this.focusAfter = undefined;
      return wanted;
    }
    const active = document.activeElement;
    if (!active || !$("themes-view").contains(active)) return null;
    // A group by its earliest idea: a regrouping may change its oldest suggestion.
    if (active.dataset.ideas) return { kind: "group", id: active.dataset.ideas.split(" ")[0] };
    if (active.dataset.idea) return { kind: "idea", id: active.dataset.idea };
    if (active.dataset.rename) return { kind: "rename", id: active.dataset.rename };
    return null;
  }

  restoreFocus(key) {
    if (!key) return;
    const selector = { suggestion: `[data-suggestion="${key.id}"]`, group: `.suggestion[data-ideas~="${key.id}"]`,
      idea: `.theme-idea[data-idea="${key.id}"]`,
      rename: `[data-rename="${key.id}"]` }[key.kind];
    const node = $("themes-view").querySelector(selector);
    if (node) node.focus();
    else if (key.kind === "suggestion" || key.kind === "group") $("suggestions").firstElementChild?.focus();
  }
}
