// Small DOM helpers shared by the patient app and the clinician workspace. No inline styles
// anywhere (the server's CSP forbids them): state is shown with classes, `hidden` and data-*.
import { t, getLang, setLang, applyStrings } from "./strings.js";

/** h("button", { class: "primary", onclick: fn, "aria-label": "x" }, "text", child) */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);

/** Shows exactly one of the given sections. */
export function show(active, all) {
  for (const el of all) el.hidden = el !== active;
}

/** Keeps `el` telling the connection state; pending unsent commands are mentioned. */
export function connectionIndicator(client, el) {
  let pending = 0;
  el.hidden = false;
  const render = () => {
    const state = client.state === "idle" ? "connecting" : client.state;
    el.dataset.state = state;
    el.textContent = t("conn." + state) + (pending && state !== "connected" ? " · " + t("conn.pending", { n: pending }) : "");
  };
  client.on("state", render);
  client.on("outbox", (o) => { pending = o.pending; render(); });
  render();
  return render;
}

/** Polite announcement for screen readers (new messages, results of actions). */
export function announce(text) {
  const el = $("#announcer");
  if (!el) return;
  el.textContent = "";
  // A new text node in the next frame makes screen readers announce repeated texts too.
  requestAnimationFrame(() => { el.textContent = text; });
}

export function wireLanguageButton(button, rerender) {
  applyStrings(document);
  button.addEventListener("click", () => { setLang(getLang() === "sv" ? "en" : "sv"); rerender(); });
}

const locale = () => (getLang() === "sv" ? "sv-SE" : "en-GB");

export function clock(ms) {
  return new Date(ms).toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit" });
}

export function dateTime(ms) {
  return new Date(ms).toLocaleString(locale(), { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

export function minutesSince(ms, now = Date.now()) {
  return Math.max(0, Math.floor((now - ms) / 60000));
}

// The server's clock is known to within the latency of one `welcome` (carewire.js serverNow()):
// counting days, a minute of slack keeps "7 days and a few ms" from reading as 8.
const CLOCK_SLACK_MS = 60000;

/** Whole days left until `endsAt` (rounded up), by `now` (pass the client's serverNow()). */
export function daysLeft(endsAt, now = Date.now()) {
  return Math.max(0, Math.ceil((endsAt - now - CLOCK_SLACK_MS) / 86400000));
}

/** Shows an error from a command (the `error` frame) as an alert in `el`. */
export function showError(el, err) {
  const reasonText = err && err.reason && t("err." + err.reason) !== "err." + err.reason ? t("err." + err.reason) : null;
  el.textContent = reasonText ?? t("err.generic", { message: err?.message ?? err?.code ?? String(err) });
  el.hidden = false;
}

/**
 * A WAI-ARIA tab list in `container`: items [{ key, label, count }]; arrow keys move between tabs,
 * Enter/Space or a click chooses. `onSelect(key)` is called on a choice.
 */
export function renderTabs(container, items, selected, onSelect) {
  const buttons = items.map((item) => h("button", {
    type: "button", role: "tab", id: container.id + "-" + item.key, "aria-selected": String(item.key === selected),
    tabindex: item.key === selected ? "0" : "-1", dataset: { key: item.key }, onclick: () => onSelect(item.key),
  }, item.label, item.count !== undefined ? h("span", { class: "count" }, String(item.count)) : null));
  const hadFocus = container.contains(document.activeElement);
  container.replaceChildren(...buttons);
  if (hadFocus) buttons.find((b) => b.dataset.key === selected)?.focus();
  container.onkeydown = (e) => {
    const i = buttons.indexOf(document.activeElement);
    if (i < 0 || (e.key !== "ArrowRight" && e.key !== "ArrowLeft")) return;
    const next = buttons[(i + (e.key === "ArrowRight" ? 1 : buttons.length - 1)) % buttons.length];
    onSelect(next.dataset.key);
  };
}

/** A table with a caption, header cells and rows (arrays of cells or a <tr> each). */
export function table(caption, headers, rows) {
  return h("table", { class: "list" },
    h("caption", { class: "visually-hidden" }, caption),
    h("thead", {}, h("tr", {}, headers.map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, rows));
}
