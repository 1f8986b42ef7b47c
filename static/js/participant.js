// The phone: join, see the seat and the time, post ideas that are never lost or doubled.
import { formatClock, noteServerTime, remainingMs } from "./lib/clock.js";
import { connect, request } from "./lib/connection.js";
import { $, el, show } from "./lib/dom.js";
import { lang, t } from "./lib/i18n.js";
import { newClientId, Outbox } from "./lib/outbox.js";

const code = document.body.dataset.code;
const maxIdea = Number(document.body.dataset.maxIdea);
const tokenKey = `wc:${code}:token`;
const draftKey = `wc:${code}:draft`;
const outbox = new Outbox(`wc:${code}:outbox`);

let socket = null;
let state = null;
let flushing = false;

function pillarOf(id) {
  return state?.cafe.pillars.find((p) => p.id === id) ?? null;
}

// ---- joining -------------------------------------------------------------
async function join(event) {
  event.preventDefault();
  const form = event.target;
  const errorNode = $("join-error");
  const body = {
    name: form.name.value,
    organisation: form.organisation.value,
    role: form.role.value,
  };
  const button = form.querySelector("button");
  button.disabled = true;
  try {
    const response = await fetch(`/api/cafes/${encodeURIComponent(code)}/participants?lang=${lang}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) {
      errorNode.textContent = answer.error.message;
      show(errorNode, true);
      form.name.setAttribute("aria-invalid", String(answer.error.details?.field === "name"));
      return;
    }
    localStorage.setItem(tokenKey, answer.token);
    start(answer.token);
  } catch {
    errorNode.textContent = t("join_offline");
    show(errorNode, true);
  } finally {
    button.disabled = false;
  }
}

function showJoin(message) {
  show($("app"), false);
  show($("join"), true);
  if (message) {
    $("join-error").textContent = message;
    show($("join-error"), true);
  }
}

// ---- live state ----------------------------------------------------------
function start(token) {
  show($("join"), false);
  show($("app"), true);
  socket = connect("/participant", { token, code }, $("connection"));
  socket.on("state", (next) => {
    const previous = state;
    state = next;
    noteServerTime(next.cafe.timer.server_now);
    announceChange(previous, next);
    render();
    flushOutbox();
  });
  socket.on("timer", (timer) => {
    if (!state) return;
    const previous = state.cafe.timer;
    state.cafe.timer = timer;
    noteServerTime(timer.server_now);
    if (previous.phase !== timer.phase) banner(t(`banner_${timer.phase}`));
    render();
  });
  socket.on("connect", flushOutbox);
  socket.on("connect_error", (err) => {
    if (err.data?.code === "unknown_participant") {
      socket.disconnect();
      localStorage.removeItem(tokenKey);
      showJoin(err.data.message);
    }
  });
}

function announceChange(previous, next) {
  if (!previous) return;
  const before = previous.cafe.timer;
  const now = next.cafe.timer;
  if (before.phase !== now.phase || before.round !== now.round) {
    banner(t(`banner_${now.phase}`, { round: now.round + 1 }));
  }
}

function banner(text) {
  const node = $("banner");
  node.textContent = text;
  show(node, true);
  if (navigator.vibrate) navigator.vibrate([120, 60, 120]);
  clearTimeout(banner.timer);
  banner.timer = setTimeout(() => show(node, false), 6000);
}

function render() {
  if (!state) return;
  const { timer } = state.cafe;
  const running = timer.phase === "round" || timer.phase === "paused";
  const seat = running ? state.seat : (timer.phase === "between" || timer.phase === "lobby") ? state.next_seat : null;
  renderSeat(seat, timer);
  $("round-label").textContent = timer.round >= 0 && timer.phase !== "closed"
    ? t("round_of", { round: timer.round + 1, rounds: timer.rounds }) : "";
  tick();
  const canPost = running && state.seat;
  $("send-idea").disabled = !canPost;
  const hint = $("idea-hint");
  hint.textContent = canPost ? "" : t(timer.phase === "closed" ? "hint_closed" : "hint_wait_round");
  show(hint, !canPost);
  renderIdeas();
}

function renderSeat(seat, timer) {
  const card = $("seat");
  const pillar = seat ? pillarOf(seat.pillar_id) : null;
  card.style.setProperty("--pillar", pillar?.color ?? "#4b5563");
  if (timer.phase === "closed") {
    $("seat-label").textContent = t("closed_title");
    $("seat-table").textContent = "";
    $("seat-pillar").textContent = t("closed_text");
    $("seat-question").textContent = "";
    return;
  }
  const label = timer.phase === "round" || timer.phase === "paused" ? t("sit_now") : t("sit_next");
  $("seat-label").textContent = seat ? label : t(timer.phase === "lobby" ? "wait_start" : "no_seat");
  $("seat-table").textContent = seat ? t("table_n", { number: seat.table_number }) : "";
  $("seat-pillar").textContent = pillar?.title ?? "";
  $("seat-question").textContent = pillar?.question ?? "";
}

function tick() {
  if (!state) return;
  const ms = remainingMs(state.cafe.timer);
  const node = $("timer");
  node.textContent = ms === null ? "" : formatClock(ms);
  node.dataset.paused = String(state.cafe.timer.phase === "paused");
  node.setAttribute("aria-label", ms === null ? "" : t("time_left", { time: formatClock(ms) }));
}

// ---- ideas ---------------------------------------------------------------
function renderIdeas() {
  const list = $("my-ideas");
  const stored = state ? state.ideas : [];
  const storedIds = new Set(stored.map((i) => i.client_id));
  const pending = outbox.all().filter((i) => !storedIds.has(i.client_id));
  const items = [
    ...pending.map((i) => ({ ...i, status: socket?.connected ? "sending" : "waiting" })),
    ...[...stored].reverse().map((i) => ({ ...i, status: "stored" })),
  ];
  list.replaceChildren(...items.map((idea) => {
    const pillar = pillarOf(idea.pillar_id);
    return el("li", { class: "idea", style: { "--pillar": pillar?.color ?? "#4b5563" } },
      el("p", { class: "idea-text", text: idea.text }),
      el("p", { class: "idea-meta" },
        el("span", { class: `badge ${idea.status}`, text: t(`status_${idea.status}`) }),
        pillar ? el("span", { text: ` · ${pillar.title}` }) : null));
  }));
  show($("no-ideas"), items.length === 0);
}

async function flushOutbox() {
  if (flushing || !socket?.connected) return;
  flushing = true;
  try {
    for (const idea of outbox.all()) {
      const answer = await request(socket, "post_idea", { client_id: idea.client_id, text: idea.text });
      if (answer.ok) {
        outbox.remove(idea.client_id);
        if (!state.ideas.some((i) => i.client_id === answer.idea.client_id)) state.ideas.push(answer.idea);
      } else if (answer.error.code === "timeout") {
        break; // Still offline in effect: keep it and try again on the next connect.
      } else {
        // The server refused it for good (round over, text invalid): give the text back.
        outbox.remove(idea.client_id);
        restoreDraft(idea.text, answer.error.message);
      }
    }
  } finally {
    flushing = false;
    renderIdeas();
  }
}

function restoreDraft(text, message) {
  const box = $("idea-text");
  if (!box.value.trim()) box.value = text;
  saveDraft();
  const hint = $("idea-hint");
  hint.textContent = message;
  show(hint, true);
}

function saveDraft() {
  const box = $("idea-text");
  localStorage.setItem(draftKey, box.value);
  $("idea-count").textContent = `${box.value.length} / ${maxIdea}`;
}

function send(event) {
  event.preventDefault();
  const box = $("idea-text");
  const text = box.value.trim();
  if (!text) {
    box.focus();
    return;
  }
  outbox.add({ client_id: newClientId(), text, pillar_id: state?.seat?.pillar_id ?? null });
  box.value = "";
  saveDraft();
  renderIdeas();
  flushOutbox();
}

// ---- boot ----------------------------------------------------------------
$("join-form").addEventListener("submit", join);
$("composer").addEventListener("submit", send);
$("idea-text").addEventListener("input", saveDraft);
$("idea-text").value = localStorage.getItem(draftKey) ?? "";
saveDraft();
setInterval(tick, 250);

const token = localStorage.getItem(tokenKey);
if (token) start(token);
else showJoin();
