// Inkorg: the asynchronous inbox with its three tabs (Inkorg: the patient wrote; Kräver ingen
// åtgärd: after "Markera som klar"; Avslutade). Live from inbox.updated.
import { t, reasonLabel } from "/lib/strings.js";
import { h, $, renderTabs, table, dateTime, showError } from "/lib/ui.js";

const TABS = ["inbox", "requiresNoAction", "ended"];

export class InboxView {
  constructor(ctx) {
    this.ctx = ctx;
    this.tabs = { inbox: [], requiresNoAction: [], ended: [] };
    this.tab = "inbox";
    ctx.client.on("inbox", (f) => {
      for (const k of TABS) this.tabs[k] = f[k] ?? [];
      this.render();
    });
    ctx.client.on("inbox.updated", (f) => {
      for (const k of TABS) this.tabs[k] = this.tabs[k].filter((i) => i.visit !== f.visit);
      const list = this.tabs[f.tab];
      if (list) list.splice(Math.max(0, (f.position ?? 1) - 1), 0, f);
      this.render();
    });
  }

  subscribe() { this.ctx.client.subscribeInbox().catch(() => {}); }

  async markDone(visit, button) {
    button.disabled = true;
    try {
      await this.ctx.client.markDone(visit);
    } catch (e) {
      showError($("#visit-error"), e);
      button.disabled = false;
    }
  }

  render() {
    $("#inbox-count").textContent = this.tabs.inbox.length ? String(this.tabs.inbox.length) : "";
    if (this.ctx.view !== "inbox") return;
    renderTabs($("#inbox-tabs"), TABS.map((k) => ({ key: k, label: t("inbox." + k), count: this.tabs[k].length })),
      this.tab, (key) => { this.tab = key; this.render(); });
    $("#inbox-panel").setAttribute("aria-labelledby", "inbox-tabs-" + this.tab);
    const items = this.tabs[this.tab];
    if (!items.length) return $("#inbox-panel").replaceChildren(h("p", { class: "empty" }, t("inbox.empty")));
    $("#inbox-panel").replaceChildren(table(t("inbox." + this.tab),
      [t("queue.patient"), t("queue.reason"), t("queue.prio"), t("inbox.last"), t("inbox.ends"), t("queue.actions")],
      items.map((i) => h("tr", { dataset: { visit: i.visit } },
        h("td", {}, i.patientName ?? this.ctx.patientName(i.patient)),
        h("td", {}, reasonLabel(i.contactReason)),
        h("td", {}, String(i.priority)),
        h("td", {}, i.lastPatientMessageAt ? dateTime(i.lastPatientMessageAt) : "–"),
        h("td", {}, i.asyncPhaseEndsAt ? dateTime(i.asyncPhaseEndsAt) : "–"),
        h("td", { class: "row-actions" },
          h("button", { type: "button", onclick: () => this.ctx.openVisit(i.visit) }, t("act.open")),
          this.tab === "inbox" ? h("button", { type: "button", class: "mark-done", onclick: (e) => this.markDone(i.visit, e.currentTarget) }, t("act.markDone")) : null)))));
  }
}
