// A table as the room knows it: its number, and the name the set-up gave it ("3 · Bühne").
import { t } from "../lib/i18n.js";

// "Tisch 3 · Bühne", or "Tisch 3" for a table without a name.
export function tableLabel(number, name) {
  return name ? t("table_named", { number, name }) : t("table_n", { number });
}

// "3 · Bühne" where the word "table" is already said around it (a chip, the table map).
export function shortTableLabel(number, name) {
  return name ? `${number} · ${name}` : String(number);
}

// The tables of one pillar, for a panel's sub-line.
export function pillarTables(tables, pillarId) {
  return tables.filter((table) => table.pillar_id === pillarId)
    .map((table) => tableLabel(table.number, table.name)).join(", ");
}
