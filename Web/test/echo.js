// CareWire echo self-test (no inline script: the server's Content-Security-Policy forbids it).
// Result: #result gets data-status="pass" or "fail" and a JSON report as its text.
"use strict";

(function () {
  const out = document.getElementById("result");
  const report = { steps: [], extensions: null, protocol: null, close: null };

  function finish(ok, error) {
    report.ok = ok;
    if (error) report.error = String(error);
    out.textContent = JSON.stringify(report, null, 2);
    out.setAttribute("data-status", ok ? "pass" : "fail");
  }

  function bytesEqual(a, b) {
    if (a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a), y = new Uint8Array(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }

  const big = new Uint8Array(256 * 1024);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7 + (i >> 9)) & 0xff;
  const bin = new Uint8Array(256);
  for (let i = 0; i < 256; i++) bin[i] = i;
  const bigText = "vårdcentral 🩺 ".repeat(16 * 1024);

  // Each step: what to send, and how to check what comes back.
  const steps = [
    { name: "text", send: "hej från Chromium 🩺", check: (d) => d === "hej från Chromium 🩺" },
    { name: "binary", send: bin.buffer, check: (d) => d instanceof ArrayBuffer && bytesEqual(d, bin.buffer) },
    { name: "binary-256KiB", send: big.buffer, check: (d) => d instanceof ArrayBuffer && bytesEqual(d, big.buffer) },
    { name: "text-big", send: bigText, check: (d) => d === bigText },
  ];

  let ws;
  try {
    // ?ws=ws://HOST:PORT/echo targets another server (cross-origin test); default: this host.
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const target = new URLSearchParams(location.search).get("ws");
    const url = target && /^wss?:\/\//.test(target) ? target : scheme + "//" + location.host + "/echo";
    report.url = url;
    ws = new WebSocket(url);
  } catch (e) {
    finish(false, e);
    return;
  }
  ws.binaryType = "arraybuffer";
  let i = 0;
  const timer = setTimeout(() => finish(false, "timeout at step " + i), 20000);

  ws.onopen = () => {
    report.extensions = ws.extensions;
    report.protocol = ws.protocol;
    ws.send(steps[0].send);
  };
  ws.onmessage = (ev) => {
    const step = steps[i];
    const ok = step.check(ev.data);
    report.steps.push({ name: step.name, ok: ok });
    if (!ok) {
      clearTimeout(timer);
      finish(false, "echo mismatch at " + step.name);
      ws.close(1000);
      return;
    }
    i++;
    if (i < steps.length) ws.send(steps[i].send);
    else ws.close(3001, "browser done");
  };
  ws.onerror = () => { report.steps.push({ name: "error-event" }); };
  ws.onclose = (ev) => {
    clearTimeout(timer);
    report.close = { code: ev.code, reason: ev.reason, wasClean: ev.wasClean };
    if (out.getAttribute("data-status") !== "running") return;
    // The reason is reported, not required: echoing it is checked by the websockets-client test.
    const ok = i === steps.length && ev.code === 3001 && ev.wasClean;
    finish(ok, ok ? null : "unexpected close or missing echoes");
  };
})();
