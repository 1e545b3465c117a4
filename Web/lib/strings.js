// Every text the web apps show, Swedish first (the words staff use in their daily tool), English
// switchable. `t("key", { name })` fills {name}. HTML marks static text with data-i18n="key"
// (textContent), data-i18n-label (aria-label) and data-i18n-placeholder; applyStrings() fills them.

const sv = {
  "app.patient": "Min vård", "app.clinician": "CareWire Klinik", "app.start": "CareWire",
  "lang.switch": "In English", "logout": "Logga ut", "loading": "Laddar…", "skip": "Hoppa till innehållet",
  "conn.connecting": "Ansluter…", "conn.connected": "Ansluten", "conn.reconnecting": "Återansluter…",
  "conn.offline": "Offline", "conn.closed": "Frånkopplad", "conn.label": "Anslutning",
  "conn.pending": "{n} meddelanden skickas när anslutningen är tillbaka",
  "login.patient.title": "Logga in", "login.patient.lead": "Demo: välj vem du är. I verkligheten loggar du in med BankID.",
  "login.staff.title": "Logga in i vårdgivargränssnittet", "login.staff.lead": "Demo: välj personal. I verkligheten loggar du in med SITHS-kort.",
  "login.as": "Logga in som {name}", "login.failed": "Inloggningen misslyckades: {message}",
  "seek.title": "Sök vård", "seek.lead": "Beskriv varför du söker vård så tar vårdpersonal emot dig i chatten.",
  "seek.reason": "Kontaktorsak", "seek.text": "Beskriv dina besvär", "seek.submit": "Sök vård",
  "seek.reasons": "Halsont|Feber|Hosta|Utslag|Urinvägsbesvär|Förnya recept|Annat",
  "patient.waiting": "Väntar i kö", "patient.position": "Du är nummer {n} i kön.",
  "patient.waitingLead": "Vårdpersonal tar emot ärenden i prioritetsordning. Du kan lämna sidan, vi sparar din plats.",
  "patient.accepted": "{name} har tagit emot ditt ärende. Besöket startar snart.",
  "patient.acceptedAnon": "Vården har tagit emot ditt ärende. Besöket startar snart.",
  "patient.inProgress": "Pågående besök med {name}", "patient.asyncPhase": "Besöket är avslutat",
  "patient.daysLeft": "Du kan skriva till vården i {n} dagar till.", "patient.dayLeft": "Du kan skriva till vården i 1 dag till.",
  "patient.closed": "Besöket är stängt. Sök vård igen om besvären finns kvar.", "patient.newVisit": "Sök vård igen",
  "patient.care": "Vården",
  "chat.label": "Chatt", "chat.log": "Meddelanden", "chat.input": "Meddelande", "chat.placeholder": "Skriv ett meddelande…",
  "chat.send": "Skicka", "chat.typing": "{name} skriver…", "chat.you": "Du",
  "chat.sending": "Skickas…", "chat.queued": "Skickas när anslutningen är tillbaka", "chat.delivered": "Levererat", "chat.read": "Läst",
  "chat.notStarted": "Du kan skriva när besöket har startat.", "chat.closed": "Besöket är stängt för nya meddelanden.",
  "chat.new": "Nytt meddelande från {name}: {text}",
  "ev.created": "Ärendet skapades: {reason}", "ev.accepted": "{name} tog emot ärendet", "ev.started": "{name} startade besöket",
  "ev.priority": "Prioritet ändrad från {from} till {to}", "ev.ended": "Besöket avslutades. Asynkron fas: {days} dagar.",
  "ev.markedDone": "Markerat som klart", "ev.closed": "Besöket stängdes",
  "nav.label": "Huvudmeny", "nav.start": "Startsida", "nav.inbox": "Inkorg",
  "filter.unit": "Vårdenhet", "filter.role": "Roll",
  "role.nurse": "Sjuksköterska", "role.doctor": "Läkare", "role.administrator": "Administratör", "role.midwife": "Barnmorska",
  "role.psychologist": "Psykolog", "role.physiotherapist": "Fysioterapeut",
  "queue.waiting": "Väntar i kö", "queue.mine": "Mottagna", "queue.caption": "Ärenden i prioritetsordning",
  "queue.prio": "Prio", "queue.reason": "Kontaktorsak", "queue.patient": "Patient", "queue.wait": "Väntetid", "queue.online": "Online",
  "queue.actions": "Åtgärd", "queue.empty": "Ingen väntar i kö.", "queue.mineEmpty": "Du har inga mottagna besök.",
  "queue.overdue": "Väntat över 15 minuter", "queue.minutes": "{n} min", "queue.state": "Status",
  "online": "Online", "notOnline": "Inte online",
  "act.accept": "Ta emot", "act.start": "Starta besök", "act.end": "Avsluta besök", "act.open": "Öppna",
  "act.markDone": "Markera som klar", "act.priority": "Ändra prioritet", "act.copy": "Kopiera", "act.copied": "Kopierat",
  "act.cancel": "Avbryt", "act.back": "Tillbaka",
  "visit.triage": "Triage resultat och prioritet", "visit.reason": "Kontaktorsak", "visit.text": "Patientens beskrivning",
  "visit.priority": "Prioritet", "visit.arrived": "Ankomst", "visit.state": "Status", "visit.responsible": "Ansvarig",
  "visit.pin": "Personnummer", "visit.notes": "Besöksanteckning", "visit.notesHint": "Sparas bara i den här webbläsaren. Kopiera till journalsystemet.",
  "visit.daysLeft": "{n} dagar kvar av den asynkrona fasen", "visit.empty": "Välj ett ärende i listan.",
  "visit.unsubscribed.access_ended": "En kollega har tagit emot besöket.", "visit.unsubscribed.unavailable": "Besöket kan inte visas just nu.",
  "visit.charge": "Debitering", "yes": "Ja", "no": "Nej",
  "state.waiting": "Väntar i kö", "state.accepted": "Mottagen", "state.inProgress": "Pågående",
  "state.asyncPhase": "Asynkron fas", "state.closed": "Stängd",
  "end.title": "Avsluta besök", "end.days": "Asynkron fas (dagar)",
  "end.daysHint": "Perioden då patienten kan skriva i besöket, 0–365 dagar.",
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
  "conn.pending": "{n} messages will be sent when the connection is back",
  "login.patient.title": "Log in", "login.patient.lead": "Demo: choose who you are. In real life you log in with BankID.",
  "login.staff.title": "Log in to the care provider interface", "login.staff.lead": "Demo: choose a staff member. In real life you log in with a SITHS card.",
  "login.as": "Log in as {name}", "login.failed": "Login failed: {message}",
  "seek.title": "Seek care", "seek.lead": "Tell us why you seek care and a clinician will meet you in the chat.",
  "seek.reason": "Contact reason", "seek.text": "Describe your symptoms", "seek.submit": "Seek care",
  "seek.reasons": "Sore throat|Fever|Cough|Rash|Urinary problems|Renew prescription|Other",
  "patient.waiting": "Waiting in queue", "patient.position": "You are number {n} in the queue.",
  "patient.waitingLead": "Clinicians take cases in order of priority. You may leave the page, your place is kept.",
  "patient.accepted": "{name} has accepted your case. The visit starts soon.",
  "patient.acceptedAnon": "Your case has been accepted. The visit starts soon.",
  "patient.inProgress": "Visit in progress with {name}", "patient.asyncPhase": "The visit has ended",
  "patient.daysLeft": "You can write to the clinic for {n} more days.", "patient.dayLeft": "You can write to the clinic for 1 more day.",
  "patient.closed": "The visit is closed. Seek care again if your symptoms remain.", "patient.newVisit": "Seek care again",
  "patient.care": "The clinic",
  "chat.label": "Chat", "chat.log": "Messages", "chat.input": "Message", "chat.placeholder": "Write a message…",
  "chat.send": "Send", "chat.typing": "{name} is typing…", "chat.you": "You",
  "chat.sending": "Sending…", "chat.queued": "Will be sent when the connection is back", "chat.delivered": "Delivered", "chat.read": "Read",
  "chat.notStarted": "You can write once the visit has started.", "chat.closed": "The visit is closed for new messages.",
  "chat.new": "New message from {name}: {text}",
  "ev.created": "Case created: {reason}", "ev.accepted": "{name} accepted the case", "ev.started": "{name} started the visit",
  "ev.priority": "Priority changed from {from} to {to}", "ev.ended": "The visit ended. Async phase: {days} days.",
  "ev.markedDone": "Marked as done", "ev.closed": "The visit was closed",
  "nav.label": "Main menu", "nav.start": "Start page", "nav.inbox": "Inbox",
  "filter.unit": "Care unit", "filter.role": "Role",
  "role.nurse": "Nurse", "role.doctor": "Doctor", "role.administrator": "Administrator", "role.midwife": "Midwife",
  "role.psychologist": "Psychologist", "role.physiotherapist": "Physiotherapist",
  "queue.waiting": "Waiting in queue", "queue.mine": "Accepted", "queue.caption": "Cases in order of priority",
  "queue.prio": "Prio", "queue.reason": "Contact reason", "queue.patient": "Patient", "queue.wait": "Waiting", "queue.online": "Online",
  "queue.actions": "Action", "queue.empty": "Nobody is waiting.", "queue.mineEmpty": "You have no accepted visits.",
  "queue.overdue": "Waiting over 15 minutes", "queue.minutes": "{n} min", "queue.state": "State",
  "online": "Online", "notOnline": "Not online",
  "act.accept": "Accept", "act.start": "Start visit", "act.end": "End visit", "act.open": "Open",
  "act.markDone": "Mark as done", "act.priority": "Change priority", "act.copy": "Copy", "act.copied": "Copied",
  "act.cancel": "Cancel", "act.back": "Back",
  "visit.triage": "Triage result and priority", "visit.reason": "Contact reason", "visit.text": "Patient's description",
  "visit.priority": "Priority", "visit.arrived": "Arrived", "visit.state": "State", "visit.responsible": "Responsible",
  "visit.pin": "Personal identity number", "visit.notes": "Visit note", "visit.notesHint": "Kept in this browser only. Copy it to the record system.",
  "visit.daysLeft": "{n} days left of the async phase", "visit.empty": "Choose a case in the list.",
  "visit.unsubscribed.access_ended": "A colleague accepted the visit.", "visit.unsubscribed.unavailable": "The visit cannot be shown right now.",
  "visit.charge": "Charge", "yes": "Yes", "no": "No",
  "state.waiting": "Waiting", "state.accepted": "Accepted", "state.inProgress": "In progress",
  "state.asyncPhase": "Async phase", "state.closed": "Closed",
  "end.title": "End visit", "end.days": "Async phase (days)",
  "end.daysHint": "How long the patient may still write in the visit, 0-365 days.",
  "end.charge": "Charge for this visit?", "end.chargeMissing": "Choose whether to charge for the visit.",
  "inbox.title": "Asynchronous cases", "inbox.inbox": "Inbox", "inbox.requiresNoAction": "Requires no action", "inbox.ended": "Ended",
  "inbox.last": "Latest message", "inbox.ends": "Async phase ends", "inbox.empty": "No cases here.",
  "err.generic": "That did not work: {message}", "err.already_accepted": "A colleague has already accepted the case.",
  "start.lead": "The real-time server for digital care visits is running. Open the patient app and the clinician workspace in two windows.",
  "start.patient": "Patient app", "start.patientHint": "Seek care, chat with the clinic (phone-sized).",
  "start.clinician": "Clinician workspace", "start.clinicianHint": "The queue, accept, start and end visits, inbox.",
  "start.tech": "Technical",
};

const tables = { sv, en };
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

export function t(key, params = {}) {
  const text = tables[lang][key] ?? sv[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => (params[k] ?? ""));
}

export function applyStrings(root) {
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
}
