// Dot voting in the harvest: ideas per pillar, dots left, and moving dots until voting closes.
import { request } from "../lib/connection.js";
import { $, el, show } from "../lib/dom.js";
import { t } from "../lib/i18n.js";

export class Harvest {
  constructor(app) {
    this.app = app;
    this.ideas = [];
    this.pillarId = null;
    this.loadedFor = null;
    this.sending = Promise.resolve(); // taps go to the server one after another
    this.pending = 0;
    this.confirmed = null; // the server's answer while taps are on their way
  }

  active() {
    return this.app.state.cafe.timer.phase === "harvest";
  }

  async load() {
    // Revalidate the browser's copy: an unchanged list comes back as a bodiless 304.
    const response = await fetch(`/api/cafes/${encodeURIComponent(this.app.code)}/ideas`,
      { cache: "no-cache" });
    if (!response.ok) return;
    this.ideas = (await response.json()).ideas;
    this.render();
  }

  mine() {
    return this.app.state.my_votes ?? {};
  }

  dotsLeft() {
    const spent = Object.values(this.mine()).reduce((sum, dots) => sum + dots, 0);
    return this.app.state.cafe.voting.dots_per_person - spent;
  }

  render() {
    const { state } = this.app;
    show($("harvest"), this.active());
    if (!this.active()) return;
    // Fetch the ideas once per harvest, and again after a reconnect.
    if (this.loadedFor !== this.app.connection) {
      this.loadedFor = this.app.connection;
      this.load();
    }
    const { voting, pillars } = state.cafe;
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
    const shown = this.ideas.filter((i) => i.pillar_id === this.pillarId);
    $("vote-list").replaceChildren(...shown.map((idea) => this.item(idea, voting)));
  }

  item(idea, voting) {
    const dots = this.mine()[idea.id] ?? 0;
    const minus = el("button", { type: "button", class: "dot-button", text: "−",
      "aria-label": t("dot_remove"), disabled: !voting.open || dots === 0 });
    const plus = el("button", { type: "button", class: "dot-button", text: "+",
      "aria-label": t("dot_add"),
      disabled: !voting.open || dots >= voting.max_dots_per_idea || this.dotsLeft() === 0 });
    minus.addEventListener("click", () => this.vote(idea.id, -1));
    plus.addEventListener("click", () => this.vote(idea.id, 1));
    return el("li", { class: "idea vote-item" },
      el("p", { class: "idea-text", text: idea.text }),
      el("div", { class: "vote-row" }, minus,
        el("span", { class: "dots", "aria-label": t("dots_on_idea", { count: dots }), text: "●".repeat(dots) || "○" }),
        plus));
  }

  // A tap counts at once, so a quick second tap adds to the first instead of repeating it;
  // the server hears the taps in order, and its last answer is what stays.
  vote(ideaId, change) {
    if (!this.pending) this.confirmed = this.mine();
    const mine = { ...this.mine() };
    const dots = Math.max(0, (mine[ideaId] ?? 0) + change);
    if (dots) mine[ideaId] = dots;
    else delete mine[ideaId];
    this.app.state.my_votes = mine;
    this.render();
    this.pending += 1;
    this.sending = this.sending.then(() => this.send(ideaId, dots));
  }

  async send(ideaId, dots) {
    const answer = await request(this.app.socket, "vote", { idea_id: ideaId, dots });
    this.pending -= 1;
    const errorNode = $("vote-error");
    if (answer.ok) {
      this.confirmed = answer.my_votes;
      show(errorNode, false);
    } else {
      errorNode.textContent = answer.error.message;
      show(errorNode, true);
    }
    if (this.pending) return;
    this.app.state.my_votes = this.confirmed;
    this.render();
  }
}
