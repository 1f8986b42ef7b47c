// The live panel: phase, clock, round controls with keyboard shortcuts, announcements, screen.
import { formatClock, remainingMs, serverNow } from "../lib/clock.js";
import { $, setText, show } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
// The screen's banner time, so the console says "showing" exactly as long as the screen shows it.
import { SHOW_MS } from "../screen/announcement.js";
import { Agenda } from "./agenda.js";
import { clockTime, serverTimeMs } from "./times.js";

const ALLOWED = {
  lobby: ["start_round", "replan", "finish_cafe"],
  round: ["pause_round", "extend_round", "end_round", "finish_cafe"],
  paused: ["resume_round", "extend_round", "end_round", "finish_cafe"],
  between: ["start_round", "replan", "open_voting", "finish_cafe"],
  harvest: ["open_voting", "close_voting", "finish_cafe"],
  closed: [],
};
// Names of people not here said before the first round; the people list's filter has all.
const NAMES_SHOWN = 5;
const SHORTCUTS = { s: "btn-start", e: "btn-end", 1: "btn-plus1", 5: "btn-plus5", v: "btn-vote-open" };

export class Live {
  constructor(app) {
    this.app = app;
    this.agenda = new Agenda(app);
    for (const button of document.querySelectorAll("[data-action]")) {
      button.addEventListener("click", () => this.press(button));
    }
    document.addEventListener("keydown", (event) => this.shortcut(event));
    $("announce-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.app.act("announce", { text: $("announce-text").value }).then((answer) => {
        if (answer.ok) $("announce-text").value = "";
      });
    });
    $("announce-clear").addEventListener("click", () => this.app.act("announce", { text: "" }));
    $("screen-view").addEventListener("change", (event) =>
      this.app.act("set_screen_view", { view: event.target.value || null }));
    setInterval(() => this.tick(), 250);
  }

  async press(button) {
    if (button.disabled) return;
    if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
    const payload = button.dataset.minutes ? { minutes: Number(button.dataset.minutes) } : {};
    // A plan on printed route cards is replaced only when the moderator says so.
    if (button.dataset.action === "replan" && this.app.state?.planning.printed) {
      if (!window.confirm(t("replan_printed_confirm"))) return;
      payload.replace_printed = true;
    }
    button.disabled = true;
    if (button.dataset.action === "open_voting") {
      payload.dots_per_person = Number($("dots-per-person").value);
      payload.max_dots_per_idea = Number($("max-dots-per-idea").value);
    }
    await this.app.act(button.dataset.action, payload);
    if (this.app.state) this.render();
  }

  shortcut(event) {
    const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName);
    // A key a focused part of the page used already (a theme's number on an idea) is no shortcut.
    if (typing || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || !this.app.state) return;
    const key = event.key.toLowerCase();
    let id = SHORTCUTS[key];
    if (key === "p") id = this.app.state.cafe.timer.phase === "paused" ? "btn-resume" : "btn-pause";
    if (!id) return;
    event.preventDefault();
    this.press($(id));
  }

  render() {
    const { timer, voting, announcement, screen_view: view } = this.app.state.cafe;
    const allowed = ALLOWED[timer.phase] ?? [];
    for (const button of document.querySelectorAll("[data-action]")) {
      button.disabled = !allowed.includes(button.dataset.action);
    }
    if (timer.phase === "between" && timer.round + 1 >= timer.rounds) $("btn-start").disabled = true;
    if (timer.phase === "harvest") {
      $("btn-vote-open").disabled = voting.open;
      $("btn-vote-close").disabled = !voting.open;
    }
    $("btn-start").firstChild.textContent = `${timer.phase === "lobby" ? t("start_first") : t("start_next")} `;
    $("btn-vote-open").firstChild.textContent = `${timer.phase === "harvest" ? t("reopen_voting") : t("open_voting")} `;
    $("btn-pause").hidden = timer.phase === "paused";
    $("btn-resume").hidden = timer.phase !== "paused";
    const phaseKey = timer.phase === "harvest" ? (voting.open ? "phase_voting" : "phase_voted") : `phase_${timer.phase}`;
    $("phase").textContent = t(phaseKey, { round: timer.round + 1, rounds: timer.rounds });
    $("screen-view").value = view ?? "";
    this.agenda.render();
    this.tellNotHere(timer.phase === "lobby");
    this.tick();
  }

  // Before the first round: who on the list is not here gets no seat when it starts.
  tellNotHere(lobby) {
    const missing = lobby ? this.app.state.participants.filter((p) => p.present && !p.checked_in) : [];
    show($("not-here"), missing.length > 0);
    if (missing.length === 0) return;
    let names = missing.slice(0, NAMES_SHOWN).map((p) => p.name).join(", ");
    if (missing.length > NAMES_SHOWN) {
      names = t("names_and_more", { names, count: missing.length - NAMES_SHOWN });
    }
    $("not-here").textContent = t("not_here", { count: missing.length, names });
  }

  tick() {
    if (!this.app.state) return;
    const { timer } = this.app.state.cafe;
    const ms = remainingMs(timer);
    $("timer").textContent = ms === null ? "" : formatClock(ms);
    $("timer").dataset.paused = String(timer.phase === "paused");
    this.agenda.tick();
    this.tellAnnouncement();
  }

  // Screen and phones drop an announcement after SHOW_MS: after that, say when it was shown.
  tellAnnouncement() {
    const { announcement } = this.app.state.cafe;
    const node = $("announce-current");
    let text = "";
    if (announcement?.text) {
      const at = serverTimeMs(announcement.at);
      text = serverNow() < at + SHOW_MS ? t("announcement_now", { text: announcement.text })
        : t("announcement_last", { time: clockTime(at), text: announcement.text });
    }
    setText(node, text);
  }
}
