// The moderator console: runs the café live and keeps every open console in step.
import { noteServerTime } from "./lib/clock.js";
import { connect, request } from "./lib/connection.js";
import { $, el, show } from "./lib/dom.js";
import { t } from "./lib/i18n.js";
import { Throttled } from "./lib/throttle.js";
import { Ideas } from "./console/ideas.js";
import { Live } from "./console/live.js";
import { People } from "./console/people.js";
import { Plan } from "./console/plan.js";
import { Setup } from "./console/setup.js";
import { Summaries } from "./console/summaries.js";
import { Themes } from "./console/themes.js";
import { Words } from "./console/words.js";

class Console {
  constructor(token) {
    this.socket = connect("/moderator", { token }, $("connection"));
    this.state = null;
    this.live = new Live(this);
    this.ideas = new Ideas(this);
    this.people = new People(this);
    this.plan = new Plan(this);
    this.setup = new Setup(this);
    this.summaries = new Summaries(this);
    this.themes = new Themes(this);
    this.words = new Words(this);
    this.dirty = new Set();
    this.drawing = new Throttled(() => {
      const due = [...this.dirty];
      this.dirty.clear();
      for (const view of due) view.render();
    });
    this.listen();
  }

  // Views changed by events are drawn together, a few times a second at most (lib/throttle.js).
  redraw(...views) {
    for (const view of views) this.dirty.add(view);
    this.drawing.request();
  }

  // Every control goes through here: the answer is shown where the moderator looks.
  async act(action, payload = {}) {
    const answer = await request(this.socket, action, payload, 30000);
    const errorNode = $("action-error");
    errorNode.textContent = answer.ok ? "" : answer.error.message;
    show(errorNode, !answer.ok);
    return answer;
  }

  replace(list, item) {
    const index = list.findIndex((x) => x.id === item.id);
    if (index >= 0) list[index] = item;
    else list.push(item);
  }

  listen() {
    const on = (event, handler) => this.socket.on(event, (data) => { if (this.state) handler(data); });
    this.socket.on("state", (next) => {
      this.state = { ...next, links: next.links ?? this.state?.links };
      noteServerTime(next.cafe.timer.server_now);
      this.render();
    });
    on("timer", (timer) => {
      this.state.cafe.timer = timer;
      noteServerTime(timer.server_now);
      this.live.render();
    });
    // Ideas stored together (a hall posting at once) come as one list.
    on("ideas:new", (ideas) => {
      for (const idea of ideas) this.replace(this.state.ideas, idea);
      this.redraw(this.ideas);
    });
    // A theme names its ideas by id: their texts come from here, so a change redraws it too.
    on("idea:update", (idea) => { this.replace(this.state.ideas, idea); this.redraw(this.ideas, this.themes); });
    on("idea:withdrawn", ({ id }) => {
      this.state.ideas = this.state.ideas.filter((i) => i.id !== id);
      this.redraw(this.ideas);
    });
    on("votes", ({ idea_id: ideaId, total }) => { this.state.votes[ideaId] = total; this.redraw(this.ideas, this.themes); });
    on("participant", (person) => {
      this.replace(this.state.participants, person);
      this.redraw(this.people, this.live, this.summaries);  // live: who is not here yet
      this.plan.loadSoon();
    });
    on("presence", (changes) => {
      const byId = new Map(this.state.participants.map((p) => [p.id, p]));
      for (const { id, online } of changes) {
        const person = byId.get(id);
        if (person) person.online = online;
      }
      this.redraw(this.people);
    });
    on("summary", (summary) => this.summaries.update(summary));
    // Planning again after attendance or host changes runs in the background: its failure
    // (more people than seats, say) is shown where the answers to controls are.
    this.socket.on("replan_failed", ({ message }) => {
      $("action-error").textContent = message;
      show($("action-error"), true);
    });
    on("planning", (planning) => {
      this.state.planning = planning;
      this.plan.renderStatus();
      if (!planning.searching) this.plan.loadSoon();
    });
    on("announcement", (announcement) => { this.state.cafe.announcement = announcement; this.live.render(); });
    on("screen_view", ({ view }) => { this.state.cafe.screen_view = view; this.live.render(); });
    this.socket.on("cafe_deleted", () => {
      this.socket.disconnect();
      document.querySelector("main").replaceChildren(el("p", { class: "notice", text: t("cafe_deleted") }));
    });
  }

  render() {
    this.live.render();
    this.ideas.render();
    this.people.render();
    this.plan.loadSoon();
    this.plan.renderStatus();
    this.setup.render();
    this.summaries.render();
    this.words.render();
    this.themes.render();
  }
}

new Console(document.body.dataset.token);
