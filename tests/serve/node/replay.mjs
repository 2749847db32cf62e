#!/usr/bin/env node
// End-to-end test of `composure serve` with a WebSocket client not written here: Node.js and the
// `ws` package (Debian's node-ws). It starts the real server, replays a call recorded in Twilio's
// Media Streams message format (record-twilio.mjs writes one; one JSON message per line) into
// /media at the pace its timestamps give (real time) or faster, follows the call on /live, and
// checks that
//   - the stored events are exactly those of `composure analyze --no-asr --json` on the audio,
//   - /live delivered each of them as it happened, none missing,
//   - with --speed 1, how long after the audio that completes an event the event reached /live
//     (printed as p50/p99; the bound --max-p99-ms makes the test fail above it).
//
//   node replay.mjs --composure BIN --capture CALL.jsonl --sample CALL.wav [--speed 1]
//                   [--max-p99-ms 1500]
import { spawn, execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtempSync, readFileSync, writeFileSync, openSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const require = createRequire(import.meta.url);
// Debian's node-ws installs under /usr/share/nodejs, which Node's own resolution does not search.
const WebSocket = require("/usr/share/nodejs/ws");

const TOKEN = "node-replay-token-4821";

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  if (at < 0) {
    if (fallback === undefined) throw new Error(`missing ${name}`);
    return fallback;
  }
  return process.argv[at + 1];
}

function assert(ok, message) {
  if (!ok) throw new Error(message);
}

async function startServer(composure) {
  const dir = mkdtempSync(join(tmpdir(), "composure-node-"));
  const config = join(dir, "serve.yaml");
  writeFileSync(
    config,
    [
      "http: {host: 127.0.0.1, port: 0}",
      "audiosocket: {port: -1}",
      `tokens: [${TOKEN}]`,
      `storage: {path: ${join(dir, "events.db")}}`,
      "",
    ].join("\n"),
  );
  const log = openSync(join(dir, "server.log"), "a");
  const proc = spawn(composure, ["serve", "--config", config], { stdio: ["ignore", "pipe", log] });
  const first = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout });
    lines.once("line", resolve);
    proc.once("exit", (code) => reject(new Error(`server exited with ${code}; log in ${dir}`)));
  });
  assert(first.startsWith("listening "), `server did not start: ${first}`);
  const fields = Object.fromEntries(first.split(" ").slice(1).map((kv) => kv.split("=")));
  return { proc, http: fields.http, dir };
}

async function get(server, path) {
  const res = await fetch(`http://${server.http}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  const body = await res.text();
  assert(res.status === 200, `GET ${path}: ${res.status} ${body}`);
  return JSON.parse(body);
}

function canonical(events) {
  const sortKeys = (v) =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v && typeof v === "object"
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]))
        : v;
  return events
    .map((e) => {
      const { call, seq, ...rest } = e;
      return JSON.stringify(sortKeys(rest));
    })
    .sort();
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const composure = option("--composure");
  const capture = readFileSync(option("--capture"), "utf8").split("\n").filter((l) => l.length > 0);
  const sample = option("--sample");
  const speed = Number(option("--speed", "0")); // 0: as fast as the socket takes them
  const maxP99 = Number(option("--max-p99-ms", "1500"));

  const start = JSON.parse(capture.find((l) => l.includes('"event":"start"')));
  const callSid = start.start.callSid;
  const expected = JSON.parse(
    execFileSync(composure, ["analyze", "--no-asr", "--json", sample], { maxBuffer: 64 << 20 }).toString(),
  ).events;

  const server = await startServer(composure);
  try {
    // Follow the call on /live before it starts, as an agent panel would.
    const live = new WebSocket(`ws://${server.http}/live?call=${encodeURIComponent(callSid)}&token=${TOKEN}`);
    const seen = [];
    let t0 = 0;
    await new Promise((resolve, reject) => {
      live.once("error", reject);
      live.once("message", (data) => {
        const hello = JSON.parse(data.toString());
        assert(hello.type === "hello" && hello.call === callSid, `unexpected hello ${data}`);
        resolve();
      });
    });
    live.on("message", (data) => seen.push({ at: performance.now(), event: JSON.parse(data.toString()) }));

    const media = new WebSocket(`ws://${server.http}/media`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    await new Promise((resolve, reject) => {
      media.once("open", resolve);
      media.once("error", reject);
    });
    const closed = new Promise((resolve) => media.once("close", (code) => resolve(code)));
    t0 = performance.now();
    let sent = 0;
    for (const line of capture) {
      if (speed > 0 && line.includes('"event":"media"')) {
        const at = Number(JSON.parse(line).media.timestamp) / speed;
        const wait = t0 + at - performance.now();
        if (wait > 1) await sleep(wait);
      }
      media.send(line);
      if (++sent % 500 === 0 && speed === 0) await sleep(0);
    }
    const code = await closed;
    assert(code === 1000, `the server closed the media stream with ${code}, expected 1000 after stop`);

    // The call ends when stop arrives; wait for it to be stored as ended.
    let call;
    for (let i = 0; i < 300; i++) {
      call = await get(server, `/calls/${callSid}`);
      if (call.status === "ended") break;
      await sleep(100);
    }
    assert(call.status === "ended", `call never ended: ${JSON.stringify(call)}`);
    await sleep(300);
    live.close();

    const stored = (await get(server, `/calls/${callSid}/events`)).events ?? [];
    const warnings = stored.filter((e) => e.type === "stream_warning");
    assert(warnings.length === 0, `unexpected stream warnings: ${JSON.stringify(warnings)}`);
    const a = canonical(expected);
    const b = canonical(stored);
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      const missing = a.filter((x) => !b.includes(x)).slice(0, 3);
      const extra = b.filter((x) => !a.includes(x)).slice(0, 3);
      throw new Error(`${b.length} events stored, analyze has ${a.length}\nmissing: ${missing}\nextra: ${extra}`);
    }
    const liveEvents = seen.map((s) => s.event).filter((e) => e.type !== "stream_warning" && e.call === callSid);
    assert(
      JSON.stringify(canonical(liveEvents)) === JSON.stringify(a),
      `/live delivered ${liveEvents.length} events, analyze has ${a.length}`,
    );
    console.log(`same events as composure analyze: ${b.length} events, all of them on /live as well`);

    if (speed === 1) {
      // Audio for call time t was sent at t0 + t; an event whose evidence ends at end_ms cannot be
      // known before that audio is in.
      const delays = seen
        .filter((s) => s.event.call === callSid && s.event.type !== "stream_warning")
        .map((s) => s.at - (t0 + (s.event.end_ms ?? s.event.t_ms)))
        .sort((x, y) => x - y);
      const p50 = percentile(delays, 50);
      const p99 = percentile(delays, 99);
      console.log(
        `real time: ${delays.length} events, from the end of their evidence to /live p50 ${p50.toFixed(0)} ms, ` +
          `p99 ${p99.toFixed(0)} ms (includes the segmenter's wait for the end of a turn)`,
      );
      assert(p99 <= maxP99, `p99 ${p99.toFixed(0)} ms is above the bound ${maxP99} ms`);
    }
  } finally {
    server.proc.kill("SIGTERM");
    const code = await new Promise((resolve) => server.proc.once("exit", (c) => resolve(c)));
    assert(code === 0, `server exited with ${code} after SIGTERM; log in ${server.dir}`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`FAILED: ${err.stack ?? err}`);
    process.exit(1);
  },
);
