// The visit view: patient header (name, personal identity number with copy, online), the actions
// the state allows (Ta emot, Starta besök, Avsluta besök, Markera som klar), the chat on the left,
// triage, priority and the visit note on the right, and the end-visit dialog.
import { ChatView } from "/lib/chat.js";
import { describeEvent } from "/lib/visit.js";
import { t, reasonLabel } from "/lib/strings.js";
import { h, $, daysLeft, dateTime, showError, announce } from "/lib/ui.js";
import { onlineDot } from "./queue.js";

export class VisitView {
  constructor(ctx) {
    this.ctx = ctx;
    this.id = null;
    this.chat = new ChatView($("#visit-chat"), ctx.client, {
      me: { kind: "staff", id: null },
      nameOf: (actor) => (actor.kind === "patient" ? this.visit()?.patient?.name ?? t("queue.patient")
        : actor.kind === "staff" ? this.ctx.colleagues.name(actor.id) : actor.id),
      describe: describeEvent,
    });
    ctx.client.on("welcome", (w) => { this.chat.me.id = w.principal.id; });
    ctx.client.on("visit.event", (f) => {
      if (f.visit === this.id && f.event.kind === "message" && f.actor.kind === "patient") {
        announce(t("chat.new", { name: this.visit()?.patient?.name ?? "", text: f.event.text }));
      }
    });
    // A colleague accepted the waiting visit shown here: it stays on screen, read-only, with why.
    ctx.client.on("visit.unsubscribed", (f) => {
      const v = ctx.visits.get(f.visit);
      if (v) v.unfollowed = f.reason;
      if (f.visit !== this.id) return;
      const el = $("#visit-error");
      el.textContent = t("visit.unsubscribed." + f.reason);
      el.hidden = false;
      this.render();
    });
    $("#visit-back").addEventListener("click", () => ctx.showView(this.backTo ?? "start"));
    $("#visit-copy").addEventListener("click", () => this.copyPin());
    $("#priority-form").addEventListener("submit", (e) => { e.preventDefault(); this.changePriority(); });
    // The draft lives in sessionStorage: this tab, until sign-out (lib/session.js clears it).
    $("#notes").addEventListener("input", () => {
      try { sessionStorage.setItem("carewire.note." + this.id, $("#notes").value); } catch { /* full or disabled */ }
    });
    $("#end-form").addEventListener("submit", (e) => this.submitEnd(e));
    $("#end-cancel").addEventListener("click", () => $("#end-dialog").close());
    $("#end-form").addEventListener("change", () => { $("#end-error").hidden = true; });
  }

  visit() { return this.ctx.visits.get(this.id); }

  async show(id) {
    this.backTo = this.ctx.view === "visit" ? this.backTo : this.ctx.view;
    this.id = id;
    $("#visit-error").hidden = true;
    $("#notes").value = sessionStorage.getItem("carewire.note." + id) ?? "";
    this.chat.setVisit(id);
    this.ctx.showView("visit");
    $("#visit-title").focus();
    if (!this.visit()?.patient) await this.ctx.client.openVisit(id).catch((e) => showError($("#visit-error"), e));
  }

  render() {
    const v = this.visit();
    if (this.ctx.view !== "visit" || !v) return;
    const me = this.ctx.me?.id;
    const mine = v.responsible?.id === me;
    $("#visit-title").textContent = v.patient?.name ?? this.ctx.patientName(v.patient?.id ?? "");
    $("#visit-pin").textContent = v.patient?.personalIdentityNumber ?? "";
    $("#visit-online").replaceChildren(onlineDot(this.ctx.online.get(v.patient?.id) ?? v.patientOnline));
    $("#visit-state").textContent = t("state." + v.state);
    $("#visit-state").dataset.state = v.state;
    const days = v.state === "asyncPhase" && v.asyncPhaseEndsAt ? daysLeft(v.asyncPhaseEndsAt, this.ctx.client.serverNow()) : null;
    $("#visit-days").hidden = days === null;
    $("#visit-days").textContent = days === null ? "" : t("visit.daysLeft", { n: days });
    this.renderActions(v, mine && !v.unfollowed);
    this.renderFacts(v);
    const priority = $("#priority");
    if (!priority.options.length || priority.dataset.max !== String(v.kind === "dropIn" ? 5 : 99)) this.fillPriorities(v);
    if (document.activeElement !== priority) priority.value = String(v.priority);
    $("#priority-form").hidden = v.state === "closed" || Boolean(v.unfollowed);
    this.chat.setWritable(mine && (v.state === "inProgress" || v.state === "asyncPhase"), null);
  }

  renderActions(v, mine) {
    const action = (key, cls, fn) => h("button", { type: "button", class: cls, onclick: (e) => this.run(e.currentTarget, fn) }, t(key));
    const buttons = [];
    if (v.state === "waiting" && !v.unfollowed) buttons.push(action("act.accept", "primary accept", () => this.ctx.client.accept(v.visit)));
    if (mine && v.state === "accepted") buttons.push(action("act.start", "primary start", () => this.ctx.client.start(v.visit)));
    if (mine && v.state === "inProgress") buttons.push(h("button", { type: "button", class: "danger end", onclick: () => this.openEnd() }, t("act.end")));
    if (mine && v.state === "asyncPhase" && v.asyncInbox === "inbox") buttons.push(action("act.markDone", "mark-done", () => this.ctx.client.markDone(v.visit)));
    const holder = $("#visit-actions");
    const focused = holder.contains(document.activeElement);
    holder.replaceChildren(...buttons);
    if (focused) (buttons[0] ?? $("#visit-title")).focus();   // keep keyboard users in place
  }

  renderFacts(v) {
    const row = (k, value) => [h("dt", {}, t(k)), h("dd", {}, value ?? "–")];
    $("#visit-facts").replaceChildren(
      ...row("visit.reason", v.contactReason && reasonLabel(v.contactReason)),
      ...row("visit.text", v.text),
      ...row("visit.priority", String(v.priority ?? "")),
      ...row("visit.arrived", v.arrivedAt ? `${dateTime(v.arrivedAt)}` : null),
      ...row("visit.state", t("state." + v.state)),
      ...row("visit.responsible", v.responsible ? `${v.responsible.name}, ${t("role." + v.responsible.role)}` : null),
      ...(v.chargeForVisit !== undefined ? row("visit.charge", v.chargeForVisit ? t("yes") : t("no")) : []));
  }

  fillPriorities(v) {
    const max = v.kind === "dropIn" ? 5 : 99;
    $("#priority").dataset.max = String(max);
    $("#priority").replaceChildren(...Array.from({ length: max }, (_, i) => h("option", { value: String(i + 1) }, String(i + 1))));
  }

  async run(button, fn) {
    button.disabled = true;
    $("#visit-error").hidden = true;
    try { await fn(); } catch (e) { showError($("#visit-error"), e); button.disabled = false; }
  }

  async changePriority() {
    const p = Number($("#priority").value);
    if (p === this.visit()?.priority) return;
    try { await this.ctx.client.setPriority(this.id, p); announce(t("ev.priority", { from: "", to: p })); } catch (e) { showError($("#visit-error"), e); }
  }

  async copyPin() {
    const pin = $("#visit-pin").textContent;
    try { await navigator.clipboard.writeText(pin); } catch { getSelection().selectAllChildren($("#visit-pin")); }
    $("#visit-copy").textContent = t("act.copied");
    announce(t("act.copied") + ": " + pin);
    setTimeout(() => { $("#visit-copy").textContent = t("act.copy"); }, 2000);
  }

  openEnd() {
    $("#end-error").hidden = true;
    for (const r of document.querySelectorAll("#end-form input[name=charge]")) r.checked = false;
    $("#end-days").value = "7";
    $("#end-dialog").showModal();
    $("#end-days").focus();
  }

  async submitEnd(e) {
    e.preventDefault();
    const days = Number($("#end-days").value);
    const charge = document.querySelector("#end-form input[name=charge]:checked");
    const refuse = (text, field) => { $("#end-error").textContent = text; $("#end-error").hidden = false; field.focus(); };
    if (!Number.isInteger(days) || days < 0 || days > 365) return refuse(t("end.daysHint"), $("#end-days"));
    if (!charge) return refuse(t("end.chargeMissing"), $("#charge-yes"));
    $("#end-submit").disabled = true;
    try {
      await this.ctx.client.endVisit(this.id, { asyncPhaseDays: days, chargeForVisit: charge.value === "yes" });
      $("#end-dialog").close();
      $("#visit-title").focus();
    } catch (err) {
      showError($("#end-error"), err);
    } finally {
      $("#end-submit").disabled = false;
    }
  }
}
