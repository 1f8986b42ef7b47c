// Who is here: online or not, where each sits, hosts, presence; adding and importing people.
import { lengths } from "../lib/bounds.js";
import { request } from "../lib/connection.js";
import { $, el, setText, show } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { newClientId } from "../lib/outbox.js";
import { KeptRows } from "../lib/rows.js";
import { clockTime, serverTimeMs } from "./times.js";

export class People {
  constructor(app) {
    this.app = app;
    this.ideaFor = null;
    this.editing = null;
    this.merging = null;
    this.rows = new KeptRows($("people-rows"));
    this.seatCells = new WeakMap();  // row -> its cells that a round's start changes
    $("add-person").addEventListener("submit", (event) => this.add(event));
    $("import-form").addEventListener("submit", (event) => this.import(event));
    $("idea-for").addEventListener("close", () => this.sendIdeaFor());
    $("merge-person").addEventListener("close", () => this.merge());
    $("merge-search").addEventListener("input", () => this.mergeChoices());
    $("people-filter").addEventListener("change", () => this.render());
    $("people-search").addEventListener("input", () => this.render());
  }

  // The filter and the search narrow the list only; counts and the waiting notice are
  // about everyone.
  shown(participants) {
    const filter = $("people-filter").value;
    const wanted = searchKey($("people-search").value);
    const found = wanted ? participants.filter((p) => searchKey(`${p.name} ${p.organisation} ${p.role}`).includes(wanted))
      : participants;
    if (filter === "online") return found.filter((p) => p.online);
    if (filter === "offline") return found.filter((p) => !p.online);
    if (filter === "absent") return found.filter((p) => !p.present);
    if (filter === "expected") return found.filter((p) => !p.checked_in);
    return found;
  }

  render() {
    const { participants, cafe } = this.app.state;
    const running = ["round", "paused"].includes(cafe.timer.phase);
    $("people-total").textContent = String(participants.length);
    $("people-online").textContent = t("online_count", { count: participants.filter((p) => p.online).length });
    $("people-checked-in").textContent = t("checked_in_count", {
      count: participants.filter((p) => p.checked_in).length,
      expected: participants.filter((p) => p.present).length,
    });
    const waiting = participants.filter((p) => p.present && running && !p.seat);
    show($("people-waiting"), waiting.length > 0);
    $("people-waiting").textContent = t("waiting_for_seat", { names: waiting.map((p) => p.name).join(", ") });
    // What every row shows besides its person: the tables to host and the personal links.
    const around = JSON.stringify([cafe.tables.map((table) => [table.id, table.number]),
      this.app.state.links.join_url]);
    // Seats and whether a round runs are set in place (seatsOf), outside the key.
    this.rows.draw(this.shown(participants),
      (person) => JSON.stringify([{ ...person, seat: null, next_seat: null }, this.editing === person.id, around]),
      (person) => this.row(person, cafe), (row, person) => this.seatsOf(row, person, running));
    const roleSelect = $("add-role");
    if (roleSelect.options.length !== cafe.roles.length + 1) {
      roleSelect.replaceChildren(el("option", { value: "", text: "–" }),
        cafe.roles.map((role) => el("option", { value: role, text: role })));
    }
  }

  seatsOf(row, person, running) {
    const cells = this.seatCells.get(row);
    const label = (seat) => (seat ? String(seat.table_number) : "–");
    setText(cells.seat, label(person.seat));
    setText(cells.next, label(person.next_seat));
    const closed = !running || !person.seat;
    if (cells.write.disabled !== closed) cells.write.disabled = closed;
  }

  row(person, cafe) {
    const host = el("select", { "aria-label": t("host_of", { name: person.name }) },
      el("option", { value: "", text: "–" }),
      cafe.tables.map((table) => el("option", { value: String(table.id), text: String(table.number),
        selected: person.host_table_id === table.id })));
    host.addEventListener("change", async () => {
      const answer = await this.app.act("set_host", { participant_id: person.id, table_id: host.value ? Number(host.value) : null });
      if (!answer.ok) host.value = person.host_table_id ? String(person.host_table_id) : "";
    });
    const present = el("input", { type: "checkbox", checked: person.present, "aria-label": t("present_of", { name: person.name }) });
    present.addEventListener("change", async () => {
      const answer = await this.app.act("set_present", { participant_id: person.id, present: present.checked });
      if (!answer.ok) present.checked = !present.checked;
    });
    const checkedIn = el("input", { type: "checkbox", checked: person.checked_in, "aria-label": t("checked_in_of", { name: person.name }) });
    checkedIn.addEventListener("change", async () => {
      const answer = await this.app.act("check_in", { participant_id: person.id, checked_in: checkedIn.checked });
      if (!answer.ok) checkedIn.checked = !checkedIn.checked;
    });
    const write = el("button", { type: "button", class: "tool", text: t("idea_for_button") });
    write.addEventListener("click", () => this.openIdeaFor(person));
    const cells = { seat: el("td"), next: el("td"), write };
    const row = this.editing === person.id ? this.editRow(person, cafe, host, checkedIn, present, cells)
      : this.shownRow(person, host, checkedIn, present, cells);
    this.seatCells.set(row, cells);
    return row;
  }

  shownRow(person, host, checkedIn, present, { seat, next, write }) {
    const edit = el("button", { type: "button", class: "tool", text: "✎", "aria-label": t("edit_person", { name: person.name }) });
    edit.addEventListener("click", () => { this.editing = person.id; this.render(); });
    const merge = el("button", { type: "button", class: "tool", text: "⇄", "aria-label": t("merge_person", { name: person.name }),
      title: t("merge_person", { name: person.name }) });
    merge.addEventListener("click", () => this.openMerge(person));
    return el("tr", { class: person.present ? "" : "gone" },
      el("td", {}, el("span", { class: `dot ${person.online ? "on" : "off"}`, title: t(person.online ? "online" : "not_online"),
        "aria-label": t(person.online ? "online" : "not_online") }), ` ${person.name} `, edit, " ", merge, this.phones(person)),
      el("td", { text: person.organisation }), el("td", { text: person.role }), seat, next,
      el("td", {}, host), el("td", {}, checkedIn), el("td", {}, present), el("td", {}, write));
  }

  // The person's own link (to hand on or open for them), the phones that took it, and
  // signing out one of them or all: two phones of one person are allowed, but the console
  // shows it.
  phones(person) {
    const personal = el("a", { class: "tool", href: `${this.app.state.links.join_url}/p/${person.personal_code}`,
      text: t("own_link"), title: t("personal_link", { name: person.name }), "aria-label": t("personal_link", { name: person.name }) });
    const parts = [" ", personal];
    if (person.phones.length === 0) return parts;
    // Signing out all phones also replaces the personal link (a badge found by someone else).
    const all = el("button", { type: "button", class: "tool", text: t("revoke_all"), title: t("revoke_phones", { name: person.name }),
      "aria-label": t("revoke_phones", { name: person.name }) });
    all.addEventListener("click", () => {
      if (window.confirm(t("revoke_confirm", { name: person.name }))) this.app.act("revoke_phones", { participant_id: person.id });
    });
    parts.push(el("ul", { class: person.phones.length > 1 ? "phones many" : "phones" },
      person.phones.map((phone) => this.phoneItem(person, phone)), el("li", {}, all)));
    return parts;
  }

  phoneItem(person, phone) {
    const names = { number: phone.number, name: person.name };
    const revoke = el("button", { type: "button", class: "tool", text: "⏏", title: t("revoke_phone", names),
      "aria-label": t("revoke_phone", names) });
    revoke.addEventListener("click", () => {
      if (window.confirm(t("revoke_phone_confirm", names))) this.app.act("revoke_phone", { phone_id: phone.id });
    });
    return el("li", {}, t("phone_since", { number: phone.number, time: clockTime(serverTimeMs(phone.since)) }), " ", revoke);
  }

  // A row turned into a small form: name, organisation and role of someone already listed.
  editRow(person, cafe, host, checkedIn, present, { seat, next, write }) {
    const name = el("input", { value: person.name, maxLength: lengths.name, "aria-label": t("name") });
    const organisation = el("input", { value: person.organisation, maxLength: lengths.organisation, "aria-label": t("organisation") });
    const role = el("select", { "aria-label": t("role") }, el("option", { value: "", text: "–" }),
      cafe.roles.map((r) => el("option", { value: r, text: r, selected: r === person.role })));
    const save = el("button", { type: "button", class: "tool", text: t("save") });
    const cancel = el("button", { type: "button", class: "tool", text: t("cancel") });
    save.addEventListener("click", async () => {
      const answer = await this.app.act("edit_person", { participant_id: person.id, name: name.value,
        organisation: organisation.value, role: role.value });
      if (answer.ok) { this.editing = null; this.render(); }
    });
    cancel.addEventListener("click", () => { this.editing = null; this.render(); });
    return el("tr", { class: "editing" }, el("td", {}, name), el("td", {}, organisation),
      el("td", {}, role, save, cancel), seat, next, el("td", {}, host), el("td", {}, checkedIn),
      el("td", {}, present), el("td", {}, write));
  }

  async add(event) {
    event.preventDefault();
    const form = event.target;
    const answer = await this.app.act("add_person", {
      name: form.name.value, organisation: form.organisation.value, role: form.role.value,
    });
    if (answer.ok) form.reset();
  }

  async import(event) {
    event.preventDefault();
    const file = $("import-file").files[0];
    const result = $("import-result");
    if (!file) return;
    const body = new FormData();
    body.append("file", file);
    const response = await fetch(`/api/moderator/participants?lang=${document.documentElement.lang}`, {
      method: "POST", body, headers: { Authorization: `Bearer ${document.body.dataset.token}` },
    });
    const answer = await response.json().catch(() => ({ error: { message: t("no_answer") } }));
    result.className = response.ok ? "notice success" : "notice error";
    result.textContent = response.ok ? t("imported", { count: answer.imported }) : answer.error.message;
    // Imported all the same: two people may share a name, but the organiser should look.
    for (const twin of (response.ok && answer.duplicates) || []) {
      result.append(el("br"), t("import_twins", { name: twin.name, lines: twin.lines.join(", ") }));
    }
  }

  // One person listed twice: the row's person (the duplicate) goes into the one chosen.
  openMerge(person) {
    this.merging = person;
    $("merge-person-title").textContent = t("merge_person_title", { name: person.name });
    $("merge-search").value = "";
    show($("merge-error"), false);
    this.mergeChoices();
    $("merge-person").showModal();
    $("merge-search").focus();
  }

  mergeChoices() {
    const wanted = searchKey($("merge-search").value);
    const others = this.app.state.participants.filter((p) => p.id !== this.merging.id
      && (!wanted || searchKey(`${p.name} ${p.organisation}`).includes(wanted)));
    others.sort((a, b) => a.name.localeCompare(b.name));
    $("merge-keep").replaceChildren(...others.map((p) => el("option", { value: String(p.id),
      text: p.organisation ? t("person_of", { name: p.name, organisation: p.organisation }) : p.name })));
    if (others.length) $("merge-keep").selectedIndex = 0;
  }

  async merge() {
    const dialog = $("merge-person");
    const duplicate = this.merging;
    if (dialog.returnValue !== "merge" || !duplicate) return;
    const keep = this.app.state.participants.find((p) => p.id === Number($("merge-keep").value));
    const fail = (message) => {
      $("merge-error").textContent = message;
      show($("merge-error"), true);
      dialog.showModal();
    };
    if (!keep) { fail(t("merge_pick_keep")); return; }
    if (!window.confirm(t("merge_confirm", { duplicate: duplicate.name, keep: keep.name }))) return;
    const answer = await request(this.app.socket, "merge_people", { keep_id: keep.id, duplicate_id: duplicate.id }, 30000);
    if (!answer.ok) { fail(answer.error.message); return; }
    this.merging = null;
    const notes = [t("merge_done", { duplicate: duplicate.name, keep: keep.name })];
    if (answer.dots_trimmed) notes.push(t("merge_dots_trimmed", { count: answer.dots_trimmed }));
    if (answer.host_dropped) notes.push(t("merge_host_dropped", { duplicate: duplicate.name }));
    $("people-merged").textContent = notes.join(" ");
    show($("people-merged"), true);
  }

  openIdeaFor(person) {
    this.ideaFor = person;
    $("idea-for-title").textContent = t("idea_for_title", { name: person.name });
    $("idea-for-text").value = "";
    show($("idea-for-error"), false);
    $("idea-for").showModal();
  }

  async sendIdeaFor() {
    const dialog = $("idea-for");
    const text = $("idea-for-text").value.trim();
    if (dialog.returnValue !== "send" || !text || !this.ideaFor) return;
    const answer = await request(this.app.socket, "post_idea_for", {
      participant_id: this.ideaFor.id, client_id: newClientId(), text,
    });
    if (!answer.ok) {
      $("idea-for-error").textContent = answer.error.message;
      show($("idea-for-error"), true);
      dialog.showModal();
    }
  }
}

// Searched as the server compares names with the list: no case, accents or umlaut spellings
// ("mueller" finds Müller).
function searchKey(text) {
  return text.toLowerCase().replaceAll("ß", "ss").normalize("NFD").replace(/\p{M}/gu, "")
    .replace(/([aou])e/g, "$1").replace(/\s+/g, " ").trim();
}
