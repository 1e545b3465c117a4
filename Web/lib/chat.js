// The chat of one visit, shared by both apps: bubbles in seq order, the sender's own messages
// with their state under the bubble (sending / queued / sent / read), system lines for the visit's
// other events, the typing indicator, and a composer (Enter sends, Shift+Enter breaks the line).
// New messages from the other side are announced through the log's live region.
//
// "Sent" (Skickat) means the server has stored the message (its ack); "read" (Läst) that the other
// side's receipt covers it. There is no "delivered to the device" state: the protocol has no such
// receipt (docs/client-library.md, known gaps).
//
// A message the service wrote itself (the welcome message when a visit starts, reminders) carries
// no client message id: it is shown as an automatic message in both apps, never as typed by the
// clinician it is sent in the name of.
import { h, clock } from "./ui.js";
import { t } from "./strings.js";

const TYPING_SHOWN_MS = 4000;

export class ChatView {
  /**
   * @param {HTMLElement} root  empty container
   * @param {import("./carewire.js").CareWireClient} client
   * @param {object} o  me: { kind, id }; nameOf(actor) -> display name; describe(event, frame) -> system line or null
   */
  constructor(root, client, { me, nameOf, describe }) {
    Object.assign(this, { root, client, me, nameOf, describe });
    this.visit = null;
    this.lastOtherSeq = 0;
    this.sentReadUpTo = 0;
    this.typingTimer = null;
    const inputId = "chat-input-" + Math.random().toString(36).slice(2, 7);
    this.log = h("ol", { class: "chat-log", role: "log", "aria-live": "polite", "aria-label": t("chat.log"), tabindex: "0" });
    this.typingLine = h("p", { class: "typing", "aria-live": "polite" });
    this.input = h("textarea", { id: inputId, rows: "2", placeholder: t("chat.placeholder"), "data-i18n-placeholder": "chat.placeholder" });
    this.sendButton = h("button", { type: "submit", class: "primary", "data-i18n": "chat.send" }, t("chat.send"));
    this.hint = h("p", { class: "chat-hint", hidden: true });
    this.form = h("form", { class: "composer", onsubmit: (e) => { e.preventDefault(); this.submit(); } },
      h("label", { for: inputId, class: "visually-hidden", "data-i18n": "chat.input" }, t("chat.input")), this.input, this.sendButton);
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); this.submit(); }
    });
    this.input.addEventListener("input", () => { if (this.visit && this.input.value) this.client.typing(this.visit); });
    root.replaceChildren(h("section", { class: "chat", "aria-label": t("chat.label") }, this.log, this.typingLine, this.hint, this.form));
    // Every visit's events and receipts are kept, so switching visits redraws from memory.
    this.history = new Map();   // visit -> visit.event frames in seq order
    this.readUpTo = new Map();  // visit -> highest seq the other side has read
    client.on("visit.event", (f) => {
      if (!this.history.has(f.visit)) this.history.set(f.visit, []);
      this.history.get(f.visit).push(f);
      if (f.visit === this.visit) this.onEvent(f);
    });
    client.on("receipt", (f) => {
      if (f.by.kind === me.kind) return;
      this.readUpTo.set(f.visit, Math.max(this.readUpTo.get(f.visit) ?? 0, f.upTo));
      if (f.visit === this.visit) this.refreshReceipts();
    });
    client.on("typing", (f) => { if (f.visit === this.visit && f.by.kind !== me.kind) this.onTyping(f.by); });
    client.on("state", () => this.refreshReceipts());
    client.on("reload", (f) => { this.history.delete(f.visit); if (f.visit === this.visit) this.reset(); });
    document.addEventListener("visibilitychange", () => this.markRead());
  }

  /** Shows a visit; its events arrive through the client (open the visit first). */
  setVisit(visit) {
    if (visit === this.visit) return;
    this.visit = visit;
    this.reset();
  }

  reset() {
    this.log.replaceChildren();
    this.lastOtherSeq = 0;
    this.sentReadUpTo = 0;
    this.clearTyping();
    for (const f of this.history.get(this.visit) ?? []) this.onEvent(f);
    // Messages typed earlier that the server has not acknowledged yet (also after a page reload).
    for (const f of this.client.pendingMessages(this.visit)) this.addPending(f.id, f.text);
  }

  /** Events of a visit the app kept from before a page reload (seq order, from seq 1). */
  restore(visit, frames) {
    this.history.set(visit, [...frames]);
    if (visit === this.visit) this.reset();
  }

  /** Whether the composer is usable; `hint` says why not. */
  setWritable(writable, hint) {
    this.form.hidden = !writable;
    this.hint.hidden = writable || !hint;
    this.hint.textContent = hint ?? "";
  }

  submit() {
    const text = this.input.value.trim();
    if (!text || !this.visit) return;
    const { id, ack } = this.client.sendMessage(this.visit, text);
    this.addPending(id, text);
    this.input.value = "";
    ack.then((a) => this.delivered(id, a.seq), (err) => this.failed(id, err));
  }

  addPending(id, text) {
    if (this.log.querySelector(`[data-client-id="${CSS.escape(id)}"]`)) return;
    this.log.append(this.bubble({ mine: true, text, at: Date.now(), clientId: id }));
    this.refreshReceipts();
    this.scroll();
  }

  delivered(id, seq) {
    const li = this.log.querySelector(`[data-client-id="${CSS.escape(id)}"]`);
    if (li && seq) li.dataset.seq = seq;
    this.refreshReceipts();
  }

  failed(id, err) {
    const li = this.log.querySelector(`[data-client-id="${CSS.escape(id)}"]`);
    if (!li) return;
    li.dataset.failed = "1";
    li.querySelector(".receipt").textContent = t("err.generic", { message: err.message ?? err.code });
  }

  onEvent(f) {
    const e = f.event;
    const mine = f.actor.kind === this.me.kind && f.actor.id === this.me.id;
    if (e.kind === "message" && isAutomatic(f)) {
      this.log.append(this.bubble({ mine: false, auto: true, text: e.text, at: f.at, seq: f.seq, name: t("chat.auto") }));
    } else if (e.kind === "message") {
      const existing = this.log.querySelector(`[data-client-id="${CSS.escape(e.clientMessageId)}"]`);
      if (existing) {
        existing.dataset.seq = f.seq;
        existing.querySelector("time").textContent = clock(f.at);
      } else {
        const name = mine ? t("chat.you") : this.nameOf(f.actor);
        this.log.append(this.bubble({ mine, text: e.text, at: f.at, seq: f.seq, clientId: e.clientMessageId, name }));
      }
    } else {
      const line = this.describe(e, f);
      if (line) this.log.append(h("li", { class: "system", dataset: { seq: f.seq } }, h("span", {}, line), " ", h("time", {}, clock(f.at))));
    }
    if (f.actor.kind !== this.me.kind) {
      this.lastOtherSeq = f.seq;
      if (e.kind === "message") this.clearTyping();
    }
    this.refreshReceipts();
    this.markRead();
    this.scroll();
  }

  onTyping(by) {
    this.typingLine.textContent = t("chat.typing", { name: this.nameOf(by) });
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.clearTyping(), TYPING_SHOWN_MS);
  }

  clearTyping() { this.typingLine.textContent = ""; }

  // Tell the other side what we have seen, when the page is actually visible.
  // Coalesced, so a burst of events (a resume, a history replay) gives one `read`.
  markRead() {
    if (this.readTimer) return;
    this.readTimer = setTimeout(() => {
      this.readTimer = null;
      if (!this.visit || document.visibilityState !== "visible" || this.lastOtherSeq <= this.sentReadUpTo) return;
      this.sentReadUpTo = this.lastOtherSeq;
      this.client.read(this.visit, this.lastOtherSeq);
    }, 50);
  }

  refreshReceipts() {
    const online = this.client.state === "connected";
    const readUpTo = this.readUpTo.get(this.visit) ?? 0;
    for (const li of this.log.querySelectorAll("li.mine:not([data-failed])")) {
      const seq = Number(li.dataset.seq || 0);
      const state = !seq ? (online ? "sending" : "queued") : seq <= readUpTo ? "read" : "sent";
      li.dataset.receipt = state;
      li.querySelector(".receipt").textContent = t("chat." + state);
    }
  }

  bubble({ mine, auto, text, at, seq, clientId, name }) {
    return h("li", { class: mine ? "msg mine" : auto ? "msg theirs auto" : "msg theirs", dataset: { seq: seq ?? "", clientId: clientId ?? "" } },
      !mine && name ? h("span", { class: "sender" }, name) : null,
      h("p", { class: "text" }, text),
      h("span", { class: "meta" }, h("time", {}, clock(at)), mine ? h("span", { class: "receipt" }) : null));
  }

  scroll() { this.log.scrollTop = this.log.scrollHeight; }
}

/** A message the service wrote (no client message id, or the system as its author). */
export function isAutomatic(f) {
  return f.event.kind === "message" && (!f.event.clientMessageId || f.actor.kind === "system");
}
