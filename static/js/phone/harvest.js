// Dot voting in the harvest: per pillar the ideas, or the themes when the café votes on themes
// (cafe.voting.vote_on), dots left, and moving dots until voting closes.
import { request } from "../lib/connection.js";
import { $, el, show } from "../lib/dom.js";
import { t } from "../lib/i18n.js";

export class Harvest {
  constructor(app) {
    this.app = app;
    this.ideas = [];
    this.themes = [];
    this.open = new Set(); // themes whose ideas are folded open
    this.pillarId = null;
    this.loadedFor = null;
    this.sending = Promise.resolve(); // taps go to the server one after another
    this.pending = 0;
    this.confirmed = null; // the server's answer while taps are on their way
  }

  active() {
    return this.app.state.cafe.timer.phase === "harvest";
  }

  onThemes() {
    return this.app.state.cafe.voting.vote_on === "themes";
  }

  async load() {
    // Revalidate the browser's copy: an unchanged list comes back as a bodiless 304.
    const response = await fetch(`/api/cafes/${encodeURIComponent(this.app.code)}/ideas`,
      { cache: "no-cache" });
    if (!response.ok) return;
    const list = await response.json();
    this.ideas = list.ideas;
    this.themes = list.themes ?? [];
    this.render();
  }

  // The themes changed on the server (themes_changed): fetch the list again.
  refresh() {
    this.loadedFor = null;
    if (this.app.state) this.render();
  }

  // What this phone's dots sit on: idea ids, or theme ids when voting on themes.
  votesKey() {
    return this.onThemes() ? "my_theme_votes" : "my_votes";
  }

  mine() {
    return this.app.state[this.votesKey()] ?? {};
  }

  dotsLeft() {
    const spent = Object.values(this.mine()).reduce((sum, dots) => sum + dots, 0);
    return this.app.state.cafe.voting.dots_per_person - spent;
  }

  render() {
    const { state } = this.app;
    show($("harvest"), this.active());
    if (!this.active()) return;
    const { voting, pillars } = state.cafe;
    // Fetch the ideas once per harvest, again after a reconnect, and when the café switches
    // between voting on ideas and on themes (the list holds the themes only for the latter).
    const wanted = `${this.app.connection}:${voting.vote_on}`;
    if (this.loadedFor !== wanted) {
      this.loadedFor = wanted;
      this.load();
    }
    $("dots-left").textContent = voting.open
      ? t("dots_left", { left: this.dotsLeft(), total: voting.dots_per_person, count: voting.dots_per_person })
      : t("voting_closed");
    if (this.pillarId === null || !pillars.some((p) => p.id === this.pillarId)) {
      this.pillarId = pillars[0]?.id ?? null;
    }
    $("pillar-tabs").replaceChildren(...pillars.map((pillar) => {
      const tab = el("button", { type: "button", class: "tab", text: pillar.title,
        style: { "--pillar": pillar.color }, "aria-pressed": String(pillar.id === this.pillarId) });
      tab.addEventListener("click", () => { this.pillarId = pillar.id; this.render(); });
      return tab;
    }));
    if (this.onThemes()) {
      const themes = this.themes.filter((theme) => theme.pillar_id === this.pillarId);
      $("vote-list").replaceChildren(...(themes.length
        ? themes.map((theme) => this.themeItem(theme, voting))
        : [el("li", { class: "empty", text: t("no_themes_yet") })]));
      return;
    }
    const shown = this.ideas.filter((i) => i.pillar_id === this.pillarId);
    $("vote-list").replaceChildren(...shown.map((idea) => this.item(idea, voting)));
  }

  dotControls(id, voting, label) {
    const dots = this.mine()[id] ?? 0;
    const minus = el("button", { type: "button", class: "dot-button", text: "−",
      "aria-label": t("dot_remove"), disabled: !voting.open || dots === 0 });
    const plus = el("button", { type: "button", class: "dot-button", text: "+",
      "aria-label": t("dot_add"),
      disabled: !voting.open || dots >= voting.max_dots_per_idea || this.dotsLeft() === 0 });
    minus.addEventListener("click", () => this.vote(id, -1));
    plus.addEventListener("click", () => this.vote(id, 1));
    return el("div", { class: "vote-row" }, minus,
      el("span", { class: "dots", "aria-label": t(label, { count: dots }), text: "●".repeat(dots) || "○" }),
      plus);
  }

  item(idea, voting) {
    return el("li", { class: "idea vote-item" },
      el("p", { class: "idea-text", text: idea.text }),
      this.dotControls(idea.id, voting, "dots_on_idea"));
  }

  // A theme: its name and keywords; a tap on them folds its ideas open or shut.
  themeItem(theme, voting) {
    const open = this.open.has(theme.id);
    const listId = `theme-ideas-${theme.id}`;
    const toggle = el("button", { type: "button", class: "theme-toggle",
      "aria-expanded": String(open), "aria-controls": listId },
      el("span", { class: "theme-name", text: theme.name }),
      theme.keywords.length ? el("span", { class: "theme-keywords", text: theme.keywords.join(" · ") }) : null,
      el("span", { class: "theme-count",
        text: t(open ? "theme_ideas_hide" : "theme_ideas_show", { count: theme.idea_ids.length }) }));
    toggle.addEventListener("click", () => {
      if (open) this.open.delete(theme.id);
      else this.open.add(theme.id);
      this.render();
    });
    const texts = new Map(this.ideas.map((idea) => [idea.id, idea.text]));
    const ideas = el("ul", { class: "theme-ideas", id: listId, hidden: !open },
      theme.idea_ids.filter((id) => texts.has(id)).map((id) => el("li", { text: texts.get(id) })));
    return el("li", { class: "idea vote-item theme-item" }, toggle, ideas,
      this.dotControls(theme.id, voting, "dots_on_theme"));
  }

  // A tap counts at once, so a quick second tap adds to the first instead of repeating it;
  // the server hears the taps in order, and its last answer is what stays.
  vote(id, change) {
    const key = this.votesKey();
    if (!this.pending) this.confirmed = this.mine();
    const mine = { ...this.mine() };
    const dots = Math.max(0, (mine[id] ?? 0) + change);
    if (dots) mine[id] = dots;
    else delete mine[id];
    this.app.state[key] = mine;
    this.render();
    this.pending += 1;
    this.sending = this.sending.then(() => this.send(key, id, dots));
  }

  async send(key, id, dots) {
    const answer = key === "my_theme_votes"
      ? await request(this.app.socket, "vote_theme", { theme_id: id, dots })
      : await request(this.app.socket, "vote", { idea_id: id, dots });
    this.pending -= 1;
    const errorNode = $("vote-error");
    if (answer.ok) {
      this.confirmed = answer[key];
      show(errorNode, false);
    } else {
      errorNode.textContent = answer.error.message;
      show(errorNode, true);
    }
    if (this.pending) return;
    this.app.state[key] = this.confirmed;
    this.render();
  }
}
