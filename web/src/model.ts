// What a screen knows about one call, folded from its events in seq order: the frustration
// trace, caller type, stage, the guidance that is current, the escalation state and a risk score
// for ordering the wall. No DOM here.
import type { LiveEvent } from "./types";

export type Band = "calm" | "tense" | "frustrated" | "angry";

// The assessor's band edges (README, "Judgements"): 0.25 / 0.45 / 0.70.
export const kBands: { band: Band; from: number; to: number }[] = [
  { band: "calm", from: 0, to: 0.25 },
  { band: "tense", from: 0.25, to: 0.45 },
  { band: "frustrated", from: 0.45, to: 0.7 },
  { band: "angry", from: 0.7, to: 1 },
];

export function band_rank(b: Band): number {
  return kBands.findIndex((x) => x.band === b);
}

function as_band(label: string | undefined): Band | null {
  return kBands.find((x) => x.band === label)?.band ?? null;
}

// The guide says when a suggestion leaves (suggestion_done); its limits also hold here, so that
// the panel stays right between events: two suggestions at once, each for 45 s of call time.
const kMaxSuggestions = 2;
const kSuggestionTtlMs = 45_000;
const kNudgeShownMs = 30_000;
const kWarningFreshMs = 60_000;

export interface Guidance {
  seq: number;
  t_ms: number;
  technique: string;
  text: string;
  priority: number;
  because: string[];
  source: string;
}

export interface Card {
  seq: number;
  t_ms: number;
  label: string;
  text: string;
  source: string;
}

export interface Escalation {
  t_ms: number;
  label: string; // boundary | escalate | disconnect | specialist
  text: string;
  because: string[];
}

// Something a supervisor should hear about now.
export interface Alert {
  call: string;
  t_ms: number;
  kind: "band" | "warning" | "escalation";
  text: string;
}

function number_named(e: LiveEvent, name: string): number | null {
  const m = e.evidence.numbers?.find((n) => n.name === name);
  return m === undefined ? null : m.value;
}

function guidance_of(e: LiveEvent): Guidance {
  return {
    seq: e.seq,
    t_ms: e.t_ms,
    technique: e.technique ?? e.label ?? "",
    text: e.text ?? e.evidence.text,
    priority: number_named(e, "priority") ?? Math.round(e.strength * 100),
    because: e.because ?? [],
    source: e.source ?? "",
  };
}

// The most specific first: the order being discussed, who the caller is, their history, then
// what the agent may offer.
const kCardOrder = ["order", "customer", "history", "policy"];
function card_rank(label: string): number {
  const i = kCardOrder.indexOf(label);
  return i < 0 ? kCardOrder.length : i;
}

export class CallState {
  last_seq = -1;
  now_ms = 0;
  level = 0;
  band: Band = "calm";
  peak_level = 0;
  // The caller's frustration level on the call timeline: a point at the start and at every
  // judgement that states it (level readings, band changes, escalation warnings, skipped
  // validation).
  trace: { t_ms: number; level: number }[] = [{ t_ms: 0, level: 0 }];
  why_level = "";
  caller_type: { label: string; confidence: number; evidence: string; t_ms: number } | null = null;
  stage: string | null = null;
  suggestions: Guidance[] = [];
  nudges: Guidance[] = [];
  cards: Card[] = [];
  warnings: { t_ms: number; text: string; level: number }[] = [];
  escalations: Escalation[] = [];
  utterances = 0;

  constructor(readonly id: string) {}

  // Folds one event in; events at or below the last seq seen are replays and are ignored.
  // Returns an alert when the call got worse.
  apply(e: LiveEvent): Alert | null {
    if (e.seq <= this.last_seq) return null;
    this.last_seq = e.seq;
    this.now_ms = Math.max(this.now_ms, e.end_ms, e.t_ms);
    switch (e.type) {
      case "frustration": {
        const before = this.band;
        const level = number_named(e, "level") ?? e.strength;
        this.note_level(e.t_ms, level);
        this.band = as_band(e.label) ?? this.band;
        this.why_level = e.evidence.text;
        if (band_rank(this.band) > band_rank(before)) {
          return { call: this.id, t_ms: e.t_ms, kind: "band", text: `${before} → ${this.band}` };
        }
        return null;
      }
      case "frustration_level": {
        // A reading each time the level moves by 0.05: the trend between band changes.
        this.note_level(e.t_ms, number_named(e, "level") ?? e.strength);
        return null;
      }
      case "escalation_warning": {
        const level = number_named(e, "level") ?? e.strength;
        this.note_level(e.t_ms, level);
        this.warnings.push({ t_ms: e.t_ms, text: e.evidence.text, level });
        return { call: this.id, t_ms: e.t_ms, kind: "warning", text: "escalating" };
      }
      case "skipped_validation": {
        const level = number_named(e, "frustration");
        if (level !== null) this.note_level(e.t_ms, level);
        return null;
      }
      case "caller_type":
        this.caller_type = {
          label: e.label ?? "",
          confidence: e.strength,
          evidence: e.evidence.text,
          t_ms: e.t_ms,
        };
        return null;
      case "stage":
        this.stage = e.label ?? null;
        return null;
      case "suggestion":
        this.add_suggestion(guidance_of(e));
        return null;
      case "suggestion_done":
        // The guide took it off: the agent did it, a more important one replaced it, or it expired.
        this.suggestions = this.suggestions.filter((s) => s.source !== (e.source ?? ""));
        return null;
      case "nudge":
        this.nudges.push(guidance_of(e));
        return null;
      case "knowledge_card": {
        const card: Card = {
          seq: e.seq,
          t_ms: e.t_ms,
          label: e.label ?? "",
          text: e.evidence.text,
          source: e.source ?? "",
        };
        this.cards = [...this.cards.filter((c) => c.source !== card.source), card].sort(
          (a, b) => card_rank(a.label) - card_rank(b.label) || b.seq - a.seq,
        );
        return null;
      }
      case "escalation": {
        const esc: Escalation = {
          t_ms: e.t_ms,
          label: e.label ?? "escalate",
          text: e.evidence.text,
          because: e.because ?? [],
        };
        this.escalations.push(esc);
        return { call: this.id, t_ms: e.t_ms, kind: "escalation", text: esc.label };
      }
      case "utterance":
        this.utterances += 1;
        return null;
      default:
        return null;
    }
  }

  private note_level(t_ms: number, level: number): void {
    this.level = level;
    this.peak_level = Math.max(this.peak_level, level);
    this.trace.push({ t_ms, level });
  }

  private add_suggestion(g: Guidance): void {
    // A new suggestion beyond the limit replaced the least important one.
    const live = this.current_suggestions(g.t_ms);
    while (live.length >= kMaxSuggestions) {
      live.sort((a, b) => a.priority - b.priority);
      live.shift();
    }
    live.push(g);
    this.suggestions = live;
  }

  // The one or two suggestions still in force, most important first.
  current_suggestions(at_ms = this.now_ms): Guidance[] {
    return this.suggestions
      .filter((s) => s.t_ms + kSuggestionTtlMs > at_ms)
      .sort((a, b) => b.priority - a.priority || b.seq - a.seq);
  }

  // Nudges from the last half minute, newest first; at most two.
  current_nudges(): Guidance[] {
    return this.nudges
      .filter((n) => n.t_ms + kNudgeShownMs > this.now_ms)
      .sort((a, b) => b.seq - a.seq)
      .slice(0, 2);
  }

  warning_fresh(): boolean {
    const last = this.warnings[this.warnings.length - 1];
    return last !== undefined && last.t_ms + kWarningFreshMs > this.now_ms;
  }

  latest_escalation(): Escalation | null {
    return this.escalations[this.escalations.length - 1] ?? null;
  }

  // none | warning | boundary | escalate | specialist | disconnect
  escalation_state(): string {
    const esc = this.latest_escalation();
    if (esc !== null) return esc.label;
    return this.warning_fresh() ? "warning" : "none";
  }

  // For ordering the wall: the current level, raised by a fresh warning or an escalation.
  risk(): number {
    let r = this.level;
    if (this.warning_fresh()) r += 0.25;
    const esc = this.latest_escalation();
    if (esc !== null) r += esc.label === "boundary" ? 0.15 : 0.35;
    return r;
  }
}

export function fmt_time(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

export function band_of(level: number): Band {
  let b: Band = "calm";
  for (const x of kBands) if (level >= x.from) b = x.band;
  return b;
}

// "caller_type:venter" -> "caller type: venter"; "no_validation_yet" -> "no validation yet".
export function humane(tag: string): string {
  return tag.replace(/_/g, " ").replace(/:/g, ": ");
}
