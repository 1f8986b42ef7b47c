// Texts for scripts come translated from the server in a JSON block (not executed, CSP-safe).
const strings = JSON.parse(document.getElementById("i18n").textContent);

export function t(key, params = {}) {
  const text = strings[key] ?? key;
  return text.replace(/%\((\w+)\)s/g, (_, name) => String(params[name] ?? ""));
}

export const lang = document.documentElement.lang || "de";
