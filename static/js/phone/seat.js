// Where the person sits or goes next, in words: the seat card, the line beside the timer and
// the banner on a phase change. Between rounds a host stays at the table while the others
// change, and after the last round nobody changes: the phone then says what the screen says
// (screen/where.js), all rounds are played and everyone stays for the harvest.
import { t } from "../lib/i18n.js";

const RUNNING = ["round", "paused"];

export function isRunning(timer) {
  return RUNNING.includes(timer.phase);
}

function roundsDone(timer) {
  return timer.phase === "between" && timer.round + 1 >= timer.rounds;
}

// The table the person hosts, when they stay at it through this change-over.
function stayingHost(state) {
  const { timer, tables } = state.cafe;
  if (timer.phase !== "between" || roundsDone(timer) || state.me.host_table_id === null) return null;
  return tables.find((table) => table.id === state.me.host_table_id) ?? null;
}

// The seat this phase is about: the current one in a round, the next one otherwise.
export function focusSeat(state) {
  const host = stayingHost(state);
  if (host) return { table_id: host.id, table_number: host.number, table_name: host.name, pillar_id: host.pillar_id };
  return isRunning(state.cafe.timer) ? state.seat : state.next_seat;
}

// "Tisch 3 · Bühne": the number, and the name the set-up gave the table, if any.
function tableLabel(seat) {
  const label = t("table_n", { number: seat.table_number });
  return seat.table_name ? `${label} · ${seat.table_name}` : label;
}

// {label, table, pillar, question} for the seat card; pillar is the seat's pillar or null.
export function seatTexts(state, seat, pillar) {
  const { timer } = state.cafe;
  const texts = { label: "", table: "", pillar: pillar?.title ?? "", question: pillar?.question ?? "" };
  if (timer.phase === "closed") return { ...texts, label: t("closed_title"), pillar: t("closed_text"), question: "" };
  if (timer.phase === "harvest") {
    const label = state.cafe.voting.vote_on === "themes" ? t("harvest_title_themes") : t("harvest_title");
    return { ...texts, label, pillar: "", question: "" };
  }
  if (!state.me.present) return { ...texts, label: t("left_cafe") };
  if (roundsDone(timer)) return { label: t("screen_rounds_done"), table: "", pillar: "", question: t("where_done") };
  if (stayingHost(state)) {
    return { ...texts, label: t("host_stay"), table: tableLabel(seat) };
  }
  if (seat) {
    return { ...texts, label: isRunning(timer) ? t("sit_now") : t("sit_next"),
      table: tableLabel(seat) };
  }
  return { ...texts, label: t(timer.phase === "lobby" ? "wait_start" : "no_seat") };
}

// The words beside the countdown: the round while it runs, the change-over between rounds.
export function timerLabel(state) {
  const { timer } = state.cafe;
  if (isRunning(timer)) return t("round_of", { round: timer.round + 1, rounds: timer.rounds });
  if (timer.phase !== "between") return "";
  if (roundsDone(timer)) return t("screen_rounds_done");
  const host = stayingHost(state);
  if (host) return t("changeover_host", { number: host.number });
  const next = state.next_seat;
  return next ? t("changeover_to", { number: next.table_number }) : t("changeover");
}

// The banner when the phase or round changes.
export function phaseBanner(state) {
  const { timer } = state.cafe;
  if (timer.phase === "harvest" && state.cafe.voting.vote_on === "themes") return t("banner_harvest_themes");
  if (timer.phase !== "between") return t(`banner_${timer.phase}`, { round: timer.round + 1 });
  if (roundsDone(timer)) return t("where_done");
  const host = stayingHost(state);
  return host ? t("banner_host_stays", { number: host.number }) : t("banner_between");
}
