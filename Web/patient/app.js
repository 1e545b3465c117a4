// The patient app: sign in (demo), seek care, follow the queue, chat, write in the async phase.
// The conversation on screen is kept in sessionStorage until sign-out (lib/session.js), so that a
// reload while the connection is down shows the last known state, marked as not updated, and the
// client resumes it from its last event instead of fetching it again.
import { CareWireClient } from "/lib/carewire.js";
import { ChatView, isAutomatic } from "/lib/chat.js";
import { applyEvent, describeForPatient } from "/lib/visit.js";
import { t, onLangChange, contactReasons } from "/lib/strings.js";
import { h, $, show, connectionIndicator, wireLanguageButton, announce, daysLeft, showError } from "/lib/ui.js";
import { takeFragmentToken, currentSession, demoPeople, tokenProvider } from "/lib/demo.js";
import { renderDemoLogin, loginUnavailable } from "/lib/login.js";
import { dropLeftovers, takeExpiredMarker, wireSignOut } from "/lib/session.js";

const sections = ["#loading", "#login", "#seek", "#visit"].map((s) => $(s));
const visits = new Map();   // visit id -> snapshot kept current by events
let current = null;         // the visit on screen
let stale = false;          // the visit on screen is the kept copy: the server has not answered yet
let keptKey = null;         // sessionStorage key of the kept conversation
let client = null;
let chat = null;
let seekTimer = null;

dropLeftovers();
const expired = takeExpiredMarker();
wireLanguageButton($("#lang"), render);
onLangChange(() => fillReasons());
takeFragmentToken("patient");
const session = currentSession("patient");
if (session) start(session); else showLogin();

async function showLogin() {
  show($("#login"), sections);
  $("#login-notice").hidden = !expired;
  try {
    const people = await demoPeople();
    renderDemoLogin("patient", people.patients.map((p) => ({ id: p.id, label: p.name })), start);
  } catch (e) {
    loginUnavailable(e);
  }
}

function start(s) {
  show($("#loading"), sections);
  $("#me-name").textContent = s.claims.name ?? "";   // a shared phone: say who is signed in
  $("#me").hidden = false;
  keptKey = "carewire.conversation." + s.claims.sub;
  client = new CareWireClient({ getToken: tokenProvider("patient"), storage: sessionStorage, storageKey: s.claims.sub });
  wireSignOut(client, $("#logout"));
  connectionIndicator(client, $("#conn"));
  chat = new ChatView($("#chat"), client, {
    me: { kind: "patient", id: s.claims.sub },
    nameOf: () => current?.responsible?.name ?? t("patient.care"),
    describe: describeForPatient,   // triage is the staff's; the end in plain words
  });
  client.on("welcome", (w) => {
    if (w.principal?.name) $("#me-name").textContent = w.principal.name;
    // The server follows `welcome` with a snapshot of each open visit; without one, offer "Sök vård".
    clearTimeout(seekTimer);
    if (!current) seekTimer = setTimeout(() => { if (!current) showSeek(); }, 400);
  });
  client.on("visit", (snap) => {
    const known = visits.get(snap.visit);
    visits.set(snap.visit, { ...known, ...snap });
    if (current?.visit === snap.visit) stale = false;
    if (snap.state === "closed" && current?.visit !== snap.visit) return;
    if (!current || current.visit === snap.visit || snap.arrivedAt > current.arrivedAt) display(snap.visit);
  });
  // The kept visit cannot be resumed (the server refused that entry of the resume): start afresh.
  client.on("error", (f) => { if (stale && f.id === undefined && f.visit === current?.visit) showSeek(); });
  client.on("visit.event", (f) => {
    const v = visits.get(f.visit) ?? { visit: f.visit };
    visits.set(f.visit, applyEvent(v, f));
    if (f.event.kind === "message" && f.actor.kind !== "patient") {
      announce(isAutomatic(f) ? `${t("chat.auto")}: ${f.event.text}`
        : t("chat.new", { name: v.responsible?.name ?? t("patient.care"), text: f.event.text }));
    }
    if (current?.visit === f.visit) { render(); keep(); }
  });
  client.on("position", (p) => {
    const v = visits.get(p.visit);
    if (v) { v.queuePosition = p.position; if (current?.visit === p.visit) render(); }
  });
  client.on("reload", (f) => { const v = visits.get(f.visit); if (v) v.lastSeq = 0; });
  $("#seek-form").addEventListener("submit", seek);
  $("#visit-again").addEventListener("click", showSeek);
  fillReasons();
  restoreKept();
  client.connect();
  setInterval(render, 60000);   // the days left count down with the page open
}

// --- the kept conversation ------------------------------------------------------------------

function keep() {
  if (!current) return;
  const saved = { visit: visits.get(current.visit), events: chat.history.get(current.visit) ?? [], clockOffset: client.clockOffset };
  try { sessionStorage.setItem(keptKey, JSON.stringify(saved)); } catch { /* full or disabled: nothing kept */ }
}

function forgetKept() {
  try { sessionStorage.removeItem(keptKey); } catch { /* disabled */ }
}

function restoreKept() {
  let saved = null;
  try { saved = JSON.parse(sessionStorage.getItem(keptKey) ?? "null"); } catch { /* unreadable: ignore */ }
  const id = saved?.visit?.visit;
  if (!id || !Array.isArray(saved.events)) return;
  // Events are kept from seq 1 without gaps, so the client can resume after the last one.
  if (!saved.events.every((f, i) => f.seq === i + 1)) return forgetKept();
  visits.set(id, saved.visit);
  client.clockOffset = saved.clockOffset ?? 0;
  if (saved.events.length) client.resumeFrom(id, saved.events.at(-1).seq);
  chat.restore(id, saved.events);
  stale = true;
  display(id);
}

// --- screens --------------------------------------------------------------------------------

function fillReasons() {
  const select = $("#seek-reason");
  const chosen = select.value;
  select.replaceChildren(...contactReasons().map((r) => h("option", { value: r.value }, r.label)));
  if (chosen) select.value = chosen;
}

function showSeek() {
  current = null;
  stale = false;
  forgetKept();
  show($("#seek"), sections);
  $("#seek-reason").focus();
}

async function seek(e) {
  e.preventDefault();
  const button = e.submitter ?? $("#seek-form button");
  button.disabled = true;
  try {
    const text = $("#seek-text").value.trim();
    const ack = await client.createVisit({ contactReason: $("#seek-reason").value, text: text || undefined });
    $("#seek-text").value = "";
    visits.set(ack.visit, visits.get(ack.visit) ?? { visit: ack.visit, state: "waiting", arrivedAt: client.serverNow() });
    display(ack.visit);
  } catch (err) {
    showError($("#seek-error"), err);
  } finally {
    button.disabled = false;
  }
}

function display(visitId) {
  const first = current?.visit !== visitId;
  current = visits.get(visitId);
  if (first) chat.setVisit(visitId);
  show($("#visit"), sections);
  render();
  keep();
}

function render() {
  if (!current) return;
  const v = visits.get(current.visit) ?? current;
  current = v;
  const name = v.responsible?.name;
  let title, detail = "";
  switch (v.state) {
    case "waiting":
      title = t("patient.waiting");
      detail = (v.queuePosition ? t("patient.position", { n: v.queuePosition }) + " " : "") + t("patient.waitingLead");
      break;
    case "accepted": title = name ? t("patient.accepted", { name }) : t("patient.acceptedAnon"); break;
    case "inProgress": title = t("patient.inProgress", { name: name ?? t("patient.care") }); break;
    case "asyncPhase": {
      // Days left by the server's clock (welcome.serverTime), not the phone's.
      const n = daysLeft(v.asyncPhaseEndsAt, client.serverNow());
      title = n > 0 ? t("patient.asyncPhase", { n }) : t("patient.asyncPhaseEnding");
      detail = t("patient.asyncPhaseLead");
      break;
    }
    default: title = t("patient.closed"); detail = t("patient.closedLead");
  }
  $("#visit-title").textContent = title;
  $("#visit-detail").textContent = detail;
  $("#visit-stale").hidden = !stale;
  $("#visit").dataset.state = v.state ?? "waiting";
  $("#visit").dataset.visit = v.visit;
  $("#visit").toggleAttribute("data-stale", stale);
  $("#visit-again").hidden = v.state !== "closed";
  const writable = v.state === "inProgress" || v.state === "asyncPhase";
  chat.setWritable(writable, v.state === "closed" ? null : t("chat.notStarted"));
}
