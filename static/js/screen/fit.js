// Every idea readable in full: smaller type for long ideas, words never cut, pages that turn.

// Long ideas get smaller type so that a wall holds more of them (em of the card).
export function sizeForLength(text) {
  if (text.length <= 90) return 1;
  if (text.length <= 180) return 0.9;
  if (text.length <= 300) return 0.8;
  return 0.72;
}

const SMALLEST = 0.6; // em: below this the back of the hall reads nothing

// The text's own size, then smaller while a word is wider than its box: a long German
// compound is not broken without a hyphen (Chromium on Linux has no German hyphenation
// dictionary, so `hyphens: auto` may do nothing).
export function fitText(node, size) {
  node.classList.remove("squeezed");
  node.style.setProperty("font-size", `${size}em`);
  while (size > SMALLEST && node.scrollWidth > node.clientWidth + 1) {
    size = Math.max(SMALLEST, size - 0.05);
    node.style.setProperty("font-size", `${size.toFixed(2)}em`);
  }
  // The last resort: a word still too wide breaks anywhere rather than being cut off.
  if (node.scrollWidth > node.clientWidth + 1) node.classList.add("squeezed");
}

// A card's text in full: a long text that would fill much of the list gets smaller type (the
// card's data-size), no card is taller than the list, and no word is wider than the card.
export function fitCard(node, text, room) {
  node.hidden = false;
  const fitFor = `${node.clientWidth}x${room}`;
  if (node.dataset.fitFor === fitFor) return;
  let size = 1;
  fitText(text, size);
  if (node.offsetHeight > room * 0.35) fitText(text, Number(node.dataset.size));
  size = parseFloat(text.style.getPropertyValue("font-size"));
  while (node.offsetHeight > room && size > SMALLEST) {
    size = Math.max(SMALLEST, size - 0.05);
    fitText(text, size);
  }
  node.dataset.fitFor = fitFor;
}

// Splits the list's items into pages of its height and shows page `page` (wrapping round);
// returns [pages, the page shown]. The first item of a page always shows.
export function showPage(list, page) {
  const items = [...list.children];
  for (const item of items) item.hidden = false;
  const limit = list.clientHeight;
  const starts = [0];
  let top = items.length ? items[0].offsetTop : 0;
  items.forEach((item, index) => {
    if (index > starts[starts.length - 1] && item.offsetTop + item.offsetHeight - top > limit + 1) {
      starts.push(index);
      top = item.offsetTop;
    }
  });
  const shown = ((page % starts.length) + starts.length) % starts.length;
  const end = starts[shown + 1] ?? items.length;
  items.forEach((item, index) => { item.hidden = index < starts[shown] || index >= end; });
  return [starts.length, shown];
}
