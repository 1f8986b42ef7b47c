// Soft hyphens in the room's long words, so that "Willkommenslotsen" breaks as
// "Willkommens-lotsen" and never as "Willkommenslots|en". Chromium on Linux ships no
// hyphenation dictionary, so CSS `hyphens: auto` alone does nothing there; TeX's patterns from
// npm's "hyphen" (loaded by the screen page as classic scripts) do the same work offline.
const PATTERN_GLOBALS = { de: "hyphenationPatternsDe1996", en: "hyphenationPatternsEnUs" };
const hyphenators = new Map();

function hyphenatorFor(lang) {
  if (!hyphenators.has(lang)) {
    const patterns = window[PATTERN_GLOBALS[lang]];
    // html: false, or a "<" in an idea would be taken for the start of a tag.
    hyphenators.set(lang, window.createHyphenator && patterns
      ? window.createHyphenator(patterns, { html: false, minWordLength: 11 })
      : null);
  }
  return hyphenators.get(lang);
}

// A break that leaves one or two letters on a line ("Neuzugewander-te") reads worse than none.
const SHORT_HEAD = /(^|[^\p{L}\u00AD])(\p{L}{1,2})\u00AD/gu;
const SHORT_TAIL = /\u00AD(\p{L}{1,2})(?=$|[^\p{L}\u00AD])/gu;

// The text with soft hyphens where the language allows a break, in long words only (the
// compounds a screen column cannot hold; shorter words move to the next line whole).
// Unchanged when the patterns are missing: words then shrink to fit instead.
export function hyphenated(text, lang) {
  const hyphenate = hyphenatorFor(lang);
  if (!hyphenate) return text;
  return hyphenate(text).replace(SHORT_HEAD, "$1$2").replace(SHORT_TAIL, "$1");
}
