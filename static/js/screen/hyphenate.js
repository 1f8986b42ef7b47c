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
      ? window.createHyphenator(patterns, { html: false, minWordLength: 7 })
      : null);
  }
  return hyphenators.get(lang);
}

// The text with soft hyphens where the language allows a break; unchanged when the patterns
// are missing (the text is still shown, words then shrink to fit instead).
export function hyphenated(text, lang) {
  const hyphenate = hyphenatorFor(lang);
  return hyphenate ? hyphenate(text) : text;
}
