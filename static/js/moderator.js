// The moderator console: runs the rounds and watches ideas and people arrive live.
import { formatClock, noteServerTime, remainingMs } from "./lib/clock.js";
import { connect, request } from "./lib/connection.js";
import { $, el, show } from "./lib/dom.js";
import { t } from "./lib/i18n.js";

const socket = connect("/moderator", { token: document.body.dataset.token }, $("connection"));
let state = null;

const ALLOWED = {
  lobby: ["start_round", "replan", "finish_cafe"],
  round: ["pause_round", "extend_round", "end_round", "finish_cafe"],
  paused: ["resume_round", "extend_round", "end_round", "finish_cafe"],
  between: ["start_round", "replan", "open_voting", "finish_cafe"],
  harvest: ["open_voting", "close_voting", "finish_cafe"],
  closed: [],
};

socket.on("state", (next) => {
  state = { ...next, links: next.links ?? state?.links };
  noteServerTime(next.cafe.timer.server_now);
  render();
});
socket.on("timer", (timer) => {
  if (!state) return;
  state.cafe.timer = timer;
  noteServerTime(timer.server_now);
  renderControls();
});
socket.on("idea:new", (idea) => {
  if (!state || state.ideas.some((i) => i.id === idea.id)) return;
  state.ideas.push(idea);
  renderIdeas();
});
socket.on("votes", ({ idea_id: ideaId, total }) => {
  if (!state) return;
  state.votes[ideaId] = total;
  renderIdeas();
});
socket.on("idea:update", (idea) => {
  if (!state) return;
  const index = state.ideas.findIndex((i) => i.id === idea.id);
  if (index >= 0) state.ideas[index] = idea;
  renderIdeas();
});
socket.on("idea:withdrawn", ({ id }) => {
  if (!state) return;
  state.ideas = state.ideas.filter((i) => i.id !== id);
  renderIdeas();
});
socket.on("participant", (person) => {
  if (!state) return;
  const index = state.participants.findIndex((p) => p.id === person.id);
  if (index >= 0) state.participants[index] = person;
  else state.participants.push(person);
  renderPeople();
  loadPlanSoon();
});

function render() {
  renderControls();
  renderIdeas();
  renderPeople();
  loadPlanSoon();
}

// Many joins arrive in bursts: fetch the plan once they settle, not once per person.
let planTimer = null;
function loadPlanSoon() {
  clearTimeout(planTimer);
  planTimer = setTimeout(loadPlan, 600);
}

async function loadPlan() {
  const answer = await request(socket, "get_plan");
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
    repeats: f.repeat_pairs, pillars: f.pillar_repeats, imbalance: f.imbalance,
    diversity: Object.values(f.diversity_excess).reduce((a, b) => a + b, 0),
  }) : t("plan_none");
}

function renderControls() {
  const { timer } = state.cafe;
  const allowed = ALLOWED[timer.phase] ?? [];
  for (const button of document.querySelectorAll("[data-action]")) {
    button.disabled = !allowed.includes(button.dataset.action);
  }
  const { voting } = state.cafe;
  if (timer.phase === "harvest") {
    $("btn-vote-open").disabled = voting.open;
    $("btn-vote-close").disabled = !voting.open;
  }
  $("btn-vote-open").textContent = timer.phase === "harvest" ? t("reopen_voting") : t("open_voting");
  const lastRound = timer.round + 1 >= timer.rounds;
  $("btn-start").disabled ||= timer.phase === "between" && lastRound;
  $("btn-start").textContent = timer.phase === "lobby" ? t("start_first") : t("start_next");
  show($("btn-pause"), timer.phase !== "paused");
  show($("btn-resume"), timer.phase === "paused");
  const phaseKey = timer.phase === "harvest" ? (voting.open ? "phase_voting" : "phase_voted") : `phase_${timer.phase}`;
  $("phase").textContent = t(phaseKey, { round: timer.round + 1, rounds: timer.rounds });
  tick();
}

function tick() {
  if (!state) return;
  const ms = remainingMs(state.cafe.timer);
  $("timer").textContent = ms === null ? "" : formatClock(ms);
  $("timer").dataset.paused = String(state.cafe.timer.phase === "paused");
}

function renderIdeas() {
  const { pillars } = state.cafe;
  const rounds = state.cafe.timer.rounds;
  $("idea-total").textContent = String(state.ideas.length);
  const perRound = Array.from({ length: rounds }, (_, r) => state.ideas.filter((i) => i.round === r).length);
  $("round-counts").replaceChildren(...perRound.map((n, r) =>
    el("span", { class: "chip", text: t("round_count", { round: r + 1, count: n }) })));
  $("pillar-columns").replaceChildren(...pillars.map((pillar) => {
    const votesOf = (idea) => state.votes[idea.id] ?? 0;
    let ideas = state.ideas.filter((i) => i.pillar_id === pillar.id).reverse();
    if (["harvest", "closed"].includes(state.cafe.timer.phase)) ideas = ideas.sort((a, b) => votesOf(b) - votesOf(a));
    return el("section", { class: "pillar-col", style: { "--pillar": pillar.color }, "data-pillar": pillar.id },
      el("h3", {}, el("span", { text: pillar.title }), el("span", { class: "count-pill", text: String(ideas.length) })),
      el("ul", { class: "idea-list" }, ideas.map((idea) => el("li", { class: "idea" },
        el("p", { class: "idea-text", text: idea.text }),
        el("p", { class: "idea-meta", text: [
          idea.author, t("table_n", { number: idea.table_number }), t("round_short", { round: idea.round + 1 }),
          votesOf(idea) ? t("votes_n", { votes: votesOf(idea) }) : null,
        ].filter(Boolean).join(" · ") })))));
  }));
}

function tableLabel(seat) {
  return seat ? String(seat.table_number) : "–";
}

function renderPeople() {
  const tables = state.cafe.tables;
  $("people-total").textContent = String(state.participants.length);
  $("people-rows").replaceChildren(...state.participants.map((person) => {
    const select = el("select", { "aria-label": t("host_of", { name: person.name }), "data-person": person.id },
      el("option", { value: "", text: "–" }),
      tables.map((table) => el("option", { value: String(table.id), text: String(table.number),
        selected: person.host_table_id === table.id })));
    select.addEventListener("change", () => setHost(person.id, select.value));
    const present = el("input", { type: "checkbox", checked: person.present,
      "aria-label": t("present_of", { name: person.name }) });
    present.addEventListener("change", async () => {
      const answer = await act("set_present", { participant_id: person.id, present: present.checked });
      if (!answer.ok) present.checked = !present.checked;
    });
    return el("tr", { class: person.present ? "" : "gone" },
      el("td", { text: person.name }), el("td", { text: person.organisation }),
      el("td", { text: person.role }), el("td", { text: tableLabel(person.seat) }),
      el("td", { text: tableLabel(person.next_seat) }), el("td", {}, select), el("td", {}, present));
  }));
}

async function act(action, payload = {}) {
  const answer = await request(socket, action, payload, 30000);
  const errorNode = $("action-error");
  if (answer.ok) {
    show(errorNode, false);
  } else {
    errorNode.textContent = answer.error.message;
    show(errorNode, true);
  }
  return answer;
}

async function setHost(participantId, tableId) {
  const answer = await act("set_host", { participant_id: participantId, table_id: tableId ? Number(tableId) : null });
  if (!answer.ok) renderPeople();
}

for (const button of document.querySelectorAll("[data-action]")) {
  button.addEventListener("click", async () => {
    if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
    button.disabled = true;
    const payload = button.dataset.minutes ? { minutes: Number(button.dataset.minutes) } : {};
    if (button.dataset.action === "open_voting") {
      payload.dots_per_person = Number($("dots-per-person").value);
      payload.max_dots_per_idea = Number($("max-dots-per-idea").value);
    }
    await act(button.dataset.action, payload);
    if (state) renderControls();
  });
}
setInterval(tick, 250);
