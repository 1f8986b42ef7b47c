// The phone: join, see where to sit and the time left, post ideas, read the table, vote.
import { formatClock, noteServerTime, remainingMs } from "./lib/clock.js";
import { connect } from "./lib/connection.js";
import { $, el, show } from "./lib/dom.js";
import { fitText } from "./lib/fit-text.js";
import { lang, t } from "./lib/i18n.js";
import { renderLastAnnouncement, showingLeft } from "./phone/announcement.js";
import { Harvest } from "./phone/harvest.js";
import { MyIdeas } from "./phone/ideas.js";
import { forgetCafePages, keepThisPage } from "./phone/offline.js";
import { PickFromList } from "./phone/pick.js";
import { focusSeat, isRunning, phaseBanner, seatTexts, timerLabel } from "./phone/seat.js";
import { Table } from "./phone/table.js";

const PILLAR_REM = 1.3; // the pillar's type on the seat card (app.css .seat-pillar)

class PhoneApp {
  constructor(code) {
    this.code = code;
    this.tokenKey = `wc:${code}:token`;
    this.meKey = `wc:${code}:me`; // the person the token stood for last time
    this.socket = null;
    this.state = null;
    this.cafe = null; // the last café summary, for states that come without one
    this.connection = 0; // counts connects, so views can refetch after a reconnect
    this.ideas = new MyIdeas(this);
    this.table = new Table(this);
    this.harvest = new Harvest(this);
    $("join-form").addEventListener("submit", (event) => this.join(event));
    $("not-listed").addEventListener("click", () => this.join(null, { not_listed: true }));
    $("listed-back").addEventListener("click", () => {
      this.showAsking(false);
      $("name").focus();
    });
    this.pickFromList = new PickFromList(this);
    this.ticking = setInterval(() => this.tick(), 250);
    // Turned to landscape and back: the pillar may fit at full size again, or no longer.
    window.addEventListener("resize", () => this.fitPillar());
  }

  pillarOf(id) {
    return this.state?.cafe.pillars.find((p) => p.id === id) ?? null;
  }

  async boot(claim) {
    if (claim) {
      await this.claim(claim);
      return;
    }
    const token = localStorage.getItem(this.tokenKey);
    if (token) this.start(token);
    else this.showJoin();
  }

  // The typed name is on the list and nobody has become that person yet: ask, so that a
  // guest on the list does not come twice.
  askListed(matches) {
    const label = (p) => (p.organisation ? t("person_of", { name: p.name, organisation: p.organisation }) : p.name);
    $("listed-question").textContent = matches.length === 1
      ? t("listed_one", { person: label(matches[0]) }) : t("listed_many");
    $("listed-choices").replaceChildren(...matches.map((person) => {
      const yes = el("button", { type: "button", class: "button big", text: t("listed_yes", { person: label(person) }) });
      yes.addEventListener("click", () => this.join(null, { listed_id: person.id }));
      return yes;
    }));
    this.showAsking(true);
    $("listed-question").focus();
  }

  // While "Are you …?" is asked, it is the only thing on the page: the form waits behind it.
  showAsking(asking) {
    show($("listed"), asking);
    for (const id of ["join-form", "pick", "pick-title"]) {
      if ($(id)) show($(id), !asking);
    }
  }

  // A personal link: this phone becomes that person (a phone that was someone else in this
  // café becomes them instead), then the page is the café's own address, which a reload or
  // a bookmark keeps.
  async claim(personalCode) {
    try {
      const response = await fetch(`/api/cafes/${encodeURIComponent(this.code)}/claim?lang=${lang}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        // The token this phone holds, if any: the badge scanned twice is one phone, not two.
        body: JSON.stringify({ personal_code: personalCode, token: localStorage.getItem(this.tokenKey) ?? undefined }),
      });
      const answer = await response.json();
      if (!response.ok) {
        this.showJoin(answer.error.message);
        return;
      }
      localStorage.setItem(this.tokenKey, answer.token);
      localStorage.removeItem(this.meKey); // another person on purpose, no merge
      history.replaceState(null, "", `/j/${encodeURIComponent(this.code)}`);
      this.start(answer.token);
    } catch {
      this.showJoin(t("join_offline"));
    }
  }

  // The café is gone for this phone (deleted, or its phones signed out): nothing of it stays.
  forgetCafe(message) {
    this.socket.disconnect();
    clearInterval(this.ticking); // the clock it drew is gone with the page's content
    this.state = null;
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith(`wc:${this.code}:`)) localStorage.removeItem(key);
    }
    forgetCafePages(this.code);
    document.querySelector("main").replaceChildren(el("p", { class: "notice", text: message }));
  }

  showJoin(message) {
    show($("app"), false);
    show($("join"), true);
    if (message) {
      $("join-error").textContent = message;
      show($("join-error"), true);
    }
  }

  // choice: {listed_id} or {not_listed: true}, the answer to "Are you …?" (askListed).
  async join(event, choice = {}) {
    event?.preventDefault();
    const form = $("join-form");
    const errorNode = $("join-error");
    const button = form.querySelector("button");
    button.disabled = true;
    // An answer to "Are you …?" is sent once, however often it is tapped.
    for (const choiceButton of $("listed").querySelectorAll("button")) choiceButton.disabled = true;
    try {
      const response = await fetch(`/api/cafes/${encodeURIComponent(this.code)}/participants?lang=${lang}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name: form.name.value, organisation: form.organisation.value, role: form.role.value, ...choice }),
      });
      const answer = await response.json();
      if (answer.error?.code === "name_on_list") {
        this.askListed(answer.error.details.matches);
        return;
      }
      if (!response.ok) {
        this.showAsking(false);
        errorNode.textContent = answer.error.message;
        show(errorNode, true);
        form.name.setAttribute("aria-invalid", String(answer.error.details?.field === "name"));
        return;
      }
      this.begin(answer.token);
    } catch {
      this.showAsking(false);
      errorNode.textContent = t("join_offline");
      show(errorNode, true);
    } finally {
      button.disabled = false;
      for (const choiceButton of $("listed").querySelectorAll("button")) choiceButton.disabled = false;
    }
  }

  // The phone has become a person (joined, or picked from the list): it keeps their token.
  begin(token) {
    localStorage.setItem(this.tokenKey, token);
    localStorage.removeItem(this.meKey);
    this.start(token);
  }

  // The moderator merged this person into another (listed twice): the server closes this
  // connection, and the phone connects again with its own token, which now stands for the
  // kept person (their rooms, their state); its waiting ideas are sent as theirs.
  rejoinMerged() {
    this.socket.off();
    this.socket.disconnect();
    this.start(this.token);
  }

  start(token) {
    this.token = token;
    show($("join"), false);
    show($("app"), true);
    show($("connection"), true);
    this.ideas.render();
    const socket = connect("/participant", { token, code: this.code }, $("connection"));
    this.socket = socket;
    socket.on("connect", () => { this.connection += 1; this.ideas.flush(); });
    socket.on("disconnect", () => this.ideas.render());
    socket.on("connect_error", (err) => {
      if (err.data?.code !== "unknown_participant") return;
      socket.disconnect();
      localStorage.removeItem(this.tokenKey);
      this.showJoin(err.data.message);
    });
    // A new round or phase: the café comes once for everyone, then each phone's own state
    // without it (a full state, as on connecting, carries its café itself).
    socket.on("cafe", (cafe) => { this.cafe = cafe; });
    socket.on("state", (next) => {
      const before = this.state?.cafe.timer;
      next.cafe ??= { ...this.cafe, ...(next.timer && { timer: next.timer }) };
      this.cafe = next.cafe;
      this.state = next;
      noteServerTime(next.cafe.timer.server_now);
      this.announceChange(before);
      // A state after a reload or reconnect: an announcement made meanwhile is still shown.
      this.showAnnouncement(next.cafe.announcement);
      this.render();
      this.ideas.flush();
      if (next.me) this.noteMerged(next.me);
    });
    socket.on("timer", (timer) => {
      if (!this.state) return;
      const before = this.state.cafe.timer;
      this.state.cafe.timer = timer;
      this.announceChange(before);
      noteServerTime(timer.server_now);
      this.render();
    });
    socket.on("idea:update", (idea) => { if (this.state) { this.ideas.remember(idea); this.ideas.render(); } });
    socket.on("idea:withdrawn", ({ client_id: clientId }) => {
      if (this.state) { this.ideas.forget(clientId); this.ideas.render(); }
    });
    socket.on("summary", (summary) => { if (this.state) this.table.updateSummary(summary); });
    socket.on("themes_changed", () => this.harvest.refresh());
    socket.on("cafe_deleted", () => this.forgetCafe(t("cafe_deleted")));
    socket.on("revoked", () => this.forgetCafe(t("revoked")));
    socket.on("merged", () => this.rejoinMerged());
    socket.on("announcement", (announcement) => {
      if (!this.state) return;
      this.state.cafe.announcement = announcement;
      this.showAnnouncement(announcement);
      renderLastAnnouncement(announcement);
    });
  }

  // The token stands for another person than last time: the moderator merged the one this
  // phone was into them (listed twice). Told when it happens, or when the phone comes back.
  noteMerged(me) {
    const before = localStorage.getItem(this.meKey);
    localStorage.setItem(this.meKey, String(me.id));
    if (before !== null && before !== String(me.id)) this.banner(t("merged_phone", { name: me.name }), true);
  }

  announceChange(before) {
    const now = this.state.cafe.timer;
    if (!before || (before.phase === now.phase && before.round === now.round)) return;
    this.banner(phaseBanner(this.state), true);
  }

  // Each announcement once: later states carry it too, and must not cover newer banners.
  showAnnouncement(announcement) {
    const left = showingLeft(announcement);
    if (left <= 0 || announcement.at === this.announcementShown) return;
    this.announcementShown = announcement.at;
    this.banner(announcement.text, true, left);
  }

  banner(text, vibrate, durationMs = 6000) {
    const node = $("banner");
    node.textContent = text;
    show(node, true);
    if (vibrate && navigator.vibrate) navigator.vibrate([120, 60, 120]);
    clearTimeout(this.bannerTimer);
    this.bannerTimer = setTimeout(() => show(node, false), durationMs);
  }

  render() {
    if (!this.state) return;
    const { timer } = this.state.cafe;
    const running = isRunning(timer);
    this.renderSeat(focusSeat(this.state));
    renderLastAnnouncement(this.state.cafe.announcement);
    $("round-label").textContent = timerLabel(this.state);
    this.tick();
    const canPost = running && this.state.seat;
    show($("composer"), !["harvest", "closed"].includes(timer.phase));
    $("send-idea").disabled = !canPost;
    const hint = $("idea-hint");
    hint.textContent = canPost ? "" : t("hint_wait_round");
    hint.classList.remove("is-error");
    show(hint, !canPost);
    this.ideas.render();
    this.table.render();
    this.harvest.render();
  }

  renderSeat(seat) {
    const pillar = seat ? this.pillarOf(seat.pillar_id) : null;
    $("seat").style.setProperty("--pillar", pillar?.color ?? "#4b5563");
    const texts = seatTexts(this.state, seat, pillar);
    $("seat-label").textContent = texts.label;
    $("seat-table").textContent = texts.table;
    $("seat-pillar").textContent = texts.pillar;
    $("seat-question").textContent = texts.question;
    this.fitPillar();
  }

  // "Augenhöhe von Verwaltung und zivilgesellschaftlichem Engagement" on a 320 px phone: a
  // word too long for the card makes the pillar's type smaller instead of breaking it
  // without a hyphen ("zivilgesellschaftliche|m").
  fitPillar() {
    fitText($("seat-pillar"), PILLAR_REM, { smallest: 1, unit: "rem" });
  }

  tick() {
    if (!this.state) return;
    const ms = remainingMs(this.state.cafe.timer);
    const node = $("timer");
    node.textContent = ms === null ? "" : formatClock(ms);
    node.dataset.paused = String(this.state.cafe.timer.phase === "paused");
    node.setAttribute("aria-label", ms === null ? "" : t("time_left", { time: formatClock(ms) }));
  }
}

// Kept for offline reloads once a personal link has become the café's own address.
new PhoneApp(document.body.dataset.code).boot(document.body.dataset.claim).then(keepThisPage);
