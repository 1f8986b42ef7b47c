// The table hosts' summaries, per table, as they are saved: the moderator reads them live.
import { $, el } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { clockTime, serverTimeMs } from "./times.js";

export class Summaries {
  constructor(app) {
    this.app = app;
  }

  // A host saved: the same table's summary is replaced, a first one added.
  update(summary) {
    const { summaries } = this.app.state;
    const index = summaries.findIndex((s) => s.table_id === summary.table_id);
    if (index >= 0) summaries[index] = summary;
    else summaries.push(summary);
    this.render();
  }

  render() {
    const { cafe, participants, summaries } = this.app.state;
    const byTable = new Map(summaries.map((s) => [s.table_id, s]));
    const hosts = new Map(participants.filter((p) => p.host_table_id).map((p) => [p.host_table_id, p.name]));
    const pillars = new Map(cafe.pillars.map((p) => [p.id, p]));
    $("summaries-done").textContent = t("summaries_done", {
      done: cafe.tables.filter((table) => byTable.get(table.id)?.text).length, tables: cafe.tables.length });
    $("summary-cards").replaceChildren(...cafe.tables.map((table) =>
      this.card(table, pillars.get(table.pillar_id), hosts.get(table.id), byTable.get(table.id))));
  }

  card(table, pillar, host, summary) {
    const heading = [t("table_n", { number: table.number }), pillar?.title].filter(Boolean).join(" · ");
    const written = summary?.text;
    return el("li", { class: `summary-card${written ? "" : " is-empty"}`, "data-table": table.number,
      style: { "--pillar": pillar?.color ?? "#4b5563" } },
      el("h3", { text: heading }),
      el("p", { class: "hint", text: host ? t("summary_host", { name: host }) : t("summary_no_host") }),
      el("p", { class: "summary-text", text: written ? summary.text : t("summary_missing") }),
      written ? el("p", { class: "hint", text: t("summary_saved_at", { time: clockTime(serverTimeMs(summary.updated_at)) }) }) : null);
  }
}
