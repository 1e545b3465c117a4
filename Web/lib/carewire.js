/**
 * carewire.js: the browser client for the CareWire care protocol `carewire.v1`.
 * Plain ES module, no dependencies. Full guide: docs/client-library.md.
 *
 *   import { CareWireClient } from "/lib/carewire.js";
 *   const client = new CareWireClient({ getToken: async () => token });
 *   client.on("state", (s) => badge.textContent = s.state);   // connecting|connected|reconnecting|offline|closed
 *   client.on("visit.event", (e) => render(e));               // in seq order, each seq once
 *   client.connect();
 *   const { id, ack } = client.sendMessage("v-1", "Hej!");    // queued while offline, resent with the same id
 *
 * What it does for you: authenticates with `hello`, reconnects with jittered exponential backoff,
 * resumes every tracked visit from its last seq, resends unacked commands with their original id
 * (the server performs each id once), re-subscribes queues and the inbox, drops duplicate and
 * buffers early visit events, refetches a visit after `reload`, and retries `busy` answers.
 * When the server refuses the token and getToken() has no new one (it returns null), the client
 * stops, forgets what it kept (unsent commands included, also in storage) and emits `unauthorized`.
 */
import { Outbox, RETRYABLE } from "./outbox.js";

export const PROTOCOL = "carewire.v1";
// Answers that settle a command; `error` rejects it.
const ANSWERS = new Set(["welcome", "ack", "visit", "history", "queue", "inbox", "directory.units", "directory.people"]);
// Errors after which a visit will never open for this person again.
const GONE = new Set(["not_found", "forbidden"]);
const WELCOME_TIMEOUT_MS = 10000;

export class CareWireClient {
  #ws = null;
  #state = "idle";
  #attempt = 0;
  #timer = null;
  #welcomeTimer = null;
  #helloId = null;
  #tokenRejected = false;
  #handlers = new Map();
  #visits = new Map();      // visit -> { lastSeq, ahead: Map(seq -> frame), catchUpFrom }
  #queues = new Map();      // "unit\nrole" -> { unit, role }
  #inbox = false;
  #typingSentAt = new Map();
  #counter = 0;

  /**
   * @param {object} o
   * @param {() => Promise<string|null>|string|null} o.getToken  called before every connection attempt
   *        with `{ fresh }`: fresh is true after the server refused the token (4001/unauthorized).
   *        null (or "") means there is no token to be had (signed out, refresh refused): the client
   *        stops and emits `unauthorized`. A throw means "not now" (e.g. offline): it tries again later.
   * @param {string} [o.url]  default ws(s)://<this host>/ws
   * @param {{initialMs?:number,maxMs?:number,factor?:number}} [o.backoff]  default 500, 15000, 2
   * @param {Storage} [o.storage]  keeps unacked commands across page reloads (e.g. sessionStorage)
   * @param {string} [o.storageKey]  separates users sharing a storage (e.g. the token's subject)
   * @param {() => number} [o.random]  jitter source (tests)
   * @param {number} [o.typingIntervalMs]  at most one `typing` per visit per interval (default 2000)
   */
  constructor(o = {}) {
    this.url = o.url ?? defaultUrl();
    this.getToken = o.getToken ?? (() => o.token);
    this.backoff = { initialMs: 500, maxMs: 15000, factor: 2, ...o.backoff };
    this.random = o.random ?? Math.random;
    this.typingIntervalMs = o.typingIntervalMs ?? 2000;
    this.WebSocket = o.WebSocket ?? globalThis.WebSocket;
    this.principal = null;
    /** Milliseconds to add to Date.now() for the server's clock: `welcome.serverTime` minus the local clock. */
    this.clockOffset = 0;
    this.idPrefix = o.idPrefix ?? Math.random().toString(36).slice(2, 8);
    this.outbox = new Outbox(o.storage, "carewire.outbox." + (o.storageKey ?? "default"));
    if (typeof window !== "undefined") {
      window.addEventListener("online", () => this.#reconnectNow());
      window.addEventListener("offline", () => { if (this.#ws) this.#ws.close(); });
    }
  }

  get state() { return this.#state; }

  /** Subscribe to a wire event type, "state", "reload", "outbox", or "*"; returns an unsubscribe function. */
  on(type, fn) {
    if (!this.#handlers.has(type)) this.#handlers.set(type, new Set());
    this.#handlers.get(type).add(fn);
    return () => this.#handlers.get(type).delete(fn);
  }

  connect() {
    if (this.#state !== "idle" && this.#state !== "closed") return;
    this.#open();
  }

  /** Stops for good (unacked commands stay in the outbox and storage). */
  close() {
    clearTimeout(this.#timer);
    this.#setState("closed");
    if (this.#ws) this.#ws.close(1000);
  }

  /**
   * Signing out: stops, and forgets everything this user left behind: unsent commands (in memory
   * and in storage; their promises reject with code `signed_out`), tracked visits, subscriptions.
   */
  forget() {
    this.close();
    this.#visits.clear();
    this.#queues.clear();
    this.#inbox = false;
    this.outbox.clear();
    this.#emit("outbox", { pending: 0 });
  }

  /** The server's clock (ms since 1970) as estimated at the last `welcome`. */
  serverNow() { return Date.now() + this.clockOffset; }

  nextId() { return `${this.idPrefix}-${++this.#counter}-${Date.now().toString(36)}`; }

  /** Sends any command; resolves with its answer, rejects with the `error` frame. */
  send(type, fields = {}, { id = this.nextId() } = {}) {
    const frame = { type, id, ...fields };
    if (type === "typing" || type === "read") { this.#transmit(frame); return Promise.resolve(); }
    const done = this.outbox.add(frame);
    if (this.#state === "connected") this.#transmit(frame);
    this.#emit("outbox", { pending: this.outbox.size });
    return done;
  }

  /** The highest seq received without a gap for a visit (0 if none). */
  lastSeq(visit) { return this.#visits.get(visit)?.lastSeq ?? 0; }

  createVisit({ contactReason, text, priority }) { return this.send("visit.create", { contactReason, text, priority }); }
  /**
   * Tracks a visit whose events up to `seq` the app already holds (e.g. kept in sessionStorage
   * across a page reload): the next `hello` resumes it from there instead of from the start.
   */
  resumeFrom(visit, seq) {
    const v = this.#track(visit);
    v.lastSeq = Math.max(v.lastSeq, seq);
  }
  /** Tracks the visit (resumed on every reconnect) and streams its events after `after`. */
  openVisit(visit, { after } = {}) {
    this.#track(visit);
    return this.send("visit.open", { visit, after: after ?? this.lastSeq(visit) });
  }
  closeVisit(visit) { this.#visits.delete(visit); return this.send("visit.close", { visit }); }
  history(visit, { before, limit } = {}) { return this.send("visit.history", { visit, before, limit }); }
  subscribeQueue(unit, role) { this.#queues.set(unit + "\n" + role, { unit, role }); return this.send("queue.subscribe", { unit, role }); }
  unsubscribeQueue(unit, role) { this.#queues.delete(unit + "\n" + role); return this.send("queue.unsubscribe", { unit, role }); }
  subscribeInbox() { this.#inbox = true; return this.send("inbox.subscribe"); }
  accept(visit) { return this.send("visit.accept", { visit }); }
  start(visit) { return this.send("visit.start", { visit }); }
  setPriority(visit, priority) { return this.send("visit.priority", { visit, priority }); }
  endVisit(visit, { asyncPhaseDays, chargeForVisit }) { return this.send("visit.end", { visit, asyncPhaseDays, chargeForVisit }); }
  markDone(visit) { return this.send("visit.markDone", { visit }); }
  /** Staff: colleagues whose name or unit has words starting with each word of `query` ("ake" finds "Åke"). */
  searchColleagues(query, { limit } = {}) { return this.send("directory.search", { query, limit }); }
  /** Staff: the units with their roles (no arguments), or one unit's people in one role. */
  browseDirectory({ unit, role } = {}) { return this.send("directory.browse", unit ? { unit, role } : {}); }
  /** Staff: colleagues by id (unknown ids are left out of the answer). */
  lookupColleagues(staff) { return this.send("directory.lookup", { staff }); }
  read(visit, upTo) { return this.send("read", { visit, upTo }); }
  /** Returns { id, ack }: `id` is the message's client id (also in its `message` event). */
  sendMessage(visit, text) { const id = this.nextId(); return { id, ack: this.send("message.send", { visit, text }, { id }) }; }
  /** Throttled: at most one per visit per typingIntervalMs. */
  typing(visit) {
    const now = Date.now();
    if (now - (this.#typingSentAt.get(visit) ?? 0) < this.typingIntervalMs) return;
    this.#typingSentAt.set(visit, now);
    this.send("typing", { visit });
  }
  /** Unacked message.send frames (e.g. restored from storage after a reload), oldest first. */
  pendingMessages(visit) { return this.outbox.frames().filter((f) => f.type === "message.send" && f.visit === visit); }

  // --- connection ---------------------------------------------------------------------------

  async #open() {
    this.#setState(this.#state === "idle" || this.#state === "closed" ? "connecting" : this.#state);
    let token;
    try {
      token = await this.getToken({ fresh: this.#tokenRejected });
    } catch (e) {
      return this.#scheduleReconnect();
    }
    if (this.#state === "closed") return;
    if (!token) {   // nobody to connect as: the session is over
      this.forget();
      return this.#emit("unauthorized", { type: "unauthorized", refused: this.#tokenRejected });
    }
    const ws = new this.WebSocket(this.url, PROTOCOL);
    this.#ws = ws;
    this.#welcomeTimer = setTimeout(() => ws.close(), WELCOME_TIMEOUT_MS);
    ws.onopen = () => {
      // The resume is this connection's catch-up request: a snapshot that follows it is not
      // a reason to ask again (see #snapshot).
      const resume = {};
      for (const [visit, v] of this.#visits) {
        v.catchUpFrom = Object.keys(resume).length < 256 ? v.lastSeq : -1;
        if (v.catchUpFrom >= 0) resume[visit] = v.lastSeq;
      }
      this.#helloId = this.nextId();
      ws.send(JSON.stringify({ type: "hello", id: this.#helloId, token, resume }));
    };
    ws.onmessage = (m) => { if (this.#ws === ws) this.#receive(m.data); };
    ws.onclose = (ev) => {
      if (this.#ws !== ws) return;
      clearTimeout(this.#welcomeTimer);
      this.#ws = null;
      if (ev.code === 4001) this.#tokenRejected = true;
      if (this.#state !== "closed") this.#scheduleReconnect();
    };
  }

  #scheduleReconnect() {
    clearTimeout(this.#timer);
    const { initialMs, maxMs, factor } = this.backoff;
    const cap = Math.min(maxMs, initialMs * factor ** this.#attempt);
    const delay = Math.round(cap / 2 + (this.random() * cap) / 2);   // "equal jitter"
    this.#attempt++;
    const offline = typeof navigator !== "undefined" && navigator.onLine === false;
    this.#setState(offline ? "offline" : "reconnecting", { attempt: this.#attempt, delay });
    this.#timer = setTimeout(() => this.#open(), delay);
  }

  #reconnectNow() {
    if (this.#ws || this.#state === "closed" || this.#state === "idle") return;
    clearTimeout(this.#timer);
    this.#open();
  }

  #transmit(frame) {
    if (this.#ws && this.#ws.readyState === 1 && this.#state === "connected") this.#ws.send(JSON.stringify(frame));
  }

  #welcome(f) {
    clearTimeout(this.#welcomeTimer);
    this.principal = f.principal;
    if (typeof f.serverTime === "number") this.clockOffset = f.serverTime - Date.now();
    this.#attempt = 0;
    this.#tokenRejected = false;
    this.#setState("connected", { serverTime: f.serverTime, expiresAt: f.expiresAt });
    // Subscriptions without a pending subscribe of their own; then every unacked command, in order.
    const pending = this.outbox.frames();
    for (const { unit, role } of this.#queues.values()) {
      if (!pending.some((p) => p.type === "queue.subscribe" && p.unit === unit && p.role === role)) this.send("queue.subscribe", { unit, role });
    }
    if (this.#inbox && !pending.some((p) => p.type === "inbox.subscribe")) this.send("inbox.subscribe");
    for (const frame of pending) this.#transmit(frame);
  }

  // --- incoming -----------------------------------------------------------------------------

  #receive(data) {
    let f;
    try { f = JSON.parse(data); } catch { return; }
    if (!f || typeof f.type !== "string") return;
    if (f.type === "welcome") return this.#welcome(f), this.#emit("welcome", f);
    if (f.type === "error" && f.code === "unauthorized") this.#tokenRejected = true;
    const pending = f.id !== undefined ? this.outbox.get(f.id) : undefined;
    if (f.type === "visit") this.#snapshot(f, pending?.frame.type === "visit.open");
    if (f.type === "reload") return this.#reload(f.visit);
    if (f.type === "visit.unsubscribed") this.#visits.delete(f.visit);   // not resumed after a reconnect
    // A resume entry the server refused (no id: it opened the visit itself): stop resuming it.
    if (f.type === "error" && f.id === undefined && f.visit && GONE.has(f.code)) this.#visits.delete(f.visit);
    if (f.type === "visit.event") return this.#visitEvent(f);
    if (pending) this.#settle(pending, f);
    this.#emit(f.type, f);
  }

  #settle(entry, f) {
    if (f.type === "error" && RETRYABLE.has(f.code)) {
      const delay = this.backoff.initialMs * (1 + this.random());
      setTimeout(() => this.#transmit(entry.frame), delay);
      return;
    }
    if (f.type !== "error" && !ANSWERS.has(f.type)) return;
    this.outbox.settle(entry.frame.id, f);
    this.#emit("outbox", { pending: this.outbox.size });
  }

  #track(visit) {
    if (!this.#visits.has(visit)) this.#visits.set(visit, { lastSeq: 0, ahead: new Map(), catchUpFrom: -1 });
    return this.#visits.get(visit);
  }

  // A snapshot that is not the answer to our visit.open may be ahead of us: fetch what is missing.
  #snapshot(f, answersOpen) {
    const v = this.#track(f.visit);
    if (!answersOpen && f.lastSeq > v.lastSeq) this.#catchUp(f.visit, v);
  }

  #catchUp(visit, v) {
    if (v.catchUpFrom === v.lastSeq) return;   // already asked from here
    v.catchUpFrom = v.lastSeq;
    this.send("visit.open", { visit, after: v.lastSeq }).catch(() => {});
  }

  #visitEvent(f) {
    const v = this.#track(f.visit);
    if (f.seq <= v.lastSeq) return;   // duplicate (resume overlap, resend)
    if (f.seq > v.lastSeq + 1) {       // gap: hold it and ask for what is between
      v.ahead.set(f.seq, f);
      return this.#catchUp(f.visit, v);
    }
    this.#deliver(v, f);
    while (v.ahead.has(v.lastSeq + 1)) {
      const next = v.ahead.get(v.lastSeq + 1);
      v.ahead.delete(next.seq);
      this.#deliver(v, next);
    }
  }

  #deliver(v, f) {
    v.lastSeq = f.seq;
    this.#emit("visit.event", f);
  }

  // The server cannot resume the visit: local state goes; the fresh snapshot that follows at
  // once makes #snapshot fetch the events from the start.
  #reload(visit) {
    const v = this.#track(visit);
    v.lastSeq = 0;
    v.ahead.clear();
    v.catchUpFrom = -1;
    this.#emit("reload", { type: "reload", visit });
  }

  #setState(state, detail = {}) {
    const changed = state !== this.#state;
    this.#state = state;
    if (changed || detail.attempt) this.#emit("state", { state, ...detail });
  }

  #emit(type, payload) {
    for (const key of [type, "*"]) {
      for (const fn of this.#handlers.get(key) ?? []) {
        try { fn(payload); } catch (e) { console.error("carewire handler", type, e); }
      }
    }
  }
}

function defaultUrl() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws`;
}
