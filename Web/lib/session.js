// What the apps keep in the browser lives only as long as the sign-in: every key the apps write
// starts with "carewire." and is in sessionStorage (the token, unsent messages, the patient's last
// known conversation, the clinician's note drafts), except the language choice in localStorage,
// which is no patient data. Signing out, and a token the server refuses that cannot be renewed,
// both end here: the client forgets its outbox, every such key goes, and the page starts afresh
// (nothing read stays in memory either).

const PREFIX = "carewire.";
const KEEP = new Set(["carewire.lang"]);
const EXPIRED = "signed-out";   // ?signed-out: the login says why

function wipe(storage) {
  try {
    const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i));
    for (const k of keys) if (k?.startsWith(PREFIX) && !KEEP.has(k)) storage.removeItem(k);
  } catch { /* storage disabled: nothing was kept */ }
}

/** Removes everything the apps keep but the language choice, in both storages. */
export function clearStoredData() {
  wipe(sessionStorage);
  wipe(localStorage);
}

/**
 * Drops what older versions left in localStorage (note drafts once lived there): at every start,
 * so that nothing from an earlier sign-in outlives it.
 */
export function dropLeftovers() { wipe(localStorage); }

/** Signs out: the client forgets, the stored data goes, the page reloads to the login. */
export function endSession(client, { expired = false } = {}) {
  client?.forget();
  clearStoredData();
  if (expired) location.replace(location.pathname + "?" + EXPIRED); else location.reload();
}

/** Whether this page load follows an expired session (the marker leaves the address at once). */
export function takeExpiredMarker() {
  if (location.search !== "?" + EXPIRED) return false;
  history.replaceState(null, "", location.pathname + location.hash);
  return true;
}

/** Wires the app's sign-out button and the client's "cannot renew the token" event. */
export function wireSignOut(client, button) {
  button.hidden = false;
  button.onclick = () => endSession(client);
  client.on("unauthorized", () => endSession(client, { expired: true }));
}
