// Words the moderator took out of the word clouds (fillers the stop-word lists miss, a name
// that should not be projected): hide one by typing it, bring it back from the list.
import { $, el, show } from "../lib/dom.js";
import { t } from "../lib/i18n.js";

export class Words {
  constructor(app) {
    this.app = app;
    $("hide-word-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.hide();
    });
    // Another console hid or showed a word: keep every console's list the same.
    app.socket.on("hidden_words", ({ words }) => {
      if (!app.state) return;
      app.state.hidden_words = words;
      this.render();
    });
  }

  async hide() {
    const input = $("hide-word-text");
    const word = input.value.trim();
    if (!word) return;
    if (await this.change(word, true)) input.value = "";
    input.focus();
  }

  async change(word, hidden) {
    const answer = await this.app.act("hide_word", { word, hidden });
    if (answer.ok) {
      this.app.state.hidden_words = answer.hidden_words;
      this.render();
    }
    return answer.ok;
  }

  render() {
    const words = this.app.state.hidden_words ?? [];
    const list = $("hidden-words");
    show(list, words.length > 0);
    list.replaceChildren(el("span", { class: "hint", text: t("words_hidden") }), ...words.map((word) =>
      el("span", { class: "chip", "data-word": word }, word, " ",
        el("button", { type: "button", class: "link-button", text: t("word_show_again"),
          "aria-label": t("word_show_again_named", { word }), onclick: () => this.change(word, false) }))));
  }
}
