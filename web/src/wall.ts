// The supervisor wall: every live call as a tile, riskiest first (current frustration, a fresh
// escalation warning, an escalation), each with a sparkline, caller type, duration and agent.
// A call that gets worse (its band rises, a warning, an escalation) raises an alert. Opening a
// tile shows the call's panel with its brief.
import { get_call, get_events, list_calls, LiveFeed, type ConnectionState } from "./api";
import { sparkline } from "./chart";
import { clear, h } from "./dom";
import { CallState, fmt_time, humane, type Alert } from "./model";
import type { Screen } from "./panel";
import type { CallInfo, LiveEvent, LiveMessage } from "./types";

const kRefreshMs = 4000;
const kAlertGlowMs = 15_000;
const kMaxAlerts = 6;
const kEndedShown = 8;

interface Tracked {
  info: CallInfo;
  state: CallState;
  loaded: boolean;
  early: LiveEvent[];
  alert_until: number;
}

function agent_of(info: CallInfo): string {
  if (info.agent) return info.agent;
  const meta = info.meta;
  const direct = meta["agent"];
  if (typeof direct === "string") return direct;
  const params = meta["customParameters"];
  if (params && typeof params === "object") {
    const a = (params as Record<string, unknown>)["agent"];
    if (typeof a === "string") return a;
  }
  return "";
}

// Wall-clock time since the call started, or its own timeline where that runs further (a call
// replayed faster than real time).
function duration_ms(t: Tracked, now: number): number {
  return Math.max((t.info.ended_at_ms ?? now) - t.info.started_at_ms, t.state.now_ms, t.info.audio_ms ?? 0);
}

export function open_wall(root: HTMLElement, on_error: (e: unknown) => void): Screen {
  const calls = new Map<string, Tracked>();
  const alerts: Alert[] = [];
  let frame = 0;

  const conn = h("span", { class: "conn", role: "status", "data-testid": "connection" }, "connecting");
  const count = h("span", { class: "muted", "data-testid": "live-count" });
  const alert_box = h("section", { class: "alerts", "aria-labelledby": "h-alerts", "data-testid": "alerts" });
  const alert_list = h("ol", { role: "log", "aria-live": "assertive", "aria-relevant": "additions" });
  alert_box.append(h("h2", { id: "h-alerts", class: "visually-hidden" }, "Alerts"), alert_list);
  const live_list = h("ol", { class: "tiles", "aria-labelledby": "h-live", "data-testid": "live-calls" });
  const ended_list = h("ol", { class: "tiles ended", "aria-labelledby": "h-ended", "data-testid": "ended-calls" });
  const ended_head = h("h2", { id: "h-ended" }, "Recently ended");
  clear(
    root,
    h(
      "article",
      { class: "wall", "aria-labelledby": "h-live" },
      h("header", { class: "wall-head" }, h("h1", { id: "h-live" }, "Live calls"), count, conn),
      alert_box,
      h("p", { class: "hint small muted" }, "Riskiest first. Open a call for its panel and brief."),
      live_list,
      ended_head,
      ended_list,
    ),
  );

  function tile(t: Tracked, now: number): HTMLElement {
    const s = t.state;
    const state = s.escalation_state();
    const alerting = t.alert_until > now;
    const type = s.caller_type ? humane(s.caller_type.label) : "";
    const agent = agent_of(t.info);
    const label =
      `Call ${t.info.id}, ${s.band} ${s.level.toFixed(2)}, ${type || "caller type not clear yet"}` +
      (agent ? `, agent ${agent}` : "") +
      (state !== "none" ? `, ${state}` : "") +
      `, ${fmt_time(duration_ms(t, now))}`;
    return h(
      "li",
      {},
      h(
        "a",
        {
          class: `tile band-${s.band}${alerting ? " alerting" : ""}`,
          href: `#/call/${encodeURIComponent(t.info.id)}?brief=1`,
          "aria-label": label,
          "data-call": t.info.id,
          "data-risk": s.risk().toFixed(3),
          "data-testid": "call-tile",
        },
        h(
          "span",
          { class: "tile-top" },
          h("span", { class: "tile-id" }, t.info.id),
          h("span", { class: `band-badge band-${s.band}` }, `${s.band} ${s.level.toFixed(2)}`),
        ),
        sparkline(s),
        type
          ? h("span", { class: "tile-type", "data-testid": "tile-type" }, type)
          : h("span", { class: "tile-type muted", "data-testid": "tile-type" }, "Caller type not clear yet"),
        h(
          "span",
          { class: "tile-meta small" },
          h("span", { class: "duration", "data-started": String(t.info.started_at_ms) }, fmt_time(duration_ms(t, now))),
          agent ? ` · ${agent}` : "",
          state !== "none" ? h("span", { class: "flag" }, ` · ${state}`) : null,
        ),
      ),
    );
  }

  function render(): void {
    frame = 0;
    const now = Date.now();
    const all = [...calls.values()].filter((t) => t.loaded);
    const live = all
      .filter((t) => t.info.status === "live")
      .sort((a, b) => b.state.risk() - a.state.risk() || b.info.started_at_ms - a.info.started_at_ms);
    const ended = all
      .filter((t) => t.info.status !== "live")
      .sort((a, b) => (b.info.ended_at_ms ?? 0) - (a.info.ended_at_ms ?? 0))
      .slice(0, kEndedShown);
    // Keep keyboard focus on the same call across re-renders.
    const focused = (document.activeElement as HTMLElement | null)?.dataset["call"];
    clear(live_list, ...live.map((t) => tile(t, now)));
    if (live.length === 0) live_list.append(h("li", { class: "empty" }, "No live calls."));
    clear(ended_list, ...ended.map((t) => tile(t, now)));
    ended_head.hidden = ended.length === 0;
    count.textContent = `${live.length} live`;
    clear(
      alert_list,
      ...alerts.map((a) =>
        h(
          "li",
          { class: `alert alert-${a.kind}`, "data-testid": "alert" },
          h("a", { href: `#/call/${encodeURIComponent(a.call)}?brief=1` }, a.call),
          ` ${a.kind === "band" ? "frustration" : a.kind}: ${a.text} at ${fmt_time(a.t_ms)}`,
        ),
      ),
    );
    alert_box.hidden = alerts.length === 0;
    if (focused) root.querySelector<HTMLElement>(`a.tile[data-call="${CSS.escape(focused)}"]`)?.focus();
  }

  function schedule(): void {
    if (frame === 0) frame = requestAnimationFrame(render);
  }

  function raise(t: Tracked, a: Alert | null): void {
    if (a === null) return;
    t.alert_until = Date.now() + kAlertGlowMs;
    alerts.unshift(a);
    alerts.length = Math.min(alerts.length, kMaxAlerts);
  }

  async function track(info: CallInfo): Promise<void> {
    const t: Tracked = { info, state: new CallState(info.id), loaded: false, early: [], alert_until: 0 };
    calls.set(info.id, t);
    const history = await get_events(info.id);
    for (const e of history.events) t.state.apply(e);
    t.info = { ...info, ...history.call };
    t.loaded = true;
    for (const e of t.early.sort((a, b) => a.seq - b.seq)) raise(t, t.state.apply(e));
    t.early = [];
    schedule();
  }

  async function refresh(): Promise<void> {
    const list = await list_calls();
    const live = list.filter((c) => c.status === "live");
    const recent = list.filter((c) => c.status !== "live").slice(0, kEndedShown);
    for (const info of [...live, ...recent]) {
      const t = calls.get(info.id);
      if (t === undefined) {
        void track(info).catch(on_error);
      } else {
        t.info = info;
      }
    }
    schedule();
  }

  function on_message(m: LiveMessage): void {
    if (!("seq" in m)) return;
    const t = calls.get(m.call);
    if (t === undefined) {
      // A call we have not seen: its history holds this event too.
      void get_call(m.call)
        .then((info) => (calls.has(info.id) ? undefined : track(info)))
        .catch(on_error);
      return;
    }
    if (!t.loaded) {
      t.early.push(m);
      return;
    }
    raise(t, t.state.apply(m));
    schedule();
  }

  function on_state(s: ConnectionState): void {
    conn.textContent = s;
    conn.className = `conn conn-${s}`;
    if (s === "live") void refresh().catch(on_error);
  }

  const feed = new LiveFeed(null, on_message, on_state);
  const poll = window.setInterval(() => void refresh().catch(on_error), kRefreshMs);
  // Durations tick every second without rebuilding the tiles.
  const tick = window.setInterval(() => {
    const now = Date.now();
    for (const el of root.querySelectorAll<HTMLElement>(".tile .duration")) {
      const t = calls.get(el.closest<HTMLElement>("a.tile")?.dataset["call"] ?? "");
      if (t && t.info.status === "live") el.textContent = fmt_time(duration_ms(t, now));
    }
  }, 1000);
  render();

  return {
    destroy(): void {
      feed.close();
      window.clearInterval(poll);
      window.clearInterval(tick);
      if (frame !== 0) cancelAnimationFrame(frame);
    },
  };
}
