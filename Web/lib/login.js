// The demo login list shared by both apps: one button per demo person; a click gets a token
// from /demo/token and hands the session to `onSignedIn`.
import { h, $, showError } from "./ui.js";
import { t } from "./strings.js";
import { signIn } from "./demo.js";

/** people: [{ id, label }] */
export function renderDemoLogin(kind, people, onSignedIn) {
  const error = $("#login-error");
  $("#login-people").replaceChildren(...people.map((p) => h("li", {},
    h("button", {
      type: "button", class: "choice", dataset: { subject: p.id },
      onclick: async () => {
        try {
          onSignedIn(await signIn(kind, p.id));
        } catch (e) {
          error.textContent = t("login.failed", { message: e.message });
          error.hidden = false;
        }
      },
    }, t("login.as", { name: p.label })))));
}

export function loginUnavailable(e) { showError($("#login-error"), e); }
