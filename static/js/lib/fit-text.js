// A text at its own size, smaller while one of its words is wider than its box: a long German
// compound ("zivilgesellschaftlichem") is never broken without a hyphen. Chromium on Linux
// has no German hyphenation dictionary, so `hyphens: auto` may do nothing; phones' browsers
// mostly hyphenate, and then the text keeps its size.

// The last resort: a word still too wide at `smallest` breaks anywhere rather than being
// cut off (each page's CSS gives .squeezed `overflow-wrap: anywhere`).
export function fitText(node, size, { smallest = 0.6, unit = "em" } = {}) {
  setSize(node, size, unit);
  while (size > smallest && tooWide(node)) {
    size = Math.max(smallest, size - 0.05);
    node.style.setProperty("font-size", `${size.toFixed(2)}${unit}`);
  }
  if (tooWide(node)) node.classList.add("squeezed");
}

export function setSize(node, size, unit = "em") {
  node.classList.remove("squeezed");
  node.style.setProperty("font-size", `${size}${unit}`);
}

export const tooWide = (node) => node.scrollWidth > node.clientWidth + 1;
