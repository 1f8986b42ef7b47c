// A word cloud per pillar: the words of its ideas (counted on the server), sized by count.
import { el } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { buildPanels, fitTitles, pillarKey } from "./layout.js";

const SMALLEST = 0.95; // em
const LARGEST = 2.7; // em
let panels = new Map();
let builtFor = "";

// A stable, mixed order (not by size), so that big and small words sit side by side.
function mixed(words) {
  const hash = (text) => [...text].reduce((h, c) => (h * 31 + c.codePointAt(0)) >>> 0, 7);
  return [...words].sort((a, b) => hash(a[0]) - hash(b[0]));
}

function sizeOf(count, least, most) {
  if (most === least) return 1.5;
  return SMALLEST + ((count - least) / (most - least)) * (LARGEST - SMALLEST);
}

function cloudNodes(words) {
  const counts = words.map(([, n]) => n);
  const most = Math.max(...counts);
  const least = Math.min(...counts);
  const ranked = [...new Set(counts)].sort((a, b) => b - a);
  return mixed(words).map(([word, count]) => el("li", {
    text: word,
    title: String(count),
    "data-rank": String(Math.min(3, ranked.indexOf(count) + 1)),
    style: { "font-size": `${sizeOf(count, least, most).toFixed(2)}em` },
  }));
}

// Shows the most frequent words that fit: fewer words until the cloud fits its panel.
function fill(box, words) {
  const list = el("ul", { class: "cloud-words" });
  box.replaceChildren(list);
  // Height decides; a word wider than the panel is made smaller afterwards (shrinkWide).
  const fits = () => list.offsetHeight <= box.clientHeight;
  let low = 1;
  let high = words.length;
  list.replaceChildren(...cloudNodes(words));
  if (fits()) return shrinkWide(box, list);
  while (low < high) { // the largest count of top words that fits
    const mid = Math.ceil((low + high) / 2);
    list.replaceChildren(...cloudNodes(words.slice(0, mid)));
    if (fits()) low = mid; else high = mid - 1;
  }
  list.replaceChildren(...cloudNodes(words.slice(0, low)));
  shrinkWide(box, list);
}

// A long compound in a narrow panel gets smaller rather than cut.
function shrinkWide(box, list) {
  const room = box.clientWidth;
  for (const word of list.children) {
    if (word.offsetWidth > room) {
      const size = parseFloat(word.style.getPropertyValue("font-size"));
      word.style.setProperty("font-size", `${(size * room / word.offsetWidth * 0.95).toFixed(2)}em`);
    }
  }
}

export function renderClouds(container, state) {
  const { pillars } = state.cafe;
  if (pillarKey(pillars) !== builtFor) {
    panels = buildPanels(container, pillars, state.cafe.language);
    builtFor = pillarKey(pillars);
  }
  const visible = container.offsetParent !== null;
  if (visible) fitTitles(panels);
  for (const pillar of pillars) {
    const panel = panels.get(pillar.id);
    const words = (state.words ?? {})[pillar.id] ?? [];
    panel.count.textContent = "";
    panel.root.dataset.words = String(words.length);
    if (!words.length) {
      panel.body.replaceChildren(el("p", { class: "placeholder", text: t("cloud_empty") }));
      continue;
    }
    const box = el("div", { class: "cloud" });
    panel.body.replaceChildren(box);
    if (visible) fill(box, words);
  }
}
