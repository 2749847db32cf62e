// End to end: the real `composure serve` serving the built web app, three scripted calls streamed
// into it (two over REST, one as a Twilio-style media stream carrying transcript messages), and
// Debian's Chromium, driven by Playwright, watching the supervisor wall and the agent panel
// update. Asserts what the screens show against what the server stored, and takes screenshots at
// 1280x800 and 400 px wide into --out.
//
//   node tests/e2e.mjs --composure BIN --dist DIR --corpus REPO_ROOT --out DIR [--docs DIR]
//
// Exits 77 (CTest: skipped) when node_modules or /usr/bin/chromium is missing.
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { read_dialogue } from "./dialogue.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const kChromium = "/usr/bin/chromium";
const kToken = "e2e-token-7f3a";
const kTokenKey = "composure.token";

const { values: opt } = parseArgs({
  options: {
    composure: { type: "string" },
    dist: { type: "string" },
    corpus: { type: "string", default: resolve(here, "../..") },
    out: { type: "string", default: resolve(here, "../../build/web-screenshots") },
    docs: { type: "string" },
    delay: { type: "string", default: "40" },
  },
});

function skip(why) {
  console.log(`SKIPPED: ${why}`);
  process.exit(77);
}

if (!existsSync(kChromium)) skip(`${kChromium} is missing (scripts/install-deps installs Debian's chromium)`);
let chromium;
let WebSocket;
try {
  ({ chromium } = await import("playwright-core"));
  ({ WebSocket } = await import("ws"));
} catch {
  skip("web/node_modules is missing (run `npm ci` in web/, or scripts/install-deps)");
}
if (!opt.composure || !opt.dist) {
  console.error("usage: e2e.mjs --composure BIN --dist DIR [--corpus ROOT] [--out DIR] [--docs DIR]");
  process.exit(2);
}
if (!existsSync(join(opt.dist, "index.html"))) {
  console.error(`${opt.dist}/index.html is missing: build the web app first (cmake target 'web')`);
  process.exit(1);
}

const delay_ms = Number(opt.delay);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let passed = 0;
const steps = [];

function ok(what) {
  passed += 1;
  steps.push(what);
  console.log(`ok ${passed} - ${what}`);
}

function assert(cond, what) {
  if (!cond) throw new Error(`not so: ${what}`);
}

// Polls until fn() returns something truthy; fails naming what was awaited.
async function until(fn, what, ms = 30_000) {
  const stop = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > stop) throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
    await sleep(100);
  }
}

// --- the server ------------------------------------------------------------------------------
const tmp = mkdtempSync(join(tmpdir(), "composure-web-e2e-"));
mkdirSync(opt.out, { recursive: true });
const config = join(tmp, "serve.yaml");
writeFileSync(
  config,
  [
    "http: {host: 127.0.0.1, port: 0}",
    "audiosocket: {port: -1}",
    `tokens: [${kToken}]`,
    `storage: {path: ${JSON.stringify(join(tmp, "events.db"))}}`,
    `web: {root: ${JSON.stringify(resolve(opt.dist))}}`,
    "",
  ].join("\n"),
);
const server = spawn(opt.composure, ["serve", "--config", config], { stdio: ["ignore", "pipe", "pipe"] });
let server_log = "";
const base = await new Promise((resolve_base, reject) => {
  const seen = (chunk) => {
    server_log += chunk.toString();
    const m = /listening http=([\d.]+):(\d+)/.exec(server_log);
    if (m) resolve_base(`http://${m[1]}:${m[2]}`);
  };
  server.stdout.on("data", seen);
  server.stderr.on("data", seen);
  server.on("exit", (code) => reject(new Error(`composure serve exited ${code}:\n${server_log}`)));
  setTimeout(() => reject(new Error(`composure serve did not start:\n${server_log}`)), 20_000);
});
console.log(`# server at ${base}, web root ${opt.dist}`);

const auth = { Authorization: `Bearer ${kToken}`, "Content-Type": "application/json" };
async function api(method, path, body) {
  const r = await fetch(base + path, { method, headers: auth, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return JSON.parse(text);
}

// --- the calls -------------------------------------------------------------------------------
const corpus = (p) => join(opt.corpus, p);
const late = { id: "late-delivery", agent: "Sam", ...read_dialogue(corpus("samples/escalating_late_delivery.dialogue")) };
const calm = { id: "parcel-redelivery", agent: "Lewis", ...read_dialogue(corpus("tests/corpus/dev/da_none_parcel_redelivery.dialogue")) };
const hotel = { id: "hotel-overbooked", agent: "Chloe", ...read_dialogue(corpus("tests/corpus/dev/db_threatmaker_hotel_overbooking.dialogue")) };

// The hotel call arrives as a media stream: silence on both tracks (mu-law 0xff) up to the end
// of each line, and its words as "transcript" messages, as an operator's recogniser would add
// them. A little more silence every second keeps the stream alive between the test's steps.
const kSilence = Buffer.alloc(160, 0xff).toString("base64");
function send_audio_to(call, end_ms) {
  while (call.audio_ms < end_ms) {
    for (const track of ["inbound", "outbound"]) {
      call.ws.send(
        JSON.stringify({
          event: "media",
          streamSid: `MZ${call.id}`,
          media: { track, chunk: String(call.audio_ms / 20 + 1), timestamp: String(call.audio_ms), payload: kSilence },
        }),
      );
    }
    call.audio_ms += 20;
  }
}

function open_media(call) {
  call.audio_ms = 0;
  const ws = new WebSocket(`${base.replace("http", "ws")}/media?token=${kToken}`);
  const sid = `MZ${call.id}`;
  return new Promise((res, rej) => {
    ws.on("error", rej);
    ws.on("open", () => {
      ws.send(JSON.stringify({ event: "connected", protocol: "Call", version: "1.0.0" }));
      ws.send(
        JSON.stringify({
          event: "start",
          sequenceNumber: "1",
          streamSid: sid,
          start: {
            streamSid: sid,
            callSid: call.id,
            tracks: ["inbound", "outbound"],
            mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
            customParameters: { agent: call.agent },
          },
        }),
      );
      call.ws = ws;
      call.keepalive = setInterval(() => send_audio_to(call, call.audio_ms + 20), 1000);
      res(ws);
    });
  });
}

async function say(call, segment) {
  if (call.ws) {
    send_audio_to(call, Math.round(segment.end * 1000));
    call.ws.send(JSON.stringify({ event: "transcript", ...segment }));
  } else {
    await api("POST", `/calls/${call.id}/utterances`, segment);
  }
}

// Streams each call's lines that start before its `until_s`, the calls interleaved line by line.
async function stream(calls) {
  const queues = calls.map(({ call, until_s }) => {
    const lines = call.segments.filter((s, i) => i >= (call.sent ?? 0) && s.start < until_s);
    return { call, lines };
  });
  while (queues.some((q) => q.lines.length > 0)) {
    for (const q of queues) {
      const s = q.lines.shift();
      if (!s) continue;
      await say(q.call, s);
      q.call.sent = (q.call.sent ?? 0) + 1;
      await sleep(delay_ms);
    }
  }
}

async function stored(call) {
  return (await api("GET", `/calls/${call.id}/events`)).events;
}

function last_of(events, type) {
  return events.filter((e) => e.type === type).at(-1);
}

// --- the browser -----------------------------------------------------------------------------
const profile = join(tmp, "chromium-profile");
mkdirSync(profile);
const context = await chromium.launchPersistentContext(profile, {
  executablePath: kChromium,
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const problems = [];
async function page_at(width, height, with_token) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  if (with_token) {
    await page.addInitScript(([k, v]) => sessionStorage.setItem(k, v), [kTokenKey, kToken]);
  }
  return page;
}
async function shot(page, name) {
  const file = join(opt.out, name);
  await page.screenshot({ path: file, fullPage: false });
  console.log(`# screenshot ${file}`);
  return file;
}
async function no_sideways_scroll(page, what) {
  const w = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert(w[0] <= w[1], `${what} fits its width without scrolling sideways (${w[0]} > ${w[1]})`);
}

let failed = 0;
try {
  // The token is asked once, checked against the server, and kept for the session.
  const wall = await page_at(1280, 800, false);
  await wall.goto(`${base}/`);
  const token_input = wall.getByLabel("Access token", { exact: true });
  await token_input.waitFor();
  await token_input.fill("not-the-token");
  await wall.getByRole("button", { name: "Use token" }).click();
  await until(async () => (await wall.getByTestId("token-status").textContent())?.includes("did not accept"), "refusal");
  await token_input.fill(kToken);
  await token_input.press("Enter");
  await wall.getByRole("heading", { name: "Live calls" }).waitFor();
  // The refused try is the only failed request the test expects (the browser logs it).
  const refused = problems.filter((p) => p.includes("status of 401"));
  assert(refused.length === 1, "one refused token check");
  problems.splice(0, problems.length, ...problems.filter((p) => !p.includes("status of 401")));
  assert((await wall.evaluate((k) => sessionStorage.getItem(k), kTokenKey)) === kToken, "token kept in sessionStorage");
  await until(async () => (await wall.getByTestId("connection").textContent()) === "live", "the wall's /live feed");
  ok("token form refuses a wrong token, accepts the server's, keeps it for the session; wall connects to /live");

  await api("POST", "/calls", { id: late.id, meta: { agent: late.agent } });
  await api("POST", "/calls", { id: calm.id, meta: { agent: calm.agent } });
  await open_media(hotel);
  const tiles = wall.getByTestId("live-calls").getByTestId("call-tile");
  await until(async () => (await tiles.count()) === 3, "three live calls on the wall");
  ok("the wall lists three live calls (two over REST, one media stream)");

  const panel = await page_at(1280, 800, true);
  await panel.goto(`${base}/#/call/${late.id}`);
  await until(async () => (await panel.getByTestId("connection").textContent()) === "live", "the panel's /live feed");
  const band = panel.getByTestId("band");
  const level_at_start = Number((await band.textContent()).split(" ")[1]);
  assert((await band.textContent()).startsWith("calm"), "the panel starts calm");

  // Phase 1: the calm call whole, the late delivery up to just after the agent cites policy, the
  // hotel call up to its first threats.
  await stream([
    { call: calm, until_s: 1e9 },
    { call: late, until_s: 115 },
    { call: hotel, until_s: 100 },
  ]);
  const late_events = await stored(late);
  const band_event = last_of(late_events, "frustration");
  assert(band_event, "the server judged the late-delivery caller's frustration");
  await until(async () => (await band.textContent()).startsWith(band_event.label), `panel band ${band_event.label}`);
  const level_now = Number((await band.textContent()).split(" ")[1]);
  assert(band_event.label !== "calm" && level_now > level_at_start, `frustration rose (${level_at_start} -> ${level_now})`);
  // The level shown is the server's latest reading (a band change or a frustration_level step).
  const reading = late_events.filter((e) => e.type === "frustration" || e.type === "frustration_level").at(-1);
  assert(Math.abs(level_now - reading.strength) < 0.011, `the panel's level is the server's (${reading.strength}, shown ${level_now})`);
  const chart = panel.locator(".chart");
  assert((await chart.locator("canvas").count()) >= 1, "the frustration chart is drawn");
  assert(Number(await chart.getAttribute("data-points")) >= 3, "the chart has the level's points");
  ok(`frustration rises on the panel: calm ${level_at_start.toFixed(2)} -> ${band_event.label} ${level_now.toFixed(2)}, drawn on the chart`);

  const type_event = last_of(late_events, "caller_type");
  assert(type_event, "the server named a caller type");
  await until(
    async () => (await panel.getByTestId("caller-type-label").textContent())?.toLowerCase().includes(type_event.label),
    "caller type",
  );
  const type_text = await panel.getByTestId("caller-type").textContent();
  assert(type_text.includes(type_event.evidence.text.slice(0, 20)), "the caller type shows its evidence");
  ok(`caller type appears with its evidence: ${type_event.label}`);

  const technique = (await panel.getByTestId("top-suggestion").getByTestId("technique").textContent()).trim();
  const shown = late_events.filter((e) => e.type === "suggestion").map((e) => e.technique.replace(/_/g, " "));
  assert(technique.length > 0 && shown.includes(technique), `top suggestion's technique "${technique}" is one the server sent`);
  const say_text = await panel.locator(".top-suggestion .say").textContent();
  const size = await panel.locator(".top-suggestion .say").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert(say_text.length > 10 && size >= 24, `the top suggestion is in large type (${size}px)`);
  ok(`a suggestion with its technique appears in large type: ${technique}: "${say_text}"`);

  const nudge = last_of(late_events, "nudge");
  assert(nudge, "the server nudged the agent after \"our policy\"");
  await until(async () => (await panel.getByTestId("nudges").textContent()).includes(nudge.text.slice(0, 25)), "the nudge");
  ok(`the nudge after "our policy" shows under "Avoid now": ${nudge.text}`);

  const cards = panel.getByTestId("card");
  await until(async () => (await cards.count()) >= 3, "knowledge cards");
  assert((await panel.getByTestId("cards").textContent()).includes("558129"), "the order card names order 558129");
  ok(`knowledge cards: ${await cards.count()} (order 558129, the customer, history, policy)`);

  // The panel keeps a warning up for a minute of call time.
  const warning = last_of(late_events, "escalation_warning");
  const call_now = Math.max(...late_events.map((e) => e.end_ms));
  assert(warning && warning.t_ms + 60_000 > call_now, "the server warned within the last minute");
  const esc_state = await panel.getByTestId("escalation-state").textContent();
  assert(esc_state.startsWith("Escalating"), `escalation state shows the warning (${esc_state})`);
  ok(`escalation state: ${esc_state}`);
  await no_sideways_scroll(panel, "panel at 1280");
  await shot(panel, "panel-1280x800.png");

  const narrow = await page_at(400, 800, true);
  await narrow.goto(`${base}/#/call/${late.id}`);
  await until(async () => (await narrow.getByTestId("band").textContent()).startsWith(band_event.label), "narrow panel");
  await no_sideways_scroll(narrow, "panel at 400 px");
  const order = await narrow.evaluate(() =>
    ["suggestions", "nudges", "escalation", "caller-type"].map((id) => document.querySelector(`[data-testid=${id}]`).getBoundingClientRect().top),
  );
  assert(order.every((y, i) => i === 0 || y > order[i - 1]), "at 400 px the panel is one column, suggestion first");
  await shot(narrow, "panel-400x800.png");
  ok("the panel fits 400 px wide in one column, the suggestion first");

  // The wall: sorted by risk, the calm call last, alerts for the calls that got worse.
  // Wait for both calls by name: the late call alone can raise two alerts (band, then warning)
  // before the hotel call's first one arrives.
  const alerts = await until(async () => {
    const text = await wall.getByTestId("alerts").textContent();
    return text.includes(late.id) && text.includes(hotel.id) ? text : "";
  }, "alerts on the wall for both escalating calls");
  assert(!alerts.includes(calm.id), "the calm call raised no alert");
  const risks = await tiles.evaluateAll((els) => els.map((e) => [e.dataset.call, Number(e.dataset.risk)]));
  assert(risks.every(([, r], i) => i === 0 || r <= risks[i - 1][1]), `tiles sorted by risk: ${JSON.stringify(risks)}`);
  assert(risks.at(-1)[0] === calm.id, "the calm call is last");
  const first = tiles.first();
  assert((await first.locator("svg.spark path").count()) === 1, "tiles carry a sparkline");
  const first_text = await first.textContent();
  const first_call = risks[0][0];
  const first_agent = first_call === late.id ? late.agent : hotel.agent;
  assert(first_text.includes(first_agent), "the tile names the agent");
  assert(/\d+:\d\d/.test(first_text), "the tile shows the duration");
  ok(`the wall sorts by risk (${risks.map(([c, r]) => `${c} ${r.toFixed(2)}`).join(", ")}) with sparklines, agents, durations and alerts`);
  await no_sideways_scroll(wall, "wall at 1280");
  await shot(wall, "wall-1280x800.png");
  const narrow_wall = await page_at(400, 800, true);
  await narrow_wall.goto(`${base}/`);
  await until(async () => (await narrow_wall.getByTestId("call-tile").count()) === 3, "narrow wall");
  await no_sideways_scroll(narrow_wall, "wall at 400 px");
  await shot(narrow_wall, "wall-400x800.png");
  ok("the wall fits 400 px wide");

  // Keyboard: Tab to the riskiest call, Enter opens its panel with the brief.
  await wall.bringToFront();
  await wall.locator("body").focus();
  let focused = null;
  for (let i = 0; i < 30 && focused === null; ++i) {
    await wall.keyboard.press("Tab");
    focused = await wall.evaluate(() => document.activeElement?.dataset?.call ?? null);
  }
  assert(focused === first_call, `Tab reaches the riskiest call first (got ${focused})`);
  const outline = await wall.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert(outline !== "none", "the focused tile shows a focus ring");
  await wall.keyboard.press("Enter");
  await until(async () => wall.url().includes(`#/call/${first_call}`), "the panel of the call opened");
  const brief = wall.getByTestId("brief");
  await brief.waitFor({ state: "visible" });
  await until(async () => (await brief.textContent()).includes("Handoff brief at"), "the brief loaded");
  ok(`Enter on the focused tile opens ${first_call}'s panel with its brief`);
  await shot(wall, "panel-with-brief-1280x800.png");

  // Phase 2: the rest of both escalating calls.
  await stream([
    { call: late, until_s: 1e9 },
    { call: hotel, until_s: 1e9 },
  ]);
  const late_all = await stored(late);
  const escalation = last_of(late_all, "escalation");
  assert(escalation, "the server escalated the late-delivery call");
  await until(async () => (await panel.getByTestId("escalation-state").textContent()) === "Escalate the call", "escalation on the panel");
  await until(async () => (await band.textContent()).startsWith(last_of(late_all, "frustration").label), "final band");
  ok(`the panel shows the escalation: ${escalation.evidence.text.slice(0, 70)}...`);

  // The brief, one click away on the agent's narrow panel.
  const brief_button = narrow.locator("button.brief-button");
  assert((await brief_button.textContent()) === "Show brief", "the brief button offers the brief");
  await brief_button.click();
  const narrow_brief = narrow.getByTestId("brief");
  await until(async () => (await narrow_brief.textContent()).includes("Chloe Bennett"), "brief names the customer");
  assert((await brief_button.getAttribute("aria-expanded")) === "true", "the brief button says it is expanded");
  const server_brief = await api("GET", `/calls/${late.id}/brief`);
  assert((await narrow_brief.textContent()).includes(server_brief.trajectory), "the brief shows the server's trajectory");
  await no_sideways_scroll(narrow, "panel with brief at 400 px");
  ok(`the brief opens in one click: ${server_brief.caller.slice(0, 60)}; ${server_brief.trajectory}`);

  // The post-call report, one more click away: a new tab with the server's self-contained page.
  const [report_tab] = await Promise.all([context.waitForEvent("page"), narrow.locator("button.report-button").click()]);
  await report_tab.waitForLoadState();
  await until(async () => (await report_tab.locator("svg").count()) > 0, "the report shows its chart");
  const report_title = await report_tab.locator("h1").first().textContent();
  assert(report_title.includes(late.id), `the report is of ${late.id}: ${report_title}`);
  await report_tab.setViewportSize({ width: 1280, height: 800 });
  await shot(report_tab, "report-from-panel-1280x800.png");
  await report_tab.close();
  ok(`the report opens in a new tab: "${report_title}"`);

  // Calls end: the wall moves them to "Recently ended".
  await api("POST", `/calls/${late.id}/end`);
  await api("POST", `/calls/${calm.id}/end`);
  clearInterval(hotel.keepalive);
  hotel.ws.send(JSON.stringify({ event: "stop", streamSid: `MZ${hotel.id}`, stop: { callSid: hotel.id } }));
  await narrow_wall.bringToFront();
  await until(async () => (await narrow_wall.getByTestId("ended-calls").getByTestId("call-tile").count()) === 3, "ended calls", 20_000);
  assert((await narrow_wall.getByTestId("live-calls").textContent()).includes("No live calls"), "no live calls left");
  ok("ended calls leave the live list");

  assert(problems.length === 0, `no page or console errors: ${problems.join("; ")}`);
  ok("no page errors or console errors");
} catch (e) {
  failed = 1;
  console.error(`not ok - ${e.stack ?? e}`);
  for (const p of context.pages()) {
    try {
      await p.screenshot({ path: join(opt.out, `failure-${context.pages().indexOf(p)}.png`) });
    } catch {
      // the page may be gone
    }
  }
  if (problems.length > 0) console.error(problems.join("\n"));
  console.error(`# server log:\n${server_log.split("\n").slice(-30).join("\n")}`);
} finally {
  clearInterval(hotel.keepalive);
  hotel.ws?.close();
  await context.close();
  server.kill("SIGTERM");
  await new Promise((r) => (server.exitCode !== null ? r() : server.on("exit", r)));
  rmSync(tmp, { recursive: true, force: true });
}

if (failed === 0 && opt.docs) {
  mkdirSync(opt.docs, { recursive: true });
  for (const name of ["panel-1280x800.png", "wall-1280x800.png", "panel-400x800.png"]) {
    copyFileSync(join(opt.out, name), join(opt.docs, name));
  }
  console.log(`# copied the panel and wall screenshots into ${opt.docs}`);
}
console.log(`WebScreens: ${passed} passed, ${failed} failed`);
process.exit(failed);
