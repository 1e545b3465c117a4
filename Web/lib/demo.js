// Demo sign-in: the server's /demo endpoints (only with --demo) hand out tokens for demo people.
// In production the token comes from BankID (patients) or SITHS (staff) through the customer's
// own login; the apps only need a `getToken` for CareWireClient. Not part of the wire protocol.

const key = (kind) => "carewire.token." + kind;

/** The claims of a JWT (not verified: the server does that). */
export function claimsOf(token) {
  const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** A `#token=JWT` fragment (printed by `make run`) signs in without the login step. */
export function takeFragmentToken(kind) {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!m) return;
  sessionStorage.setItem(key(kind), decodeURIComponent(m[1]));
  history.replaceState(null, "", location.pathname + location.search);
}

/** The signed-in session of this tab: { token, claims } or null. */
export function currentSession(kind) {
  const token = sessionStorage.getItem(key(kind));
  if (!token) return null;
  try {
    const claims = claimsOf(token);
    return claims.kind === (kind === "patient" ? "patient" : "staff") ? { token, claims } : null;
  } catch {
    return null;
  }
}

export async function demoPeople() {
  const res = await fetch("/demo/people", { headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(`/demo/people: HTTP ${res.status}`);
  return res.json();
}

export async function signIn(kind, subject) {
  const res = await fetch("/demo/token", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ subject }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok || !body.token) throw Object.assign(new Error(body.message ?? body.error ?? `HTTP ${res.status}`), { status: res.status });
  sessionStorage.setItem(key(kind), body.token);
  return { token: body.token, claims: claimsOf(body.token) };
}

/**
 * getToken for CareWireClient: the stored token, or a fresh one when refused or about to expire.
 * null when there is none to be had (signed out, or /demo/token refuses the person: a token from
 * elsewhere that this demo cannot renew), which ends the session; a network failure throws (retry).
 */
export function tokenProvider(kind) {
  return async ({ fresh } = {}) => {
    const s = currentSession(kind);
    if (!s) return null;
    if (!fresh && s.claims.exp * 1000 > Date.now() + 30000) return s.token;
    try {
      return (await signIn(kind, s.claims.sub)).token;
    } catch (e) {
      if (e.status >= 400 && e.status < 500) return null;
      throw e;
    }
  };
}
