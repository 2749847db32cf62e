// The JSON the server sends (see README: "JSON (--json)" and "Live calls").

export interface Measure {
  name: string;
  value: number;
  unit: string;
}

export interface LiveEvent {
  call: string;
  seq: number;
  t_ms: number;
  end_ms: number;
  speaker: string; // "agent" | "caller" | ""
  type: string;
  cue: boolean;
  strength: number;
  evidence: { text: string; numbers?: Measure[] };
  label?: string;
  because?: string[];
  source?: string;
  technique?: string;
  text?: string;
}

export interface CallInfo {
  id: string;
  status: string; // "live" | "ended" | "cut_off"
  started_at_ms: number;
  ended_at_ms: number | null;
  source: string;
  agent: string;
  meta: Record<string, unknown>;
  events: number;
  audio_ms?: number;
}

export interface Brief {
  at_ms: number;
  caller: string;
  wants: string;
  asked_for: string[];
  caller_type: string;
  frustration: string;
  trajectory: string;
  timeline: { t_ms: number; what: string }[];
  tried: string[];
  account_facts: string[];
  escalations: string[];
  do_not: string[];
}

export interface Hello {
  type: "hello";
  call: string | null;
}

export interface Dropped {
  type: "live_dropped";
  dropped: number;
}

export type LiveMessage = LiveEvent | Hello | Dropped;
