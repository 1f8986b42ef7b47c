// The projection screen: read-only, large, and changing with the café's phase (or the view the
// moderator pinned). It has no controls; everything it shows fits without scrolling.
import { screenViews } from "./lib/bounds.js";
import { formatClock, noteServerTime, remainingMs } from "./lib/clock.js";
import { connect } from "./lib/connection.js";
import { $, el, show } from "./lib/dom.js";
import { t } from "./lib/i18n.js";
import { Throttled } from "./lib/throttle.js";
import { refitAnnouncement, showAnnouncement } from "./screen/announcement.js";
import { renderClouds } from "./screen/cloud.js";
import { fitItems, fitTitle } from "./screen/layout.js";
import { renderBridging, renderHeld, renderResults } from "./screen/results.js";
import { renderSummaries } from "./screen/summaries.js";
import { renderThemes } from "./screen/themes.js";
import { fitWalls, renderWalls } from "./screen/walls.js";
import { renderWhere, stopPaging } from "./screen/where.js";

const AUTO_VIEW = {
  lobby: "join", round: "walls", paused: "walls", between: "where", harvest: "results", closed: "thanks",
};
const socket = connect("/screen", { token: document.body.dataset.token }, null);
let state = null;
let view = "join";

socket.on("state", (next) => {
  // Parts the server may not send (yet) count as empty.
  state = {
    ...next, where: next.where ?? [], words: next.words ?? {}, votes: next.votes ?? {},
    summaries: next.summaries ?? [], themes: next.themes ?? { themes: [] },
  };
  noteServerTime(next.cafe.timer.server_now);
  render();
  showAnnouncement(state.cafe.announcement ?? null);
});
socket.on("cafe_deleted", () => {
  socket.disconnect();
  document.querySelector("main").replaceChildren(el("p", { class: "big-line", text: t("cafe_deleted") }));
});
socket.on("timer", (timer) => {
  if (!state) return;
  state.cafe.timer = timer;
  noteServerTime(timer.server_now);
  render();
});
// Ideas stored together come as one list (a hall posting at once: a few messages).
socket.on("ideas:new", (ideas) => {
  if (!state) return;
  const known = new Set(state.ideas.map((i) => i.id));
  for (const idea of ideas) {
    if (known.has(idea.id)) continue;
    state.ideas.push(idea);
    refreshSoon(view === "walls" ? idea.id : null);
  }
});
socket.on("idea:update", (idea) => {
  if (!state) return;
  const index = state.ideas.findIndex((i) => i.id === idea.id);
  if (index >= 0) state.ideas[index] = idea;
  else state.ideas.push(idea);
  refreshSoon();
});
const removeIdea = ({ id }) => {
  if (!state) return;
  state.ideas = state.ideas.filter((i) => i.id !== id);
  refreshSoon();
};
socket.on("idea:removed", removeIdea);
socket.on("idea:withdrawn", removeIdea);
socket.on("votes", ({ idea_id: ideaId, total }) => {
  if (!state) return;
  state.votes[ideaId] = total;
  if (view === "results") renderResults($("results"), state);
});
socket.on("theme_votes", ({ theme_id: themeId, total }) => {
  const theme = state?.themes?.themes.find((t) => t.id === themeId);
  if (!theme) return;
  theme.votes = total;
  if (view === "results") renderResults($("results"), state);
});
// Who took part (the thank-you view) and who is here with a phone (the join view).
socket.on("participant_count", ({ count }) => {
  if (!state) return;
  state.participant_count = count;
  renderCounts();
});
socket.on("phone_count", ({ count }) => {
  if (!state) return;
  state.phone_count = count;
  renderCounts();
});
socket.on("words", ({ pillar_id: pillarId, words }) => {
  if (!state) return;
  state.words[pillarId] = words ?? [];
  if (view === "cloud") renderClouds($("clouds"), state);
});
// A host saved their table's summary: it replaces the table's earlier one.
socket.on("summary", (summary) => {
  if (!state) return;
  state.summaries = [...state.summaries.filter((s) => s.table_id !== summary.table_id), summary];
  if (view === "summaries") renderSummaries($("summaries"), state);
});
// The harvest's themes changed (grouping, the moderator's decisions, dots): all of them again.
socket.on("themes", (themes) => {
  if (!state) return;
  state.themes = themes;
  if (view === "themes") renderThemes($("themes"), state);
  // The results view ranks the themes when the café votes on themes.
  else if (view === "results") renderResults($("results"), state);
});
socket.on("screen_view", ({ view: pinned }) => {
  if (!state) return;
  state.cafe.screen_view = pinned ?? null;
  render();
});
socket.on("announcement", (announcement) => {
  if (!state) return;
  state.cafe.announcement = announcement ?? null;
  showAnnouncement(state.cafe.announcement);
});

function chosenView() {
  const pinned = state.cafe.screen_view;
  return screenViews.includes(pinned) ? pinned : AUTO_VIEW[state.cafe.timer.phase] ?? "join";
}

function render() {
  view = chosenView();
  document.body.dataset.view = view;
  document.body.dataset.phase = state.cafe.timer.phase;
  for (const name of screenViews) show($(`view-${name}`), view === name);
  if (view !== "where") stopPaging();
  $("screen-title").textContent = state.cafe.title;
  renderHeader();
  renderCounts();
  // The timer first: its line's height is part of the room the views are fitted to.
  tick();
  refresh();
}

// Ideas come in bursts (the last minute of a round): the view is drawn a few times a second
// at most (lib/throttle.js). The ideas that arrived meanwhile glide in together (only their
// pillars are drawn); a change of another kind before the draw draws the whole view.
let arrived = new Set();
let wholeView = false;
const drawing = new Throttled(() => {
  const fresh = wholeView ? null : arrived;
  arrived = new Set();
  wholeView = false;
  refresh(fresh);
});
function refreshSoon(freshId = null) {
  if (freshId === null) wholeView = true;
  else arrived.add(freshId);
  drawing.request();
}

// Draws the view that shows (the others are drawn when they come up: they need its size);
// fresh: see renderWalls.
function refresh(fresh = null) {
  if (!state) return;
  if (view === "join") renderJoin();
  else if (view === "walls") renderWalls($("walls"), state, fresh);
  else if (view === "cloud") renderClouds($("clouds"), state);
  else if (view === "where") renderWhere(state);
  else if (view === "results") renderResultsView();
  else if (view === "summaries") renderSummaries($("summaries"), state);
  else if (view === "themes") renderThemes($("themes"), state);
  else if (view === "thanks") renderThanks();
}

function renderHeader() {
  const { phase, round, rounds } = state.cafe.timer;
  let label = "";
  if (phase === "round") label = t("round_of", { round: round + 1, rounds });
  else if (phase === "paused") label = t("screen_round_paused", { round: round + 1, rounds });
  else if (phase === "between" && round + 1 < rounds) label = t("screen_next_round", { round: round + 2, rounds });
  else if (phase === "between") label = t("screen_rounds_done");
  $("round-label").textContent = label;
}

function renderCounts() {
  $("joined-count").textContent = String(state.phone_count ?? 0);
  if (view === "thanks") renderThanks();
}

// The server's QR code has a fixed size; a viewBox lets it grow with the screen.
function scalableQr() {
  const svg = document.querySelector(".qr-box svg");
  if (!svg || svg.hasAttribute("viewBox")) return;
  const width = svg.getAttribute("width");
  const height = svg.getAttribute("height");
  if (!width || !height) return;
  svg.setAttribute("viewBox", `0 0 ${parseFloat(width)} ${parseFloat(height)}`);
  svg.removeAttribute("width");
  svg.removeAttribute("height");
}
scalableQr();

function renderJoin() {
  $("join-pillars").replaceChildren(...state.cafe.pillars.map((pillar) =>
    el("li", { style: { "--pillar": pillar.color } },
      el("span", { class: "join-pillar", lang: state.cafe.language, text: pillar.title }))));
  for (const title of $("join-pillars").querySelectorAll(".join-pillar")) fitTitle(title);
}

function renderResultsView() {
  const voting = state.cafe.voting.open;
  const themes = state.cafe.voting.vote_on === "themes" ? "_themes" : "";
  $("results-title").textContent = voting ? t(`screen_voting_open${themes}`) : t(`screen_results${themes}`);
  // While results are held the server sends no totals; say when they come instead.
  renderBridging($("bridging"), state);
  if (voting && state.cafe.hold_results) renderHeld($("results"));
  else renderResults($("results"), state);
}

function renderThanks() {
  $("closed-counts").textContent = t("closed_counts", {
    people: state.participant_count ?? 0, ideas: state.ideas.length,
  });
  const list = $("thanks-pillars");
  list.replaceChildren(...state.cafe.pillars.map((pillar) => {
    const count = state.ideas.filter((i) => i.pillar_id === pillar.id).length;
    return el("li", {
      text: `${pillar.title}: ${t("ideas_n", { count })}`, style: { "--pillar": pillar.color },
    });
  }));
  if (list.clientHeight) fitItems(list);
}

function tick() {
  if (!state) return;
  const { timer } = state.cafe;
  const ms = remainingMs(timer);
  const node = $("timer");
  node.textContent = ms === null ? "" : formatClock(ms);
  node.dataset.paused = String(timer.phase === "paused");
  node.dataset.over = String(ms === 0);
}
setInterval(tick, 250);

let resizing = null;
window.addEventListener("resize", () => {
  clearTimeout(resizing);
  resizing = setTimeout(() => {
    if (!state) return;
    if (view === "walls") fitWalls();
    refresh();
    refitAnnouncement();
  }, 150);
});
