// Ideas wait here (in localStorage) until the server acknowledges them, across reloads.
export function newClientId() {
  // crypto.randomUUID needs https; getRandomValues works on a plain-http venue network.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export class Outbox {
  constructor(key) {
    this.key = key;
  }

  all() {
    try {
      return JSON.parse(localStorage.getItem(this.key)) ?? [];
    } catch {
      return [];
    }
  }

  save(items) {
    localStorage.setItem(this.key, JSON.stringify(items));
  }

  add(item) {
    this.save([...this.all().filter((i) => i.client_id !== item.client_id), item]);
  }

  remove(clientId) {
    this.save(this.all().filter((i) => i.client_id !== clientId));
  }
}
