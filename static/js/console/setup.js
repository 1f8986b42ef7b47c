// Editing the set-up: everything before the first round, titles and times also later.
import { lengths, ranges } from "../lib/bounds.js";
import { $, el, show } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { clockTime, localInputValue, serverTimeMs } from "./times.js";

const COLORS = document.body.dataset.colors.split(",");

// A name people can tell apart in the list; the code only for a colour without one.
function colourName(hex) {
  const key = `colour_${hex.slice(1)}`;
  const name = t(key);
  return name === key ? hex : name;
}

export class Setup {
  constructor(app) {
    this.app = app;
    this.dirty = false;
    const form = $("setup-form");
    form.addEventListener("input", () => { this.dirty = true; });
    form.addEventListener("submit", (event) => this.save(event));
    $("setup-add-pillar").addEventListener("click", () => this.addPillar({ title: "", question: "", color: COLORS[$("setup-pillars").children.length % COLORS.length] }));
    $("setup-add-table").addEventListener("click", () => this.addTable({ name: "", capacity: 6, pillar: 0 }));
    // More or fewer rounds: the agenda gets a row per round, a new one as long as the last.
    form.rounds.addEventListener("input", () => {
      const count = Number(form.rounds.value);
      if (count >= ranges.rounds.low && count <= ranges.rounds.high) this.fillAgenda(this.agendaMinutes(), count);
    });
    $("setup-agenda").addEventListener("input", () => this.agendaTotal());
    form.planned_start.addEventListener("input", () => this.agendaTotal());
  }

  render() {
    const { cafe } = this.app.state;
    const locked = cafe.timer.phase !== "lobby";
    if (!this.dirty) this.fill(cafe);
    for (const node of document.querySelectorAll("#setup-form [data-structural], #setup-pillars input, #setup-pillars textarea, #setup-pillars select, #setup-pillars button, #setup-tables *")) {
      node.disabled = locked;
    }
    $("setup-lock").textContent = locked ? t("setup_locked") : t("setup_open");
  }

  fill(cafe) {
    const form = $("setup-form");
    form.title.value = cafe.title;
    form.place.value = cafe.place;
    form.rounds.value = cafe.timer.rounds;
    form.planned_start.value = cafe.planned_start ? localInputValue(serverTimeMs(cafe.planned_start)) : "";
    this.fillAgenda({ rounds: cafe.round_minutes, changes: cafe.transition_minutes }, cafe.round_minutes.length);
    form.language.value = cafe.language;
    form.anonymous.checked = cafe.anonymous;
    form.hold_results.checked = cafe.hold_results;
    form.vote_on.value = cafe.voting.vote_on;
    form.pick_from_list.checked = cafe.pick_from_list;
    form.roles.value = cafe.roles.join("\n");
    $("setup-pillars").replaceChildren();
    for (const pillar of cafe.pillars) this.addPillar(pillar);
    const index = new Map(cafe.pillars.map((p, i) => [p.id, i]));
    $("setup-tables").replaceChildren();
    for (const table of cafe.tables) this.addTable({ ...table, pillar: index.get(table.pillar_id) ?? null });
  }

  // One row per round and one per change-over between two rounds, in the order they happen.
  fillAgenda({ rounds, changes }, count) {
    const rows = [];
    for (let i = 0; i < count; i += 1) {
      const round = i + 1;
      rows.push(this.agendaRow("a_round", t("agenda_round_label", { round }), t("agenda_round_minutes", { round }),
        rounds[i] ?? rounds.at(-1) ?? 20, ranges.round_minutes));
      if (round < count) {
        rows.push(this.agendaRow("a_change", t("agenda_change_label"), t("agenda_change_minutes", { round }),
          changes[i] ?? changes.at(-1) ?? 3, ranges.transition_minutes));
      }
    }
    $("setup-agenda").replaceChildren(...rows);
    this.agendaTotal();
  }

  agendaRow(name, label, longLabel, value, range) {
    return el("li", { class: `agenda-row ${name}` },
      el("span", { class: "agenda-label", text: label }),
      el("input", { name, type: "number", min: range.low, max: range.high, value, "aria-label": longLabel }),
      el("span", { text: t("minutes_short") }));
  }

  agendaMinutes() {
    const read = (name) => [...$("setup-agenda").querySelectorAll(`[name=${name}]`)].map((input) => Number(input.value));
    return { rounds: read("a_round"), changes: read("a_change") };
  }

  // What the rows add up to and, with a planned start, when the last round ends (unsaved).
  agendaTotal() {
    const { rounds, changes } = this.agendaMinutes();
    const total = [...rounds, ...changes].reduce((a, b) => a + b, 0);
    const start = $("setup-form").planned_start.value;
    $("setup-agenda-total").textContent = start
      ? t("agenda_total_until", { count: total, time: clockTime(new Date(start).getTime() + total * 60_000) })
      : t("agenda_total", { count: total });
  }

  addPillar(pillar) {
    const color = el("select", { name: "p_color", "aria-label": t("colour") },
      COLORS.map((c) => el("option", { value: c, text: colourName(c), selected: c === pillar.color })));
    color.addEventListener("change", () => {
      swatch.style.setProperty("--pillar", color.value);
      this.paintTables();
    });
    const swatch = el("span", { class: "swatch", style: { "--pillar": pillar.color } });
    const up = el("button", { type: "button", class: "tool", text: "↑", "aria-label": t("move_up") });
    const remove = el("button", { type: "button", class: "tool", text: "✕", "aria-label": t("remove") });
    const row = el("li", { class: "setup-row" },
      el("input", { name: "p_title", value: pillar.title, maxLength: lengths.pillar_title, "aria-label": t("pillar_title") }),
      el("textarea", { name: "p_question", value: pillar.question, maxLength: lengths.question, rows: 2, "aria-label": t("question") }),
      el("span", { class: "inline" }, swatch, color, up, remove));
    up.addEventListener("click", () => { if (row.previousElementSibling) row.parentNode.insertBefore(row, row.previousElementSibling); this.dirty = true; this.paintTables(); });
    remove.addEventListener("click", () => { row.remove(); this.dirty = true; this.paintTables(); });
    $("setup-pillars").append(row);
  }

  addTable(table) {
    const pillars = [...$("setup-pillars").querySelectorAll("[name=p_title]")].map((input) => input.value);
    const remove = el("button", { type: "button", class: "tool", text: "✕", "aria-label": t("remove") });
    const pillar = el("select", { name: "t_pillar", "aria-label": t("pillar") },
      el("option", { value: "", text: "–" }),
      pillars.map((title, i) => el("option", { value: String(i), text: title, selected: table.pillar === i })));
    const row = el("li", { class: "setup-row table-row" },
      el("span", { class: "table-number" }),
      el("input", { name: "t_name", value: table.name ?? "", maxLength: lengths.table_name, placeholder: t("table_name"), "aria-label": t("table_name") }),
      el("input", { name: "t_capacity", type: "number", min: ranges.seats.low, max: ranges.seats.high, value: table.capacity, "aria-label": t("seats") }),
      el("span", { class: "inline" }, el("span", { class: "swatch" }), pillar),
      remove);
    pillar.addEventListener("change", () => this.paintTables());
    remove.addEventListener("click", () => { row.remove(); this.dirty = true; this.paintTables(); });
    $("setup-tables").append(row);
    this.paintTables();
  }

  // Tables are numbered by their place in the list (as saved); each shows its pillar's colour.
  paintTables() {
    const colours = [...$("setup-pillars").querySelectorAll("[name=p_color]")].map((select) => select.value);
    [...$("setup-tables").children].forEach((row, i) => {
      row.querySelector(".table-number").textContent = t("table_n", { number: i + 1 });
      const pillar = row.querySelector("[name=t_pillar]").value;
      row.querySelector(".swatch").style.setProperty("--pillar", colours[Number(pillar)] ?? "#4b5563");
    });
  }

  collect() {
    const form = $("setup-form");
    const data = {
      title: form.title.value,
      place: form.place.value,
      round_minutes: this.agendaMinutes().rounds,
      transition_minutes: this.agendaMinutes().changes,
      // The browser's local time, sent with its offset from UTC.
      planned_start: form.planned_start.value ? new Date(form.planned_start.value).toISOString() : "",
      language: form.language.value,
      anonymous: form.anonymous.checked,
      hold_results: form.hold_results.checked,
      vote_on: form.vote_on.value,
      pick_from_list: form.pick_from_list.checked,
      roles: form.roles.value,
    };
    if (this.app.state.cafe.timer.phase === "lobby") {
      data.rounds = Number(form.rounds.value);
      data.pillars = [...$("setup-pillars").children].map((row) => ({
        title: row.querySelector("[name=p_title]").value,
        question: row.querySelector("[name=p_question]").value,
        color: row.querySelector("[name=p_color]").value,
      }));
      data.tables = [...$("setup-tables").children].map((row) => {
        const pillar = row.querySelector("[name=t_pillar]").value;
        return { name: row.querySelector("[name=t_name]").value,
          capacity: Number(row.querySelector("[name=t_capacity]").value),
          pillar: pillar === "" ? null : Number(pillar) };
      });
    }
    return data;
  }

  async save(event) {
    event.preventDefault();
    const answer = await this.app.act("update_setup", this.collect());
    $("setup-error").textContent = answer.ok ? "" : answer.error.message;
    show($("setup-error"), !answer.ok);
    show($("setup-saved"), answer.ok);
    if (answer.ok) {
      this.dirty = false;
      setTimeout(() => show($("setup-saved"), false), 3000);
    }
  }
}
