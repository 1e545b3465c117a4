// Startsida: the queue of the chosen unit and role ("Väntar i kö") and the visits this staff
// member has accepted ("Mottagna"). Live from queue.* events; waiting times tick every 15 s and
// a case waiting over 15 minutes is highlighted (every case should be accepted within 15).
import { t, reasonLabel } from "/lib/strings.js";
import { h, $, renderTabs, table, minutesSince, clock, showError, announce } from "/lib/ui.js";

const OVERDUE_MIN = 15;

export class QueueView {
  constructor(ctx) {
    this.ctx = ctx;
    this.entries = new Map();   // visit -> queue entry
    this.resource = null;
    this.tab = "waiting";
    const c = ctx.client;
    c.on("queue", (f) => {
      if (!this.matches(f)) return;
      this.entries = new Map(f.entries.map((e) => [e.visit, e]));
      this.render();
    });
    for (const type of ["queue.added", "queue.updated"]) {
      c.on(type, (f) => {
        if (!this.matches(f)) return;
        const isNew = !this.entries.has(f.visit);
        this.entries.set(f.visit, f);
        if (isNew) announce(`${t("queue.waiting")}: ${reasonLabel(f.contactReason)}, ${t("queue.prio")} ${f.priority}`);
        this.render();
      });
    }
    c.on("queue.removed", (f) => { if (this.matches(f)) { this.entries.delete(f.visit); this.render(); } });
    setInterval(() => this.render(), 15000);
  }

  matches(f) { return this.resource && f.unit === this.resource.unit && f.role === this.resource.role; }

  subscribe(unit, role) {
    const c = this.ctx.client;
    if (this.resource) c.unsubscribeQueue(this.resource.unit, this.resource.role).catch(() => {});
    this.resource = { unit, role };
    this.entries.clear();
    c.subscribeQueue(unit, role).catch((e) => showError($("#queue-error"), e));
    this.render();
  }

  mine() {
    const me = this.ctx.me;
    return [...this.ctx.visits.values()]
      .filter((v) => v.responsible?.id === me?.id && (v.state === "accepted" || v.state === "inProgress"))
      .sort((a, b) => a.arrivedAt - b.arrivedAt);
  }

  async accept(visit, button) {
    button.disabled = true;
    try {
      await this.ctx.client.accept(visit);
      this.ctx.openVisit(visit);
    } catch (e) {
      showError($("#queue-error"), e);
      button.disabled = false;
    }
  }

  render() {
    const waiting = [...this.entries.values()].sort((a, b) => a.priority - b.priority || a.arrivedAt - b.arrivedAt);
    const mine = this.mine();
    $("#queue-count").textContent = waiting.length ? String(waiting.length) : "";
    if (this.ctx.view !== "start") return;
    renderTabs($("#queue-tabs"), [
      { key: "waiting", label: t("queue.waiting"), count: waiting.length },
      { key: "mine", label: t("queue.mine"), count: mine.length },
    ], this.tab, (key) => { this.tab = key; this.render(); });
    $("#queue-panel").setAttribute("aria-labelledby", "queue-tabs-" + this.tab);
    $("#queue-panel").replaceChildren(this.tab === "waiting" ? this.waitingTable(waiting) : this.mineTable(mine));
  }

  waitingTable(entries) {
    if (!entries.length) return h("p", { class: "empty" }, t("queue.empty"));
    const now = this.ctx.client.serverNow();
    return table(t("queue.caption"),
      [t("queue.prio"), t("queue.reason"), t("queue.patient"), t("queue.wait"), t("queue.online"), t("queue.actions")],
      entries.map((e) => {
        const minutes = minutesSince(e.arrivedAt, now);
        const overdue = minutes >= OVERDUE_MIN;
        const online = this.ctx.online.get(e.patient) ?? e.patientOnline;
        return h("tr", { class: overdue ? "overdue" : "", dataset: { visit: e.visit } },
          h("td", {}, h("span", { class: "prio prio-" + Math.min(e.priority, 5) }, String(e.priority))),
          h("td", {}, reasonLabel(e.contactReason)),
          h("td", {}, e.patientName ?? this.ctx.patientName(e.patient)),
          h("td", { class: "wait" }, t("queue.minutes", { n: minutes }), overdue ? h("span", { class: "flag" }, " ", t("queue.overdue")) : null),
          h("td", {}, onlineDot(online)),
          h("td", { class: "row-actions" },
            h("button", { type: "button", onclick: () => this.ctx.openVisit(e.visit) }, t("act.open")),
            h("button", { type: "button", class: "primary accept", onclick: (ev) => this.accept(e.visit, ev.currentTarget) }, t("act.accept"))));
      }));
  }

  mineTable(visits) {
    if (!visits.length) return h("p", { class: "empty" }, t("queue.mineEmpty"));
    return table(t("queue.mine"),
      [t("queue.prio"), t("queue.reason"), t("queue.patient"), t("visit.arrived"), t("queue.state"), t("queue.actions")],
      visits.map((v) => h("tr", { dataset: { visit: v.visit } },
        h("td", {}, h("span", { class: "prio prio-" + Math.min(v.priority, 5) }, String(v.priority))),
        h("td", {}, reasonLabel(v.contactReason)),
        h("td", {}, v.patient?.name ?? ""),
        h("td", {}, clock(v.arrivedAt)),
        h("td", {}, t("state." + v.state)),
        h("td", {}, h("button", { type: "button", onclick: () => this.ctx.openVisit(v.visit) }, t("act.open"))))));
  }
}

export function onlineDot(online) {
  return h("span", { class: online ? "dot online" : "dot", dataset: { online: online ? "1" : "0" } }, online ? t("online") : t("notOnline"));
}
