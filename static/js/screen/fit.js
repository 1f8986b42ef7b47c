// Every idea readable in full: smaller type for long ideas, words never cut, pages that turn.
import { fitText, setSize, tooWide } from "../lib/fit-text.js";

// Long ideas get smaller type so that a wall holds more of them (em of the card).
export function sizeForLength(text) {
  if (text.length <= 90) return 1;
  if (text.length <= 180) return 0.9;
  if (text.length <= 300) return 0.8;
  return 0.72;
}

// Every card of a list with its text in full (fitCard), for the list's present size. A card
// fitted for that size before is left as it is: measuring each card of a wall of a thousand
// ideas at every new idea kept the screen's browser busy through a burst.
//
// Most cards fit at full size. So all cards still to be fitted are set to it first and then
// measured together, one layout for all; only a card that does not fit is fitted on its own
// (fitCard). Fitting each card on its own laid the wall out three times per card: seconds in a
// burst of hundreds.
export function fitCards(list, textOf) {
  const room = list.clientHeight;
  const fitFor = `${list.clientWidth}x${room}`;
  const waiting = [...list.children].filter((node) => node.dataset.fitFor !== fitFor);
  for (const node of waiting) {
    node.hidden = false;
    setSize(textOf(node), 1);
  }
  const crowded = waiting.filter((node) => tooWide(textOf(node)) || node.offsetHeight > room * LONG);
  for (const node of crowded) fitCard(node, textOf(node), room);
  for (const node of waiting) {
    node.dataset.fitFor = fitFor;
    heights.set(node, node.offsetHeight);
  }
}

const SMALLEST = 0.6; // em: below this the back of the hall reads nothing (lib/fit-text.js)

// Above this share of the list's height a card's text gets the smaller type its length asks.
const LONG = 0.35;

// A long text that would fill much of the list gets smaller type (the card's data-size), no
// card is taller than the list, and no word is wider than the card.
function fitCard(node, text, room) {
  let size = 1;
  fitText(text, size);
  if (node.offsetHeight > room * LONG) fitText(text, Number(node.dataset.size));
  size = parseFloat(text.style.getPropertyValue("font-size"));
  while (node.offsetHeight > room && size > SMALLEST) {
    size = Math.max(SMALLEST, size - 0.05);
    fitText(text, size);
  }
}

// Each card's height when it was last fitted or shown: pages are split with these, so that
// turning a page or adding an idea does not lay out every card of the wall again.
const heights = new WeakMap();

// Splits the list's items into pages of its height and shows page `page` (wrapping round);
// returns [pages, the page shown]. The first item of a page always shows. Only items not
// measured before are laid out (see heights).
export function showPage(list, page) {
  const items = [...list.children];
  const unmeasured = items.filter((item) => !heights.has(item));
  for (const item of unmeasured) item.hidden = false;
  for (const item of unmeasured) heights.set(item, item.offsetHeight);
  const limit = list.clientHeight;
  const gap = parseFloat(getComputedStyle(list).rowGap) || 0;
  const starts = [0];
  let used = 0; // height of the page so far
  items.forEach((item, index) => {
    const height = heights.get(item);
    if (index > starts[starts.length - 1] && used + gap + height > limit + 1) {
      starts.push(index);
      used = height;
    } else {
      used += (index > starts[starts.length - 1] ? gap : 0) + height;
    }
  });
  const shown = ((page % starts.length) + starts.length) % starts.length;
  const end = starts[shown + 1] ?? items.length;
  items.forEach((item, index) => { item.hidden = index < starts[shown] || index >= end; });
  return [starts.length, shown];
}
