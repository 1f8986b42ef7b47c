// The agenda in the live panel: each round's minutes and, with a planned start, its planned
// times and how far the café runs ahead of the plan or behind it.
import { serverNow } from "../lib/clock.js";
import { $, el, setText } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { clockTime, dateTime, serverTimeMs } from "./times.js";

const MINUTE_MS = 60_000;

// The server's drift (agenda.Drift) holds for holds_ms after it was measured, then grows
// with the clock: counted on here, so the console needs no message per second.
export function behindMs(timer, now = serverNow()) {
  const { drift } = timer;
  if (!drift) return null;
  return drift.behind_ms + Math.max(0, now - timer.server_now - drift.holds_ms);
}

function sameDay(a, b) {
  return new Date(a).toDateString() === new Date(b).toDateString();
}

export class Agenda {
  constructor(app) {
    this.app = app;
  }

  render() {
    const { timer, round_minutes: minutes, schedule, planned_start: plannedStart } = this.app.state.cafe;
    const running = ["round", "paused"].includes(timer.phase);
    const over = ["harvest", "closed"].includes(timer.phase);
    const focus = running ? timer.round : timer.round + 1;
    const items = minutes.map((length, index) => {
      let text = t("agenda_round", { round: index + 1, count: length });
      if (schedule) text += ` · ${clockTime(schedule[index].start)}–${clockTime(schedule[index].end)}`;
      let state = "later";
      if (over || index < focus) state = "done";
      else if (index === focus) state = running ? "now" : "next";
      return el("li", { "data-state": state, "aria-current": state === "now" ? "step" : null, text });
    });
    if (schedule) {
      const start = serverTimeMs(plannedStart);
      // A start on another day (prepared the day before) says which day.
      if (!sameDay(start, serverNow())) items.unshift(el("li", { class: "agenda-note", text: t("agenda_start_on", { time: dateTime(start) }) }));
      items.push(el("li", { class: "agenda-note", text: t("agenda_end", { time: clockTime(schedule.at(-1).end) }) }));
    } else {
      const total = minutes.reduce((a, b) => a + b, 0) + this.app.state.cafe.transition_minutes.reduce((a, b) => a + b, 0);
      items.push(el("li", { class: "agenda-note", text: t("agenda_total", { count: total }) }));
    }
    $("agenda-rounds").replaceChildren(...items);
  }

  tick() {
    const { timer, schedule } = this.app.state.cafe;
    const ms = behindMs(timer);
    const node = $("agenda-drift");
    let text = "";
    let state = "";
    if (ms !== null) {
      const minutes = Math.round(ms / MINUTE_MS);
      if (timer.phase === "lobby" && ms < 0) {
        text = t("agenda_starts_in", { time: clockTime(schedule[0].start), count: Math.ceil(-ms / MINUTE_MS) });
      } else if (minutes === 0) {
        text = t("agenda_on_time");
        state = "on-time";
      } else if (minutes > 0) {
        text = t("agenda_behind", { count: minutes });
        state = "behind";
      } else {
        text = t("agenda_ahead", { count: -minutes });
        state = "ahead";
      }
    }
    setText(node, text);
    node.dataset.state = state;
    node.hidden = !text;
  }
}
