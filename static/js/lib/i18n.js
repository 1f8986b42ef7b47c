// Texts for scripts come translated from the server in a JSON block (not executed, CSP-safe).
const strings = JSON.parse(document.getElementById("i18n").textContent);

export const lang = document.documentElement.lang || "de";

// A counted text comes in its forms ({one, other}, app/web/ui.py ngettext); params.count picks one.
const pluralRules = new Intl.PluralRules(lang);

export function t(key, params = {}) {
  const entry = strings[key] ?? key;
  const text = typeof entry === "string" ? entry : entry[pluralRules.select(Number(params.count))] ?? entry.other;
  return text.replace(/%\((\w+)\)s/g, (_, name) => String(params[name] ?? ""));
}
