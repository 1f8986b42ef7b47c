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
socket.on("idea:update", (idea) => {
  if (!state) return;
  const index = state.ideas.findIndex((i) => i.id === idea.id);
  if (index >= 0) state.ideas[index] = idea;
  render();
});
socket.on("idea:withdrawn", ({ id }) => {
  if (!state) return;
  state.ideas = state.ideas.filter((i) => i.id !== id);
  render();
});
socket.on("votes", ({ idea_id: ideaId, total }) => {
  if (!state) return;
  state.votes[ideaId] = total;
  renderResults();
});
socket.on("participant_count", ({ count }) => {
  if (!state) return;
  state.participant_count = count;
  $("joined-count").textContent = String(count);
});

function render() {
  const { phase, round, rounds } = state.cafe.timer;
  const view = phase === "paused" ? "round" : phase;
  for (const name of ["lobby", "round", "between", "harvest", "closed"]) show($(`view-${name}`), view === name);
  show($("screen-foot"), view !== "lobby");
  $("round-label").textContent = round >= 0 && phase !== "closed"
    ? t("round_of", { round: round + 1, rounds }) : "";
  $("joined-count").textContent = String(state.participant_count);
  renderWalls();
  renderTableMap();
  renderResults();
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

const RESULTS_SIZE = 5;

function renderResults() {
  const { voting, pillars } = state.cafe;
  $("harvest-line").textContent = voting.open ? t("banner_harvest") : t("results_title");
  const votesOf = (idea) => state.votes[idea.id] ?? 0;
  $("results").replaceChildren(...pillars.map((pillar) => {
    const top = state.ideas.filter((i) => i.pillar_id === pillar.id)
      .sort((a, b) => votesOf(b) - votesOf(a)).slice(0, RESULTS_SIZE);
    const most = Math.max(1, ...top.map(votesOf));
    return el("section", { class: "wall", style: { "--pillar": pillar.color } },
      el("h2", {}, el("span", { text: pillar.title })),
      el("ol", { class: "results" }, top.map((idea) => el("li", {},
        el("span", { class: "result-text", text: idea.text }),
        el("span", { class: "result-bar", style: { width: `${(votesOf(idea) / most) * 100}%` } }),
        el("span", { class: "result-votes", text: String(votesOf(idea)) })))));
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
