// Picking one's own name from the list, when the café allows it: the server searches what
// is typed and answers a few names, so a phone never holds the whole list.
import { $, el } from "../lib/dom.js";
import { lang, t } from "../lib/i18n.js";

const MIN_LETTERS = 2;
const PAUSE_MS = 250; // a search when the typing pauses, not one per key

export class PickFromList {
  constructor(app) {
    this.app = app;
    this.search = $("pick-search");
    if (!this.search) return; // the café does not show its list
    this.timer = null;
    this.asked = 0; // answers to older searches arrive late and are dropped
    this.search.addEventListener("input", () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.find(), PAUSE_MS);
    });
    this.hint(t("pick_search"));
  }

  hint(text) {
    $("pick-hint").textContent = text;
  }

  choices(people) {
    $("pick-choices").replaceChildren(...people.map((person) => {
      const label = person.organisation ? t("person_of", { name: person.name, organisation: person.organisation }) : person.name;
      const button = el("button", { type: "button", class: "button secondary", text: t("pick_me", { person: label }) });
      button.addEventListener("click", () => this.pick(person.id));
      return button;
    }));
  }

  async find() {
    const typed = this.search.value.trim();
    const asked = ++this.asked;
    if (typed.length < MIN_LETTERS) {
      this.choices([]);
      this.hint(t("pick_search"));
      return;
    }
    try {
      const response = await fetch(`/api/cafes/${encodeURIComponent(this.app.code)}/list?q=${encodeURIComponent(typed)}&lang=${lang}`);
      const answer = await response.json();
      if (asked !== this.asked) return;
      if (!response.ok) {
        this.choices([]);
        this.hint(answer.error.message);
        return;
      }
      this.choices(answer.people);
      this.hint(answer.people.length === 0 ? t("pick_none") : answer.more ? t("pick_more") : "");
    } catch {
      if (asked === this.asked) this.hint(t("join_offline"));
    }
  }

  async pick(listedId) {
    try {
      const response = await fetch(`/api/cafes/${encodeURIComponent(this.app.code)}/pick?lang=${lang}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ listed_id: listedId }),
      });
      const answer = await response.json();
      if (!response.ok) {
        this.hint(answer.error.message);
        this.find(); // someone else took that name meanwhile: the list without it
        return;
      }
      this.app.begin(answer.token);
    } catch {
      this.hint(t("join_offline"));
    }
  }
}
