// The patient app: sign in (demo), seek care, follow the queue, chat, write in the async phase.
import { CareWireClient } from "/lib/carewire.js";
import { ChatView } from "/lib/chat.js";
import { applyEvent, describeEvent } from "/lib/visit.js";
import { t, onLangChange } from "/lib/strings.js";
import { h, $, show, connectionIndicator, wireLanguageButton, announce, daysLeft, showError } from "/lib/ui.js";
import { takeFragmentToken, currentSession, demoPeople, signOut, tokenProvider } from "/lib/demo.js";
import { renderDemoLogin, loginUnavailable } from "/lib/login.js";

const sections = ["#loading", "#login", "#seek", "#visit"].map((s) => $(s));
const visits = new Map();   // visit id -> snapshot kept current by events
let current = null;         // the visit on screen
let client = null;
let chat = null;
let seekTimer = null;

wireLanguageButton($("#lang"), render);
onLangChange(() => fillReasons());
takeFragmentToken("patient");
const session = currentSession("patient");
if (session) start(session); else showLogin();

async function showLogin() {
  show($("#login"), sections);
  try {
    const people = await demoPeople();
    renderDemoLogin("patient", people.patients.map((p) => ({ id: p.id, label: p.name })), start);
  } catch (e) {
    loginUnavailable(e);
  }
}

function start(s) {
  show($("#loading"), sections);
  $("#logout").hidden = false;
  $("#logout").onclick = () => { client.close(); signOut("patient"); location.reload(); };
  client = new CareWireClient({ getToken: tokenProvider("patient"), storage: sessionStorage, storageKey: s.claims.sub });
  connectionIndicator(client, $("#conn"));
  chat = new ChatView($("#chat"), client, {
    me: { kind: "patient", id: s.claims.sub },
    nameOf: () => current?.responsible?.name ?? t("patient.care"),
    describe: (e) => (e.kind === "priorityChanged" ? null : describeEvent(e)),   // triage is the staff's
  });
  client.on("welcome", () => {
    // The server follows `welcome` with a snapshot of each open visit; without one, offer "Sök vård".
    clearTimeout(seekTimer);
    if (!current) seekTimer = setTimeout(() => { if (!current) showSeek(); }, 400);
  });
  client.on("visit", (snap) => {
    const known = visits.get(snap.visit);
    visits.set(snap.visit, { ...known, ...snap });
    if (snap.state === "closed" && current?.visit !== snap.visit) return;
    if (!current || current.visit === snap.visit || snap.arrivedAt > current.arrivedAt) display(snap.visit);
  });
  client.on("visit.event", (f) => {
    const v = visits.get(f.visit) ?? { visit: f.visit };
    visits.set(f.visit, applyEvent(v, f));
    if (f.event.kind === "message" && f.actor.kind !== "patient") announce(t("chat.new", { name: v.responsible?.name ?? t("patient.care"), text: f.event.text }));
    if (current?.visit === f.visit) render();
  });
  client.on("position", (p) => {
    const v = visits.get(p.visit);
    if (v) { v.queuePosition = p.position; if (current?.visit === p.visit) render(); }
  });
  client.on("reload", (f) => { const v = visits.get(f.visit); if (v) v.lastSeq = 0; });
  $("#seek-form").addEventListener("submit", seek);
  $("#visit-again").addEventListener("click", showSeek);
  fillReasons();
  client.connect();
}

function fillReasons() {
  const select = $("#seek-reason");
  const chosen = select.value;
  select.replaceChildren(...t("seek.reasons").split("|").map((r) => h("option", { value: r }, r)));
  if (chosen) select.value = chosen;
}

function showSeek() {
  current = null;
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
    visits.set(ack.visit, visits.get(ack.visit) ?? { visit: ack.visit, state: "waiting", arrivedAt: Date.now() });
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
      const n = daysLeft(v.asyncPhaseEndsAt);
      title = t("patient.asyncPhase");
      detail = n === 1 ? t("patient.dayLeft") : t("patient.daysLeft", { n });
      break;
    }
    default: title = t("patient.closed");
  }
  $("#visit-title").textContent = title;
  $("#visit-detail").textContent = detail;
  $("#visit").dataset.state = v.state ?? "waiting";
  $("#visit").dataset.visit = v.visit;
  $("#visit-again").hidden = v.state !== "closed";
  const writable = v.state === "inProgress" || v.state === "asyncPhase";
  chat.setWritable(writable, v.state === "closed" ? t("chat.closed") : t("chat.notStarted"));
}
