// The clinician workspace: sign in (demo), choose unit and role, work the queue, run visits,
// follow up the asynchronous inbox. The shared state lives in `ctx`; each view renders from it.
import { CareWireClient } from "/lib/carewire.js";
import { applyEvent } from "/lib/visit.js";
import { t } from "/lib/strings.js";
import { h, $, show, connectionIndicator, wireLanguageButton } from "/lib/ui.js";
import { takeFragmentToken, currentSession, demoPeople, tokenProvider } from "/lib/demo.js";
import { renderDemoLogin, loginUnavailable } from "/lib/login.js";
import { dropLeftovers, takeExpiredMarker, wireSignOut } from "/lib/session.js";
import { QueueView } from "./queue.js";
import { InboxView } from "./inbox.js";
import { VisitView } from "./visit.js";
import { DirectoryView, ColleagueNames } from "./directory.js";

// The server's roles (Sources/Care/Role.swift, in its order). The server lets a staff member watch
// the queues of their own role only: the others are listed but cannot be chosen.
const ROLES = ["nurse", "doctor", "administrator", "midwife", "psychologist", "physiotherapist", "counsellor"];
const sections = ["#loading", "#login", "#start-view", "#inbox-view", "#directory-view", "#visit-view"].map((s) => $(s));
const ctx = {
  client: null, me: null,
  visits: new Map(),      // visit id -> snapshot kept current by its events
  names: new Map(),       // patient id -> name, for items without patientName (from snapshots and the demo directory)
  online: new Map(),      // patient id -> online
  units: new Map(),       // unit id -> name
  providers: new Map(),   // care provider id -> name
  view: "start",
  showView, openVisit: (id) => visitView.show(id), rerender,
  patientName: (id) => ctx.names.get(id) ?? id,
};
let queueView, inboxView, visitView, directoryView;

dropLeftovers();
const expired = takeExpiredMarker();
wireLanguageButton($("#lang"), () => { fillFilters(); rerender(); });
takeFragmentToken("staff");
loadDirectory();
const session = currentSession("staff");
if (session) start(session); else showLogin();

/** Who is signed in, and for which care provider (by name once the directory names it). */
function showMe() {
  const me = ctx.me;
  if (!me) return;
  const provider = ctx.providers.get(me.careProvider) ?? me.careProvider;
  $("#me").textContent = `${me.name}, ${t("role." + me.role)} · ${provider}`;
}

async function loadDirectory() {
  try {
    const people = await demoPeople();
    for (const p of people.patients) ctx.names.set(p.id, p.name);
    for (const u of people.units) ctx.units.set(u.id, u.name);
    if (people.careProvider) ctx.providers.set(people.careProvider.id, people.careProvider.name);
    if (ctx.me) { fillFilters(); rerender(); showMe(); }
    return people;
  } catch {
    return null;   // without demo data the workspace shows ids
  }
}

async function showLogin() {
  show($("#login"), sections);
  $("#login-notice").hidden = !expired;
  const people = await loadDirectory();
  if (!people) return loginUnavailable(new Error("/demo/people"));
  renderDemoLogin("staff", people.staff.map((p) => ({ id: p.id, label: `${p.name} (${t("role." + p.role)})` })), start);
}

function start(s) {
  show($("#loading"), sections);
  const client = new CareWireClient({ getToken: tokenProvider("staff"), storage: sessionStorage, storageKey: s.claims.sub });
  ctx.client = client;
  connectionIndicator(client, $("#conn"));
  wireSignOut(client, $("#logout"));
  queueView = new QueueView(ctx);
  inboxView = new InboxView(ctx);
  visitView = new VisitView(ctx);
  ctx.colleagues = new ColleagueNames(ctx);
  directoryView = new DirectoryView(ctx);
  client.on("welcome", (w) => {
    if (ctx.me) return;   // a reconnect: the client resumes and re-subscribes by itself
    ctx.me = w.principal;
    showMe();
    fillFilters();
    $("#filters").hidden = false;
    $("#nav").hidden = false;
    queueView.subscribe($("#unit").value, $("#role").value);
    inboxView.subscribe();
    showView("start");
  });
  client.on("visit", (snap) => {
    ctx.visits.set(snap.visit, { ...ctx.visits.get(snap.visit), ...snap });
    if (snap.patient && snap.patientOnline !== undefined) ctx.online.set(snap.patient.id, snap.patientOnline);
    if (snap.patient) ctx.names.set(snap.patient.id, snap.patient.name);
    rerender();
  });
  client.on("visit.event", (f) => {
    const v = applyEvent(ctx.visits.get(f.visit) ?? { visit: f.visit }, f);
    ctx.visits.set(f.visit, v);
    rerender();
  });
  client.on("presence", (p) => { ctx.online.set(p.patient, p.online); rerender(); });
  $("#filters").addEventListener("change", () => queueView.subscribe($("#unit").value, $("#role").value));
  $("#nav-start").addEventListener("click", () => showView("start"));
  $("#nav-inbox").addEventListener("click", () => showView("inbox"));
  $("#nav-directory").addEventListener("click", () => { showView("directory"); directoryView.load(); });
  client.connect();
}

function fillFilters() {
  if (!ctx.me) return;
  const unit = $("#unit").value || ctx.me.units?.[0];
  const role = $("#role").value || ctx.me.role;
  $("#unit").replaceChildren(...(ctx.me.units ?? []).map((u) => h("option", { value: u }, ctx.units.get(u) ?? u)));
  $("#role").replaceChildren(...ROLES.map((r) => h("option", { value: r, disabled: r !== ctx.me.role }, t("role." + r))));
  $("#unit").value = unit;
  $("#role").value = role;
}

function showView(view) {
  ctx.view = view;
  show($("#" + view + "-view"), sections);
  for (const b of document.querySelectorAll("#nav button")) {
    if (b.dataset.view === view) b.setAttribute("aria-current", "page"); else b.removeAttribute("aria-current");
  }
  rerender();
}

function rerender() {
  queueView?.render();
  inboxView?.render();
  visitView?.render();
  directoryView?.render();
}
