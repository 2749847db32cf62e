// Talking to `composure serve`: the bearer token (asked once, kept for the browser session), the
// REST calls the screens need, and the /live WebSocket with reconnection.
import type { Brief, CallInfo, LiveEvent, LiveMessage } from "./types";

const kTokenKey = "composure.token";

export function token(): string | null {
  return sessionStorage.getItem(kTokenKey);
}

export function set_token(value: string): void {
  sessionStorage.setItem(kTokenKey, value);
}

export function forget_token(): void {
  sessionStorage.removeItem(kTokenKey);
}

// Thrown when the server refuses the token, so the app can ask for another.
export class Unauthorized extends Error {}

async function get_json<T>(path: string): Promise<T> {
  const response = await fetch(path, {
    headers: { Authorization: `Bearer ${token() ?? ""}`, Accept: "application/json" },
    cache: "no-store",
  });
  if (response.status === 401) throw new Unauthorized("the server refused the token");
  if (!response.ok) {
    let why = `${response.status} ${response.statusText}`;
    try {
      const body = (await response.json()) as { error?: string };
      if (body.error) why = body.error;
    } catch {
      // not JSON: keep the status line
    }
    throw new Error(`${path}: ${why}`);
  }
  return (await response.json()) as T;
}

const enc = encodeURIComponent;

export async function check_token(candidate: string): Promise<boolean> {
  const response = await fetch("calls", {
    headers: { Authorization: `Bearer ${candidate}` },
    cache: "no-store",
  });
  return response.ok;
}

export async function list_calls(): Promise<CallInfo[]> {
  return (await get_json<{ calls: CallInfo[] }>("calls")).calls;
}

export async function get_call(id: string): Promise<CallInfo> {
  return get_json<CallInfo>(`calls/${enc(id)}`);
}

export async function get_events(id: string): Promise<{ call: CallInfo; events: LiveEvent[] }> {
  return get_json(`calls/${enc(id)}/events`);
}

export async function get_brief(id: string): Promise<Brief> {
  return get_json<Brief>(`calls/${enc(id)}/brief`);
}

// The post-call report: a self-contained HTML page (GET /calls/{id}/report).
export async function get_report(id: string): Promise<string> {
  const response = await fetch(`calls/${enc(id)}/report`, {
    headers: { Authorization: `Bearer ${token() ?? ""}`, Accept: "text/html" },
    cache: "no-store",
  });
  if (response.status === 401) throw new Unauthorized("the server refused the token");
  if (!response.ok) throw new Error(`report of ${id}: ${response.status} ${response.statusText}`);
  return response.text();
}

export type ConnectionState = "connecting" | "live" | "retrying";

// The /live feed (all calls, or one). Reconnects after a drop, telling the caller so it can
// fetch what it missed; events carry (call, seq), so replays are easy to drop.
export class LiveFeed {
  private socket: WebSocket | null = null;
  private closed = false;
  private retry_ms = 500;
  private timer: number | undefined;

  constructor(
    private readonly call: string | null,
    private readonly on_message: (m: LiveMessage) => void,
    private readonly on_state: (s: ConnectionState) => void,
  ) {
    this.open();
  }

  close(): void {
    this.closed = true;
    window.clearTimeout(this.timer);
    this.socket?.close();
  }

  private open(): void {
    if (this.closed) return;
    this.on_state("connecting");
    const url = new URL("live", location.href);
    url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
    url.hash = "";
    url.searchParams.set("token", token() ?? "");
    if (this.call !== null) url.searchParams.set("call", this.call);
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      this.retry_ms = 500;
    };
    socket.onmessage = (m: MessageEvent) => {
      if (typeof m.data !== "string") return;
      let parsed: LiveMessage;
      try {
        parsed = JSON.parse(m.data) as LiveMessage;
      } catch {
        return;
      }
      if (parsed.type === "hello") this.on_state("live");
      this.on_message(parsed);
    };
    socket.onclose = () => {
      if (this.closed) return;
      this.on_state("retrying");
      this.timer = window.setTimeout(() => this.open(), this.retry_ms);
      this.retry_ms = Math.min(this.retry_ms * 2, 10_000);
    };
  }
}
