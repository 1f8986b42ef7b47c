// Ideas as they arrive, per pillar, with filters, counts and the moderator's tools.
import { $, el, show } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { KeptRows, place } from "../lib/rows.js";

export class Ideas {
  constructor(app) {
    this.app = app;
    this.editing = null;
    this.merging = new Set();
    this.columns = new Map();  // pillar id -> { key, section, count, rows }
    this.merged = new Map();  // idea id -> how many copies were merged into it
    for (const id of ["filter-pillar", "filter-table", "filter-round", "filter-hidden"]) {
      $(id).addEventListener("change", () => this.render());
    }
    $("merge-cancel").addEventListener("click", () => { this.merging.clear(); this.render(); });
    $("merge-go").addEventListener("click", () => this.merge());
  }

  copiesOf(idea) {
    return 1 + (this.merged.get(idea.id) ?? 0);
  }

  votesOf(idea) {
    return this.app.state.votes[idea.id] ?? 0;
  }

  fillFilter(id, options) {
    const select = $(id);
    const chosen = select.value;
    select.replaceChildren(el("option", { value: "", text: t("all") }),
      options.map(([value, label]) => el("option", { value: String(value), text: label })));
    select.value = options.some(([value]) => String(value) === chosen) ? chosen : "";
  }

  filtered() {
    const { ideas } = this.app.state;
    const pillar = $("filter-pillar").value;
    const table = $("filter-table").value;
    const round = $("filter-round").value;
    const all = $("filter-hidden").checked;
    return ideas.filter((i) => (all || (!i.hidden && !i.merged_into))
      && (!pillar || String(i.pillar_id) === pillar)
      && (!table || String(i.table_id) === table)
      && (!round || String(i.round) === round));
  }

  render() {
    const { cafe, ideas } = this.app.state;
    this.fillFilter("filter-pillar", cafe.pillars.map((p) => [p.id, p.title]));
    this.fillFilter("filter-table", cafe.tables.map((tb) => [tb.id, t("table_n", { number: tb.number })]));
    this.fillFilter("filter-round", Array.from({ length: cafe.timer.rounds }, (_, r) => [r, t("round_short", { round: r + 1 })]));
    const shown = this.filtered();
    const live = ideas.filter((i) => !i.hidden && !i.merged_into);
    $("idea-total").textContent = String(live.length);
    this.renderCounts(live);
    const byVotes = ["harvest", "closed"].includes(cafe.timer.phase);
    this.merged = countBy(ideas.filter((i) => i.merged_into), (i) => i.merged_into);
    const perPillar = new Map(cafe.pillars.map((pillar) => [pillar.id, []]));
    for (let i = shown.length - 1; i >= 0; i -= 1) perPillar.get(shown[i].pillar_id)?.push(shown[i]);
    const liveCounts = countBy(live, (i) => i.pillar_id);
    for (const id of this.columns.keys()) if (!perPillar.has(id)) this.columns.delete(id);
    place($("pillar-columns"), cafe.pillars.map((pillar) => {
      const column = this.column(pillar);
      let list = perPillar.get(pillar.id);
      if (byVotes) list = list.sort((a, b) => this.votesOf(b) - this.votesOf(a));
      column.count.textContent = String(liveCounts.get(pillar.id) ?? 0);
      column.rows.draw(list, (idea) => this.keyOf(idea), (idea) => this.item(idea));
      return column.section;
    }));
    show($("merge-bar"), this.merging.size > 0);
    $("merge-count").textContent = t("merge_count", { count: this.merging.size });
  }

  // A pillar's column stays with its rows between draws; a renamed or recoloured pillar gets a
  // new one.
  column(pillar) {
    const key = JSON.stringify([pillar.title, pillar.color]);
    const kept = this.columns.get(pillar.id);
    if (kept?.key === key) return kept;
    const count = el("span", { class: "count-pill" });
    const list = el("ul", { class: "idea-list" });
    const column = {
      key, count, rows: new KeptRows(list),
      section: el("section", { class: "pillar-col", style: { "--pillar": pillar.color }, "data-pillar": pillar.id },
        el("h3", {}, el("span", { text: pillar.title }), count), list),
    };
    this.columns.set(pillar.id, column);
    return column;
  }

  // Everything an idea's row shows: the row is built again only when this changes.
  keyOf(idea) {
    return JSON.stringify([idea, this.votesOf(idea), this.copiesOf(idea), this.editing === idea.id,
      this.merging.has(idea.id)]);
  }

  renderCounts(live) {
    const { cafe } = this.app.state;
    const chip = (label, n) => el("span", { class: "chip", text: `${label}: ${n}` });
    const byRound = countBy(live, (i) => i.round);
    const byTable = countBy(live, (i) => i.table_id);
    const perRound = Array.from({ length: cafe.timer.rounds }, (_, r) =>
      chip(t("round_short", { round: r + 1 }), byRound.get(r) ?? 0));
    const perTable = cafe.tables.map((tb) => chip(t("table_n", { number: tb.number }), byTable.get(tb.id) ?? 0));
    $("counts").replaceChildren(el("div", { class: "chips" }, perRound), el("div", { class: "chips" }, perTable));
  }

  item(idea) {
    const classes = ["idea", idea.hidden ? "is-hidden" : "", idea.merged_into ? "is-merged" : "", idea.pinned ? "is-pinned" : ""];
    const node = el("li", { class: classes.join(" "), "data-idea": idea.id });
    if (this.editing === idea.id) {
      // No maxLength: a cut would be silent; the server refuses a text too long, readably.
      const field = el("textarea", { rows: 3, value: idea.text, "aria-label": t("edit_label") });
      const save = el("button", { type: "button", class: "button", text: t("save") });
      const cancel = el("button", { type: "button", class: "button secondary", text: t("cancel") });
      save.addEventListener("click", async () => {
        const answer = await this.app.act("edit_idea", { idea_id: idea.id, text: field.value });
        if (answer.ok) { this.editing = null; this.app.replace(this.app.state.ideas, answer.idea); this.render(); }
      });
      cancel.addEventListener("click", () => { this.editing = null; this.render(); });
      node.append(field, el("div", { class: "row-actions" }, save, cancel));
      return node;
    }
    const meta = [idea.author, t("table_n", { number: idea.table_number }), t("round_short", { round: idea.round + 1 }),
      this.votesOf(idea) ? t("votes_n", { count: this.votesOf(idea) }) : null,
      idea.hidden ? t("hidden") : null, idea.merged_into ? t("merged") : null].filter(Boolean).join(" · ");
    const text = el("p", { class: "idea-text", text: idea.text });
    const copies = this.copiesOf(idea);
    // As in the report: the idea kept stands for itself and every duplicate merged into it.
    if (copies > 1) text.append(" ", el("span", { class: "copies", text: `(${copies}×)`, title: t("merged_copies", { count: copies }) }));
    node.append(text);
    if (idea.original_text) node.append(el("p", { class: "idea-original", text: t("original", { text: idea.original_text }) }));
    node.append(el("p", { class: "idea-meta", text: meta }));
    if (!idea.merged_into) node.append(this.tools(idea));
    return node;
  }

  tools(idea) {
    const button = (label, handler, pressed) => {
      const b = el("button", { type: "button", class: "tool", text: label, "aria-pressed": pressed === undefined ? undefined : String(pressed) });
      b.addEventListener("click", handler);
      return b;
    };
    const choose = el("input", { type: "checkbox", checked: this.merging.has(idea.id), "aria-label": t("merge_choose") });
    choose.addEventListener("change", () => {
      if (choose.checked) this.merging.add(idea.id);
      else this.merging.delete(idea.id);
      this.render();
    });
    return el("div", { class: "tools" },
      button(idea.pinned ? t("unpin") : t("pin"), () => this.app.act("pin_idea", { idea_id: idea.id, pinned: !idea.pinned }), idea.pinned),
      button(idea.hidden ? t("unhide") : t("hide"), () => this.app.act("hide_idea", { idea_id: idea.id, hidden: !idea.hidden }), idea.hidden),
      button(t("edit"), () => { this.editing = idea.id; this.render(); }),
      el("label", { class: "tool" }, choose, ` ${t("merge_choose")}`));
  }

  // The first idea chosen stays; the others are folded into it.
  async merge() {
    const [keep, ...rest] = [...this.merging];
    if (!rest.length) return;
    const answer = await this.app.act("merge_ideas", { idea_id: keep, merge_ids: rest });
    if (answer.ok) {
      this.merging.clear();
      this.render();
    }
  }
}

function countBy(items, keyOf) {
  const counts = new Map();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}
