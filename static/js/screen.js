// The projection screen: read-only, large, and changing with the café's phase.
import { formatClock, noteServerTime, remainingMs } from "./lib/clock.js";
import { connect } from "./lib/connection.js";
import { $, el, show } from "./lib/dom.js";
import { t } from "./lib/i18n.js";

const WALL_SIZE = 8; // What fits readably per pillar from the back of a hall.
const socket = connect("/screen", { token: document.body.dataset.token }, null);
let state = null;

socket.on("state", (next) => {
  state = next;
  noteServerTime(next.cafe.timer.server_now);
  render();
});
socket.on("timer", (timer) => {
  if (!state) return;
  state.cafe.timer = timer;
  noteServerTime(timer.server_now);
  render();
});
socket.on("idea:new", (idea) => {
  if (!state || state.ideas.some((i) => i.id === idea.id)) return;
  state.ideas.push(idea);
  renderWalls(idea.id);
});
socket.on("participant_count", ({ count }) => {
  if (!state) return;
  state.participant_count = count;
  $("joined-count").textContent = String(count);
});

function render() {
  const { phase, round, rounds } = state.cafe.timer;
  const view = phase === "paused" ? "round" : phase;
  for (const name of ["lobby", "round", "between", "closed"]) show($(`view-${name}`), view === name);
  show($("screen-foot"), view !== "lobby");
  $("round-label").textContent = round >= 0 && phase !== "closed"
    ? t("round_of", { round: round + 1, rounds }) : "";
  $("joined-count").textContent = String(state.participant_count);
  renderWalls();
  renderTableMap();
  $("closed-counts").textContent = t("closed_counts", {
    people: state.participant_count, ideas: state.ideas.length,
  });
  tick();
}

function renderWalls(freshId = null) {
  $("view-round").replaceChildren(...state.cafe.pillars.map((pillar) => {
    const ideas = state.ideas.filter((i) => i.pillar_id === pillar.id);
    const latest = ideas.slice(-WALL_SIZE).reverse();
    return el("section", { class: "wall", style: { "--pillar": pillar.color } },
      el("h2", {}, el("span", { text: pillar.title }), el("span", { class: "wall-count", text: String(ideas.length) })),
      el("ul", {}, latest.map((idea) => el("li", { class: idea.id === freshId ? "fresh" : "", text: idea.text }))));
  }));
}

function renderTableMap() {
  const { pillars, tables } = state.cafe;
  $("table-map").replaceChildren(...pillars.map((pillar) => el("div", { class: "map-row", style: { "--pillar": pillar.color } },
    el("span", { class: "map-pillar", text: pillar.title }),
    el("span", { class: "map-tables", text: tables.filter((tb) => tb.pillar_id === pillar.id).map((tb) => tb.number).join(" · ") }))));
}

function tick() {
  if (!state) return;
  const ms = remainingMs(state.cafe.timer);
  $("timer").textContent = ms === null ? "" : formatClock(ms);
  $("timer").dataset.paused = String(state.cafe.timer.phase === "paused");
}
setInterval(tick, 250);
