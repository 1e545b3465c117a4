// Every text the web apps show, Swedish first (the words staff use in their daily tool), English
// switchable. `t("key", { name })` fills {name}. A text that counts something is an object of
// plural forms ({ one, other }, Intl.PluralRules' categories) and `t` picks the form for `n`:
// t("conn.pending", { n: 1 }) is "1 meddelande …"; every count in the apps goes through `t`.
// HTML marks static text with data-i18n="key" (textContent), data-i18n-label (aria-label) and
// data-i18n-placeholder; applyStrings() fills them.

const sv = {
  "app.patient": "Min vård", "app.clinician": "CareWire Klinik", "app.start": "CareWire",
  "lang.switch": "In English", "logout": "Logga ut", "loading": "Laddar…", "skip": "Hoppa till innehållet",
  "conn.connecting": "Ansluter…", "conn.connected": "Ansluten", "conn.reconnecting": "Återansluter…",
  "conn.offline": "Offline", "conn.closed": "Frånkopplad", "conn.label": "Anslutning",
  "conn.pending": { one: "1 meddelande skickas när anslutningen är tillbaka", other: "{n} meddelanden skickas när anslutningen är tillbaka" },
  "me.label": "Inloggad som", "login.expired": "Du har loggats ut eftersom inloggningen har gått ut. Logga in igen.",
  "login.patient.title": "Logga in", "login.patient.lead": "Demo: välj vem du är. I verkligheten loggar du in med BankID.",
  "login.staff.title": "Logga in i vårdgivargränssnittet", "login.staff.lead": "Demo: välj personal. I verkligheten loggar du in med SITHS-kort.",
  "login.as": "Logga in som {name}", "login.failed": "Inloggningen misslyckades: {message}",
  "seek.title": "Sök vård", "seek.lead": "Beskriv varför du söker vård så tar vårdpersonal emot dig i chatten.",
  "seek.reason": "Kontaktorsak", "seek.text": "Beskriv dina besvär", "seek.submit": "Sök vård",
  "seek.reasons": "Halsont|Ont i örat|Feber|Hosta|Utslag|Urinvägsinfektion|Förnya recept|Annat",
  "patient.waiting": "Väntar i kö", "patient.position": "Du är nummer {n} i kön.",
  "patient.waitingLead": "Vårdpersonal tar emot ärenden i prioritetsordning. Du kan lämna sidan, vi sparar din plats.",
  "patient.accepted": "{name} har tagit emot ditt ärende. Besöket startar snart.",
  "patient.acceptedAnon": "Vården har tagit emot ditt ärende. Besöket startar snart.",
  "patient.inProgress": "Pågående besök med {name}",
  "patient.asyncPhase": { one: "Du kan skriva till vården i 1 dag till", other: "Du kan skriva till vården i {n} dagar till" },
  "patient.asyncPhaseEnding": "Du kan skriva till vården en kort stund till",
  "patient.asyncPhaseLead": "Har du frågor efter besöket kan du skriva här, så svarar vården.",
  "patient.closed": "Konversationen är stängd", "patient.closedLead": "Du kan inte längre skriva här. Sök vård igen om du behöver hjälp.",
  "patient.newVisit": "Sök vård igen", "patient.care": "Vården", "patient.stale": "Inte uppdaterat – ansluter…",
  "chat.label": "Chatt", "chat.log": "Meddelanden", "chat.input": "Meddelande", "chat.placeholder": "Skriv ett meddelande…",
  "chat.send": "Skicka", "chat.typing": "{name} skriver…", "chat.you": "Du",
  "chat.sending": "Skickas…", "chat.queued": "Skickas när anslutningen är tillbaka", "chat.sent": "Skickat", "chat.read": "Läst",
  "chat.auto": "Automatiskt meddelande",
  "chat.notStarted": "Du kan skriva när besöket har startat.", "chat.closed": "Besöket är stängt för nya meddelanden.",
  "chat.new": "Nytt meddelande från {name}: {text}",
  "ev.created": "Ärendet skapades: {reason}", "ev.accepted": "{name} tog emot ärendet", "ev.started": "{name} startade besöket",
  "ev.priority": "Prioritet ändrad från {from} till {to}",
  "ev.ended": { one: "Besöket avslutades. Uppföljningsperiod: 1 dag.", other: "Besöket avslutades. Uppföljningsperiod: {n} dagar." },
  "ev.markedDone": "Markerat som klart", "ev.closed": "Besöket stängdes",
  "ev.endedPatient": "Vården har avslutat besöket.", "ev.closedPatient": "Konversationen stängdes.",
  "nav.label": "Huvudmeny", "nav.start": "Startsida", "nav.inbox": "Inkorg", "nav.directory": "Personalkatalog",
  "dir.title": "Personalkatalog", "dir.search": "Sök kollega", "dir.searchHint": "Namn eller vårdenhet, t.ex. ”ake” eller ”sodra”.",
  "dir.hits": "Sökträffar", "dir.none": "Ingen kollega matchar ”{query}”.", "dir.more": "Fler träffar finns: skriv mer av namnet.",
  "dir.tree": "Vårdenhet, roll och vårdpersonal",
  "filter.unit": "Vårdenhet", "filter.role": "Roll",
  "role.nurse": "Sjuksköterska", "role.doctor": "Läkare", "role.administrator": "Administratör", "role.midwife": "Barnmorska",
  "role.psychologist": "Psykolog", "role.physiotherapist": "Fysioterapeut", "role.counsellor": "Kurator",
  "queue.waiting": "Väntar i kö", "queue.mine": "Mottagna", "queue.caption": "Ärenden i prioritetsordning",
  "queue.prio": "Prio", "queue.reason": "Kontaktorsak", "queue.patient": "Patient", "queue.wait": "Väntetid", "queue.online": "Online",
  "queue.actions": "Åtgärd", "queue.empty": "Ingen väntar i kö.", "queue.mineEmpty": "Du har inga mottagna besök.",
  "queue.overdue": "Väntat över 15 minuter", "queue.minutes": "{n} min", "queue.state": "Status",
  "online": "Online", "notOnline": "Inte online",
  "act.accept": "Ta emot", "act.start": "Starta besök", "act.end": "Avsluta besök", "act.open": "Öppna",
  "act.markDone": "Markera som klar", "act.priority": "Ändra prioritet", "act.copy": "Kopiera", "act.copied": "Kopierat",
  "act.cancel": "Avbryt", "act.back": "Tillbaka",
  "visit.triage": "Triageresultat och prioritet", "visit.reason": "Kontaktorsak", "visit.text": "Anamnes",
  "visit.priority": "Prioritet", "visit.arrived": "Ankomst", "visit.state": "Status", "visit.responsible": "Ansvarig",
  "visit.pin": "Personnummer", "visit.notes": "Besöksanteckning",
  "visit.notesHint": "Sparas bara i den här fliken och raderas när du loggar ut. Kopiera till journalsystemet.",
  "visit.daysLeft": { one: "1 dag kvar av uppföljningsperioden", other: "{n} dagar kvar av uppföljningsperioden" },
  "visit.empty": "Välj ett ärende i listan.",
  "visit.unsubscribed.access_ended": "En kollega har tagit emot besöket.", "visit.unsubscribed.unavailable": "Besöket kan inte visas just nu.",
  "visit.charge": "Debitering", "yes": "Ja", "no": "Nej",
  "state.waiting": "Väntar i kö", "state.accepted": "Mottagen", "state.inProgress": "Pågående",
  "state.asyncPhase": "Asynkron fas", "state.closed": "Stängd",
  "end.title": "Avsluta besök", "end.days": "Uppföljningsperiod (dagar)",
  "end.daysHint": "Asynkron fas: perioden då patienten kan skriva i besöket, 0–365 dagar.",
  "end.charge": "Ta betalt för detta besök?", "end.chargeMissing": "Välj om besöket ska debiteras.",
  "inbox.title": "Asynkrona ärenden", "inbox.inbox": "Inkorg", "inbox.requiresNoAction": "Kräver ingen åtgärd", "inbox.ended": "Avslutade",
  "inbox.last": "Senaste meddelande", "inbox.ends": "Asynkron fas slutar", "inbox.empty": "Inga ärenden här.",
  "err.generic": "Det gick inte: {message}", "err.already_accepted": "En kollega har redan tagit emot ärendet.",
  "start.lead": "Realtidsservern för digitala vårdbesök är igång. Öppna patientappen och klinikerns arbetsyta i två fönster.",
  "start.patient": "Patientappen", "start.patientHint": "Sök vård, chatta med vården (mobilanpassad).",
  "start.clinician": "Klinikerns arbetsyta", "start.clinicianHint": "Kön, ta emot, starta och avsluta besök, inkorg.",
  "start.tech": "Teknik",
};

const en = {
  "app.patient": "My care", "app.clinician": "CareWire Clinic", "app.start": "CareWire",
  "lang.switch": "På svenska", "logout": "Log out", "loading": "Loading…", "skip": "Skip to content",
  "conn.connecting": "Connecting…", "conn.connected": "Connected", "conn.reconnecting": "Reconnecting…",
  "conn.offline": "Offline", "conn.closed": "Disconnected", "conn.label": "Connection",
  "conn.pending": { one: "1 message will be sent when the connection is back", other: "{n} messages will be sent when the connection is back" },
  "me.label": "Logged in as", "login.expired": "You have been logged out because your login expired. Log in again.",
  "login.patient.title": "Log in", "login.patient.lead": "Demo: choose who you are. In real life you log in with BankID.",
  "login.staff.title": "Log in to the care provider interface", "login.staff.lead": "Demo: choose a staff member. In real life you log in with a SITHS card.",
  "login.as": "Log in as {name}", "login.failed": "Login failed: {message}",
  "seek.title": "Seek care", "seek.lead": "Tell us why you seek care and a clinician will meet you in the chat.",
  "seek.reason": "Contact reason", "seek.text": "Describe your symptoms", "seek.submit": "Seek care",
  "seek.reasons": "Sore throat|Earache|Fever|Cough|Rash|Urinary tract infection|Renew prescription|Other",
  "patient.waiting": "Waiting in queue", "patient.position": "You are number {n} in the queue.",
  "patient.waitingLead": "Clinicians take cases in order of priority. You may leave the page, your place is kept.",
  "patient.accepted": "{name} has accepted your case. The visit starts soon.",
  "patient.acceptedAnon": "Your case has been accepted. The visit starts soon.",
  "patient.inProgress": "Visit in progress with {name}",
  "patient.asyncPhase": { one: "You can write to the clinic for 1 more day", other: "You can write to the clinic for {n} more days" },
  "patient.asyncPhaseEnding": "You can write to the clinic for a short while longer",
  "patient.asyncPhaseLead": "If you have questions after the visit, write here and the clinic will answer.",
  "patient.closed": "The conversation is closed", "patient.closedLead": "You can no longer write here. Seek care again if you need help.",
  "patient.newVisit": "Seek care again", "patient.care": "The clinic", "patient.stale": "Not updated – connecting…",
  "chat.label": "Chat", "chat.log": "Messages", "chat.input": "Message", "chat.placeholder": "Write a message…",
  "chat.send": "Send", "chat.typing": "{name} is typing…", "chat.you": "You",
  "chat.sending": "Sending…", "chat.queued": "Will be sent when the connection is back", "chat.sent": "Sent", "chat.read": "Read",
  "chat.auto": "Automatic message",
  "chat.notStarted": "You can write once the visit has started.", "chat.closed": "The visit is closed for new messages.",
  "chat.new": "New message from {name}: {text}",
  "ev.created": "Case created: {reason}", "ev.accepted": "{name} accepted the case", "ev.started": "{name} started the visit",
  "ev.priority": "Priority changed from {from} to {to}",
  "ev.ended": { one: "The visit ended. Follow-up period: 1 day.", other: "The visit ended. Follow-up period: {n} days." },
  "ev.markedDone": "Marked as done", "ev.closed": "The visit was closed",
  "ev.endedPatient": "The clinic has ended the visit.", "ev.closedPatient": "The conversation was closed.",
  "nav.label": "Main menu", "nav.start": "Start page", "nav.inbox": "Inbox", "nav.directory": "Staff directory",
  "dir.title": "Staff directory", "dir.search": "Find a colleague", "dir.searchHint": "Name or care unit, e.g. “ake” or “sodra”.",
  "dir.hits": "Search results", "dir.none": "No colleague matches “{query}”.", "dir.more": "There are more matches: type more of the name.",
  "dir.tree": "Care unit, role and staff",
  "filter.unit": "Care unit", "filter.role": "Role",
  "role.nurse": "Nurse", "role.doctor": "Doctor", "role.administrator": "Administrator", "role.midwife": "Midwife",
  "role.psychologist": "Psychologist", "role.physiotherapist": "Physiotherapist", "role.counsellor": "Counsellor",
  "queue.waiting": "Waiting in queue", "queue.mine": "Accepted", "queue.caption": "Cases in order of priority",
  "queue.prio": "Prio", "queue.reason": "Contact reason", "queue.patient": "Patient", "queue.wait": "Waiting", "queue.online": "Online",
  "queue.actions": "Action", "queue.empty": "Nobody is waiting.", "queue.mineEmpty": "You have no accepted visits.",
  "queue.overdue": "Waiting over 15 minutes", "queue.minutes": "{n} min", "queue.state": "State",
  "online": "Online", "notOnline": "Not online",
  "act.accept": "Accept", "act.start": "Start visit", "act.end": "End visit", "act.open": "Open",
  "act.markDone": "Mark as done", "act.priority": "Change priority", "act.copy": "Copy", "act.copied": "Copied",
  "act.cancel": "Cancel", "act.back": "Back",
  "visit.triage": "Triage result and priority", "visit.reason": "Contact reason", "visit.text": "Anamnesis",
  "visit.priority": "Priority", "visit.arrived": "Arrived", "visit.state": "State", "visit.responsible": "Responsible",
  "visit.pin": "Personal identity number", "visit.notes": "Visit note",
  "visit.notesHint": "Kept in this tab only and deleted when you log out. Copy it to the record system.",
  "visit.daysLeft": { one: "1 day left of the follow-up period", other: "{n} days left of the follow-up period" },
  "visit.empty": "Choose a case in the list.",
  "visit.unsubscribed.access_ended": "A colleague accepted the visit.", "visit.unsubscribed.unavailable": "The visit cannot be shown right now.",
  "visit.charge": "Charge", "yes": "Yes", "no": "No",
  "state.waiting": "Waiting", "state.accepted": "Accepted", "state.inProgress": "In progress",
  "state.asyncPhase": "Async phase", "state.closed": "Closed",
  "end.title": "End visit", "end.days": "Follow-up period (days)",
  "end.daysHint": "Async phase: how long the patient may still write in the visit, 0-365 days.",
  "end.charge": "Charge for this visit?", "end.chargeMissing": "Choose whether to charge for the visit.",
  "inbox.title": "Asynchronous cases", "inbox.inbox": "Inbox", "inbox.requiresNoAction": "Requires no action", "inbox.ended": "Ended",
  "inbox.last": "Latest message", "inbox.ends": "Async phase ends", "inbox.empty": "No cases here.",
  "err.generic": "That did not work: {message}", "err.already_accepted": "A colleague has already accepted the case.",
  "start.lead": "The real-time server for digital care visits is running. Open the patient app and the clinician workspace in two windows.",
  "start.patient": "Patient app", "start.patientHint": "Seek care, chat with the clinic (phone-sized).",
  "start.clinician": "Clinician workspace", "start.clinicianHint": "The queue, accept, start and end visits, inbox.",
  "start.tech": "Technical",
};

/** Both tables, for tests (the same keys, the same plural keys). */
export const tables = { sv, en };
const KEY = "carewire.lang";
let lang = (() => { try { return localStorage.getItem(KEY) === "en" ? "en" : "sv"; } catch { return "sv"; } })();
const listeners = new Set();

export function getLang() { return lang; }

export function setLang(next) {
  lang = next === "en" ? "en" : "sv";
  try { localStorage.setItem(KEY, lang); } catch { /* private mode: this page only */ }
  applyStrings(document);
  for (const fn of listeners) fn(lang);
}

export function onLangChange(fn) { listeners.add(fn); }

const pluralRules = { sv: new Intl.PluralRules("sv"), en: new Intl.PluralRules("en") };

/** The text of `key` in the current language with {params} filled; plural forms by `params.n`. */
export function t(key, params = {}) {
  let text = tables[lang][key] ?? sv[key] ?? key;
  if (typeof text === "object") text = text[pluralRules[lang].select(Number(params.n))] ?? text.other;
  return text.replace(/\{(\w+)\}/g, (_, k) => (params[k] ?? ""));
}

/**
 * The contact reasons a patient chooses from: `value` is the clinic's Swedish term (what is sent,
 * what staff see, what the demo's waiting visits use), `label` the same reason in the current language.
 */
export function contactReasons() {
  const labels = t("seek.reasons").split("|");
  return sv["seek.reasons"].split("|").map((value, i) => ({ value, label: labels[i] ?? value }));
}

/** A contact reason as the current language says it (reasons outside the list stay as they are). */
export function reasonLabel(value) {
  return contactReasons().find((r) => r.value === value)?.label ?? value;
}

export function applyStrings(root) {
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
}
