// A visit as the apps hold it: the last `visit` snapshot, kept current by its `visit.event`s, so
// that the screens show the live state without asking again. Plus the chat's system lines.
import { t, reasonLabel } from "./strings.js";

/** Applies one visit.event to a snapshot-shaped object (in place) and returns it. */
export function applyEvent(v, f) {
  const e = f.event;
  v.lastSeq = Math.max(v.lastSeq ?? 0, f.seq);
  switch (e.kind) {
    case "created":
      Object.assign(v, { state: v.state ?? "waiting", contactReason: e.contactReason, priority: e.priority, arrivedAt: v.arrivedAt ?? f.at });
      break;
    case "accepted": v.state = "accepted"; v.responsible = e.by; break;
    case "started": v.state = "inProgress"; v.responsible = e.by; break;
    case "priorityChanged": v.priority = e.to; break;
    case "ended":
      Object.assign(v, { state: "asyncPhase", endedAt: f.at, asyncPhaseDays: e.asyncPhaseDays, asyncPhaseEndsAt: e.asyncPhaseEndsAt });
      if (e.chargeForVisit !== undefined) v.chargeForVisit = e.chargeForVisit;
      break;
    case "markedDone": v.asyncInbox = "requiresNoAction"; break;
    case "message": if (f.actor.kind === "patient" && v.state === "asyncPhase") v.asyncInbox = "inbox"; break;
    case "closed": v.state = "closed"; v.closedAt = f.at; v.closingReason = e.reason; break;
    default: break;   // unknown kinds are ignored (forward compatibility)
  }
  return v;
}

/** The chat's line for a non-message event, or null to show nothing. */
export function describeEvent(e) {
  switch (e.kind) {
    case "created": return t("ev.created", { reason: reasonLabel(e.contactReason) });
    case "accepted": return t("ev.accepted", { name: e.by?.name ?? "" });
    case "started": return t("ev.started", { name: e.by?.name ?? "" });
    case "priorityChanged": return t("ev.priority", { from: e.from, to: e.to });
    case "ended": return t("ev.ended", { n: e.asyncPhaseDays });
    case "markedDone": return t("ev.markedDone");
    case "closed": return t("ev.closed");
    default: return null;
  }
}

/** The patient's line for an event: no triage, and the end of the visit in plain words. */
export function describeForPatient(e) {
  switch (e.kind) {
    case "priorityChanged": case "markedDone": return null;
    case "ended": return t("ev.endedPatient");
    case "closed": return t("ev.closedPatient");
    default: return describeEvent(e);
  }
}
