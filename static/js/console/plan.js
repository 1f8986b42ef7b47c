// The seating plan as people x rounds, with its figures and whether it is being improved.
import { request } from "../lib/connection.js";
import { $, el } from "../lib/dom.js";
import { t } from "../lib/i18n.js";

export class Plan {
  constructor(app) {
    this.app = app;
    this.timer = null;
  }

  // Joins come in bursts: fetch the plan once they settle, not once per person.
  loadSoon() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.load(), 600);
  }

  async load() {
    const answer = await request(this.app.socket, "get_plan");
    if (!answer.ok) return;
    const { plan } = answer;
    const head = el("tr", {}, el("th", { text: t("name") }),
      Array.from({ length: plan.rounds }, (_, r) => el("th", { text: t("round_short", { round: r + 1 }) })));
    const rows = plan.rows.map((row) => el("tr", { class: row.host_table_id ? "host-row" : "" },
      el("th", { scope: "row", text: row.name }),
      row.tables.map((table) => el("td", { text: table === null ? "–" : String(table) }))));
    $("plan-table").replaceChildren(el("thead", {}, head), el("tbody", {}, rows));
    const f = plan.figures;
    $("plan-figures").textContent = f ? t("plan_figures", {
      max: f.max_meetings, repeats: f.repeat_pairs, pillars: f.pillar_repeats,
      imbalance: f.imbalance,
      diversity: Object.values(f.diversity_excess).reduce((a, b) => a + b, 0),
    }) : t("plan_none");
  }

  // The background search (server's replanning) and the printed route cards.
  renderStatus() {
    const { searching, printed } = this.app.state.planning;
    const status = $("plan-status");
    status.textContent = printed ? t("plan_printed") : searching ? t("plan_searching") : "";
    status.hidden = !status.textContent;
    status.classList.toggle("busy", searching && !printed);
  }
}
