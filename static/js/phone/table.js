// The table: what earlier groups left here, the host's summary, and the host's own editor.
import { request } from "../lib/connection.js";
import { $, el, show } from "../lib/dom.js";
import { t } from "../lib/i18n.js";

export class Table {
  constructor(app) {
    this.app = app;
    this.dirty = false;
    const box = $("summary-text");
    box.addEventListener("input", () => {
      this.dirty = true;
      $("summary-status").textContent = `${box.value.length} / ${box.maxLength}`;
    });
    $("save-summary").addEventListener("click", () => this.save());
  }

  render() {
    const { state } = this.app;
    const hosting = state.me.host_table_id !== null;
    const table = state.cafe.tables.find((tb) => tb.id === state.me.host_table_id);
    const talking = ["lobby", "round", "paused", "between"].includes(state.cafe.timer.phase);
    show($("host-panel"), hosting && talking);
    if (hosting) {
      $("host-title").textContent = t("host_title", { number: table?.number ?? "" });
      if (!this.dirty) $("summary-text").value = state.host_summary?.text ?? "";
    }
    const summary = state.summary?.text;
    show($("summary-box"), Boolean(summary) && !hosting && talking);
    $("summary-view").textContent = summary ?? "";
    const cloth = state.tablecloth ?? [];
    show($("tablecloth-box"), cloth.length > 0 && talking);
    $("tablecloth").replaceChildren(...cloth.map((idea) => el("li", { class: "idea" },
      el("p", { class: "idea-text", text: idea.text }),
      el("p", { class: "idea-meta", text: t("round_short", { round: idea.round + 1 }) }))));
  }

  updateSummary(summary) {
    const { state } = this.app;
    if (summary.table_id === state.me.host_table_id) state.host_summary = summary;
    const focus = state.seat ?? state.next_seat;
    if (focus && focus.table_id === summary.table_id) state.summary = summary;
    this.render();
  }

  async save() {
    const text = $("summary-text").value;
    $("summary-status").textContent = t("status_sending");
    const answer = await request(this.app.socket, "save_summary", { text });
    if (answer.ok) {
      this.dirty = false;
      this.app.state.host_summary = answer.summary;
      $("summary-status").textContent = t("summary_saved");
    } else {
      $("summary-status").textContent = answer.error.message;
    }
  }
}
