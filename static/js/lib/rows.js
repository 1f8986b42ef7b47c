// Long lists drawn often (a hall's ideas and people, redrawn as events arrive): a row is
// built anew only when what it shows changed, and rows already in place stay where they are.
// Rebuilding a thousand rows for each new idea kept the console's browser busy, and a form
// open in a row (an idea being edited) lost what was being typed.
export class KeptRows {
  constructor(container) {
    this.container = container;
    this.rows = new Map();  // id -> { key, node }
  }

  // items in the order shown; keyOf(item): a string of everything the row shows but what
  // patch sets; build(item): its element; patch(node, item), if given: brings the few parts
  // of a row that change often up to date in place (a round's start gives everyone a new
  // table: two cells each, not a thousand rows built anew).
  draw(items, keyOf, build, patch = null) {
    const next = new Map();
    const nodes = items.map((item) => {
      const key = keyOf(item);
      const kept = this.rows.get(item.id);
      const node = kept && kept.key === key ? kept.node : build(item);
      if (patch) patch(node, item);
      next.set(item.id, { key, node });
      return node;
    });
    this.rows = next;
    place(this.container, nodes);
  }
}

// Puts nodes into container in this order, moving only those not already in their place:
// a new idea on top moves one node, not a thousand (a moved node restarts its animations,
// and a list left in place keeps its scroll position).
export function place(container, nodes) {
  const children = container.children;
  nodes.forEach((node, index) => {
    const there = children[index];
    if (there !== node) container.insertBefore(node, there ?? null);
  });
  while (children.length > nodes.length) container.lastElementChild.remove();
}
