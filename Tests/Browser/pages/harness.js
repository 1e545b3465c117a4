// Drives Web/lib/carewire.js for Tests/Browser/test_library.py: the test calls harness.* through
// Selenium and reads what the client emitted from harness.log, harness.states and harness.results.
import { CareWireClient } from "/lib/carewire.js";

const harness = {
  log: [], states: [], results: {}, tokenCalls: [], client: null,
  // refuseFresh: getToken has no new token after a refusal (null); resume: { visit: seq } held before connecting.
  start({ url, backoff, randoms = [0.5], storage = false, refuseFresh = false, resume = {} }) {
    let i = 0;
    const client = new CareWireClient({
      url, backoff, idPrefix: "t",
      storage: storage ? sessionStorage : undefined, storageKey: "test",
      random: () => randoms[i++ % randoms.length],
      getToken: ({ fresh }) => {
        harness.tokenCalls.push(fresh);
        return fresh && refuseFresh ? null : "tok-" + harness.tokenCalls.length;
      },
    });
    client.on("*", (f) => { if (f.type) harness.log.push(f); });
    client.on("state", (s) => harness.states.push(s));
    harness.client = client;
    for (const [visit, seq] of Object.entries(resume)) client.resumeFrom(visit, seq);
    client.connect();
  },
  // Calls client[method](...args); the answer (or error) lands in results[key].
  call(key, method, ...args) {
    const r = harness.client[method](...args);
    const promise = r && r.ack ? r.ack : r;
    if (r && r.id) harness.results[key + ".id"] = r.id;
    if (promise && promise.then) {
      promise.then((a) => { harness.results[key] = { ok: a ?? null }; },
                   (e) => { harness.results[key] = { error: e.code ?? String(e) }; });
    }
  },
  events(visit) { return harness.log.filter((f) => f.type === "visit.event" && f.visit === visit).map((f) => f.seq); },
};
window.harness = harness;
document.getElementById("ready").dataset.ready = "1";
