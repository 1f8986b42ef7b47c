// The participant's own ideas: the outbox that never loses one, and editing or withdrawing.
import { lengths } from "../lib/bounds.js";
import { request } from "../lib/connection.js";
import { $, el, show } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { newClientId, Outbox } from "../lib/outbox.js";

// Answers that mean "not now" rather than "no": the idea stays in the outbox.
const RETRY = ["timeout", "rate_limited", "busy", "internal"];
const MAX_LENGTH = lengths.idea;
// From here on the counter says how many characters are left.
const NEAR = MAX_LENGTH - 50;

// The counter's words and state for a text of this length: quiet, near the limit, or over it.
function lengthNote(length) {
  if (length > MAX_LENGTH) return { state: "over", text: t("idea_chars_over", { count: length - MAX_LENGTH }) };
  if (length >= NEAR) return { state: "near", text: t("idea_chars_left", { count: MAX_LENGTH - length }) };
  return { state: "ok", text: `${length} / ${MAX_LENGTH}` };
}

// The text a person may send, or null after telling them it is too long (the text stays).
function withinLimit(text, tell) {
  if (text.length <= MAX_LENGTH) return text;
  tell(t("idea_too_long", { max: MAX_LENGTH }));
  return null;
}

export class MyIdeas {
  constructor(app) {
    this.app = app;
    this.outbox = new Outbox(`wc:${app.code}:outbox`);
    this.draftKey = `wc:${app.code}:draft`;
    this.flushing = false;
    this.editing = null;
    const box = $("idea-text");
    box.value = localStorage.getItem(this.draftKey) ?? "";
    box.addEventListener("input", () => this.saveDraft());
    $("composer").addEventListener("submit", (event) => this.send(event));
    this.saveDraft();
  }

  saveDraft() {
    const box = $("idea-text");
    localStorage.setItem(this.draftKey, box.value);
    const note = lengthNote(box.value.trim().length);
    const counter = $("idea-count");
    counter.textContent = note.text;
    counter.dataset.state = note.state;
    box.setAttribute("aria-invalid", String(note.state === "over"));
    if (note.state !== "over" && this.tooLongShown) this.showHint("");
  }

  // A refusal (too long here, or by the server): shown as an error until the text changes.
  showHint(message) {
    const hint = $("idea-hint");
    hint.textContent = message;
    hint.classList.toggle("is-error", Boolean(message));
    show(hint, Boolean(message));
    this.tooLongShown = false;
  }

  send(event) {
    event.preventDefault();
    const box = $("idea-text");
    const text = box.value.trim();
    if (!text) {
      box.focus();
      return;
    }
    if (!withinLimit(text, (message) => this.showHint(message))) {
      this.tooLongShown = true;
      box.focus();
      return;
    }
    this.outbox.add({ client_id: newClientId(), text, pillar_id: this.app.state?.seat?.pillar_id ?? null });
    box.value = "";
    this.saveDraft();
    this.render();
    this.flush();
  }

  async flush() {
    const { socket } = this.app;
    if (this.flushing || !socket?.connected) return;
    this.flushing = true;
    try {
      for (const idea of this.outbox.all()) {
        const answer = await request(socket, "post_idea", { client_id: idea.client_id, text: idea.text });
        if (answer.ok) {
          this.outbox.remove(idea.client_id);
          this.remember(answer.idea);
        } else if (RETRY.includes(answer.error.code)) {
          // Not stored yet, but not refused either: keep it and try again shortly.
          clearTimeout(this.retryTimer);
          this.retryTimer = setTimeout(() => this.flush(), 3000);
          break;
        } else {
          // Refused for good (the round is over, the text is invalid): give the text back.
          this.outbox.remove(idea.client_id);
          this.restoreDraft(idea.text, answer.error.message);
        }
      }
    } finally {
      this.flushing = false;
      this.render();
    }
  }

  remember(idea) {
    const mine = this.app.state.ideas;
    const index = mine.findIndex((i) => i.client_id === idea.client_id);
    if (index >= 0) mine[index] = idea;
    else mine.push(idea);
  }

  forget(clientId) {
    this.app.state.ideas = this.app.state.ideas.filter((i) => i.client_id !== clientId);
  }

  restoreDraft(text, message) {
    const box = $("idea-text");
    if (!box.value.trim()) box.value = text;
    this.saveDraft();
    this.showHint(message);
  }

  changeable(idea) {
    const { timer } = this.app.state.cafe;
    return (timer.phase === "round" || timer.phase === "paused") && idea.round === timer.round;
  }

  render() {
    const stored = this.app.state?.ideas ?? [];
    const storedIds = new Set(stored.map((i) => i.client_id));
    const pending = this.outbox.all().filter((i) => !storedIds.has(i.client_id));
    const connected = this.app.socket?.connected;
    const items = [
      ...pending.map((i) => ({ ...i, status: connected ? "sending" : "waiting" })),
      ...[...stored].reverse().map((i) => ({ ...i, status: "stored" })),
    ];
    $("my-ideas").replaceChildren(...items.map((idea) => this.item(idea)));
    show($("no-ideas"), items.length === 0);
  }

  item(idea) {
    const pillar = this.app.pillarOf(idea.pillar_id);
    const node = el("li", { class: "idea", style: { "--pillar": pillar?.color ?? "#4b5563" }, "data-client-id": idea.client_id });
    if (this.editing === idea.client_id) {
      const field = el("textarea", { rows: 3, value: idea.text, "aria-label": t("edit_label") });
      const save = el("button", { type: "button", class: "button", text: t("save") });
      const cancel = el("button", { type: "button", class: "button secondary", text: t("cancel") });
      save.addEventListener("click", () => this.edit(idea, field.value));
      cancel.addEventListener("click", () => { this.editing = null; this.render(); });
      node.append(field, el("div", { class: "row-actions" }, save, cancel));
      queueMicrotask(() => field.focus());
      return node;
    }
    node.append(
      el("p", { class: "idea-text", text: idea.text }),
      el("p", { class: "idea-meta" },
        el("span", { class: `badge ${idea.status}`, text: t(`status_${idea.status}`) }),
        idea.edited ? el("span", { text: ` · ${t("edited")}` }) : null,
        pillar ? el("span", { text: ` · ${pillar.title}` }) : null),
    );
    if (idea.status === "stored" && this.changeable(idea)) {
      const editButton = el("button", { type: "button", class: "link-button", text: t("edit") });
      const withdrawButton = el("button", { type: "button", class: "link-button", text: t("withdraw") });
      editButton.addEventListener("click", () => { this.editing = idea.client_id; this.render(); });
      withdrawButton.addEventListener("click", () => this.withdraw(idea));
      node.append(el("div", { class: "row-actions" }, editButton, withdrawButton));
    }
    return node;
  }

  async edit(idea, text) {
    if (!withinLimit(text.trim(), (message) => this.app.banner(message, false))) return;
    const answer = await request(this.app.socket, "edit_idea", { client_id: idea.client_id, text });
    if (!answer.ok) {
      this.app.banner(answer.error.message, false);
      return;
    }
    this.editing = null;
    this.remember(answer.idea);
    this.render();
  }

  async withdraw(idea) {
    if (!window.confirm(t("withdraw_confirm"))) return;
    const answer = await request(this.app.socket, "withdraw_idea", { client_id: idea.client_id });
    if (!answer.ok) {
      this.app.banner(answer.error.message, false);
      return;
    }
    this.forget(idea.client_id);
    this.render();
  }
}
