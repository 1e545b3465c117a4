// The commands the server has not answered yet, in the order they were made. carewire.js resends
// them with their original id after every reconnect (the server performs an id once), so a
// message typed while offline is sent exactly once. With a Storage they also survive a reload
// (their promises do not: a restored command settles silently).

// Error codes after which the same command may simply be sent again (docs/protocol.md).
export const RETRYABLE = new Set(["busy", "rate_limited", "internal"]);

export class Outbox {
  #entries = new Map();   // id -> { frame, resolve, reject }

  constructor(storage, key) {
    this.storage = storage;
    this.key = key;
    for (const frame of this.#load()) this.#entries.set(frame.id, { frame, resolve() {}, reject() {} });
  }

  get size() { return this.#entries.size; }
  get(id) { return this.#entries.get(id); }
  frames() { return [...this.#entries.values()].map((e) => e.frame); }

  add(frame) {
    return new Promise((resolve, reject) => {
      this.#entries.set(frame.id, { frame, resolve, reject });
      this.#save();
    });
  }

  /** Drops every command, here and in storage (signing out); their promises reject with `signed_out`. */
  clear() {
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    try { this.storage?.removeItem(this.key); } catch { /* disabled storage: nothing was kept */ }
    for (const e of entries) e.reject(Object.assign(new Error("signed out"), { type: "error", code: "signed_out" }));
  }

  /** Removes the command: resolves with its answer, or rejects with the `error` frame. */
  settle(id, answer) {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    this.#save();
    if (answer.type === "error") entry.reject(Object.assign(new Error(answer.message ?? answer.code), answer));
    else entry.resolve(answer);
  }

  // Only the commands that change something are worth keeping across a reload; subscriptions
  // and opens are made again by the page that loads.
  #save() {
    if (!this.storage) return;
    const keep = this.frames().filter((f) => !["visit.open", "visit.close", "visit.history", "queue.subscribe",
      "queue.unsubscribe", "inbox.subscribe", "directory.search", "directory.browse", "directory.lookup"].includes(f.type));
    try {
      if (keep.length) this.storage.setItem(this.key, JSON.stringify(keep));
      else this.storage.removeItem(this.key);
    } catch { /* storage full or disabled: the in-memory outbox still works */ }
  }

  #load() {
    if (!this.storage) return [];
    try { return JSON.parse(this.storage.getItem(this.key) ?? "[]"); } catch { return []; }
  }
}
