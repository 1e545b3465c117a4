// Personalkatalog: find a colleague by name or unit (search), or walk the tree vårdenhet → roll
// → vårdpersonal, as the invite dialog of the seeds does. `ColleagueNames` names the staff that
// events mention by id (one directory.lookup per batch of unknown ids).
import { t } from "/lib/strings.js";
import { h, $, showError } from "/lib/ui.js";

const SEARCH_DELAY_MS = 200;

export class ColleagueNames {
  constructor(ctx) {
    this.ctx = ctx;
    this.known = new Map();     // staff id -> person
    this.asked = new Set();     // ids looked up (known or not: ask once)
    this.queued = new Set();
  }

  /** The colleague's name (and title), or the id until the directory has answered. */
  name(id) {
    const person = this.known.get(id);
    if (person) return `${person.name}, ${person.title}`;
    if (!this.asked.has(id)) { this.queued.add(id); queueMicrotask(() => this.#flush()); }
    return id;
  }

  remember(people) { for (const p of people ?? []) this.known.set(p.staff, p); }

  async #flush() {
    const ids = [...this.queued].slice(0, 100);
    if (!ids.length) return;
    for (const id of ids) { this.queued.delete(id); this.asked.add(id); }
    try {
      const answer = await this.ctx.client.lookupColleagues(ids);
      this.remember(answer.people);
      this.ctx.rerender();
    } catch { /* not staff, or offline: ids stay shown */ }
    if (this.queued.size) this.#flush();
  }
}

export class DirectoryView {
  constructor(ctx) {
    this.ctx = ctx;
    this.units = null;          // directory.units answer
    this.people = new Map();    // "unit\nrole" -> people
    this.open = new Set();      // expanded "unit\nrole"
    this.hits = null;           // { query, people, more }
    this.timer = null;
    $("#directory-search").addEventListener("input", () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.search(), SEARCH_DELAY_MS);
    });
    $("#directory-form").addEventListener("submit", (e) => { e.preventDefault(); clearTimeout(this.timer); this.search(); });
  }

  async load() {
    if (this.units) return this.render();
    try {
      this.units = await this.ctx.client.browseDirectory();
    } catch (e) {
      return showError($("#directory-error"), e);
    }
    this.render();
  }

  async search() {
    const query = $("#directory-search").value.trim();
    if (!query) { this.hits = null; return this.render(); }
    try {
      const answer = await this.ctx.client.searchColleagues(query, { limit: 20 });
      if ($("#directory-search").value.trim() !== query) return;   // a newer search is on its way
      this.ctx.colleagues.remember(answer.people);
      this.hits = { query, people: answer.people, more: answer.more };
      $("#directory-error").hidden = true;
    } catch (e) {
      showError($("#directory-error"), e);
    }
    this.render();
  }

  async toggle(unit, role) {
    const key = unit + "\n" + role;
    if (this.open.has(key)) { this.open.delete(key); return this.render(); }
    this.open.add(key);
    if (!this.people.has(key)) {
      try {
        const answer = await this.ctx.client.browseDirectory({ unit, role });
        this.ctx.colleagues.remember(answer.people);
        this.people.set(key, answer.people);
      } catch (e) {
        this.open.delete(key);
        showError($("#directory-error"), e);
      }
    }
    this.render();
  }

  render() {
    if (this.ctx.view !== "directory") return;
    const results = $("#directory-results");
    if (!this.hits) {
      results.replaceChildren();
    } else if (!this.hits.people.length) {
      results.replaceChildren(h("p", { class: "empty" }, t("dir.none", { query: this.hits.query })));
    } else {
      results.replaceChildren(
        h("ul", { class: "people", "aria-label": t("dir.hits") }, ...this.hits.people.map((p) => person(p))),
        ...(this.hits.more ? [h("p", { class: "hint" }, t("dir.more"))] : []));
    }
    if (!this.units) return;
    $("#directory-provider").textContent = this.units.careProviderName;
    $("#directory-tree").replaceChildren(...this.units.units.map((u) => h("li", {},
      h("span", { class: "unit" }, u.name),
      h("ul", {}, ...u.roles.map((r) => {
        const key = u.unit + "\n" + r.role, expanded = this.open.has(key);
        const button = h("button", { type: "button", class: "link", "aria-expanded": String(expanded),
          "data-unit": u.unit, "data-role": r.role }, `${t("role." + r.role)} (${r.people})`);
        button.addEventListener("click", () => this.toggle(u.unit, r.role));
        const people = expanded ? this.people.get(key) ?? [] : [];
        return h("li", {}, button, ...(expanded ? [h("ul", { class: "people" }, ...people.map((p) => person(p)))] : []));
      })))));
  }
}

function person(p) {
  return h("li", { class: "person", "data-staff": p.staff },
    h("strong", {}, p.name), " ", h("span", {}, p.title),
    h("span", { class: "hint" }, ` · ${p.units.map((u) => u.name).join(", ")} · HSA-id ${p.hsaId}`));
}
