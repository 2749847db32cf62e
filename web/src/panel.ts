// The agent panel: one call, read at a glance. The top suggestion in large type, what to avoid
// now, the escalation state with the brief one click away, the frustration chart with its bands,
// the caller type with its evidence, and the knowledge cards.
import { get_brief, get_events, get_report, LiveFeed, type ConnectionState } from "./api";
import { FrustrationChart } from "./chart";
import { clear, h } from "./dom";
import { CallState, fmt_time, humane } from "./model";
import type { Brief, LiveEvent, LiveMessage } from "./types";

export interface Screen {
  destroy(): void;
}

const kEscalationWords: Record<string, string> = {
  none: "No escalation",
  warning: "Escalating: the peak is likely ahead",
  boundary: "Set a boundary",
  escalate: "Escalate the call",
  specialist: "Hand to a specialist",
  disconnect: "You may end the call",
};

export function open_panel(
  root: HTMLElement,
  id: string,
  show_brief: boolean,
  on_error: (e: unknown) => void,
): Screen {
  const call = new CallState(id);
  let loaded = false;
  const early: LiveEvent[] = [];
  let frame = 0;

  const conn = h("span", { class: "conn", role: "status", "data-testid": "connection" }, "connecting");
  const band = h("span", { class: "band-badge", "data-testid": "band" }, "calm");
  const stage = h("span", { class: "stage", "data-testid": "stage" });
  const clock = h("span", { class: "clock", "aria-label": "call time" }, "0:00");
  const top = h("section", { class: "box suggestions", "aria-labelledby": "h-sugg", "data-testid": "suggestions" });
  const nudges = h("section", { class: "box nudges", "aria-labelledby": "h-nudges", "data-testid": "nudges" });
  const escalation = h("section", { class: "box escalation", "aria-labelledby": "h-esc", "data-testid": "escalation" });
  const chart_host = h("div", { class: "chart", role: "img", "aria-label": "Caller frustration over the call" });
  const why = h("p", { class: "why small", "data-testid": "why-level" });
  const trend = h(
    "section",
    { class: "box trend", "aria-labelledby": "h-trend" },
    h("h2", { id: "h-trend" }, "Caller frustration"),
    chart_host,
    why,
  );
  const type = h("section", { class: "box caller-type", "aria-labelledby": "h-type", "data-testid": "caller-type" });
  const cards = h("section", { class: "box cards", "aria-labelledby": "h-cards", "data-testid": "cards" });
  const brief_button = h(
    "button",
    { type: "button", class: "brief-button", "aria-expanded": "false", "aria-controls": "brief" },
    "Show brief",
  );
  // The report needs the token, which a plain link cannot carry: fetch it, then open it.
  const report_button = h(
    "button",
    { type: "button", class: "report-button", "aria-label": "Open the call report in a new tab" },
    "Open report",
  );
  const brief = h("section", {
    id: "brief",
    class: "box brief",
    "aria-labelledby": "h-brief",
    "data-testid": "brief",
    hidden: true,
  });

  const screen = h(
    "article",
    { class: "panel", "aria-labelledby": "call-title" },
    h(
      "header",
      { class: "panel-head" },
      h("h1", { id: "call-title" }, h("span", { class: "muted" }, "Call "), id),
      band,
      stage,
      clock,
      conn,
    ),
    h(
      "div",
      { class: "panel-grid" },
      h("div", { class: "col col-main" }, top, nudges, escalation),
      h("div", { class: "col col-side" }, trend, type, cards),
      brief,
    ),
  );
  clear(root, screen);
  const chart = new FrustrationChart(chart_host);

  function render(): void {
    frame = 0;
    band.textContent = `${call.band} ${call.level.toFixed(2)}`;
    band.className = `band-badge band-${call.band}`;
    band.setAttribute("aria-label", `caller frustration: ${call.band}, level ${call.level.toFixed(2)}`);
    stage.textContent = call.stage ? `stage: ${call.stage}` : "";
    clock.textContent = fmt_time(call.now_ms);
    render_suggestions();
    render_nudges();
    render_escalation();
    render_type();
    render_cards();
    why.textContent = call.why_level || "No frustration cues yet.";
    chart_host.dataset["points"] = String(call.trace.length);
    chart_host.setAttribute(
      "aria-label",
      `Caller frustration over the call: now ${call.band} (${call.level.toFixed(2)}), ` +
        `peak ${call.peak_level.toFixed(2)}, ${call.warnings.length} escalation warnings`,
    );
    chart.update(call);
  }

  function render_suggestions(): void {
    const now = call.current_suggestions();
    const [first, second] = now;
    clear(
      top,
      h("h2", { id: "h-sugg" }, "Say now"),
      first
        ? h(
            "div",
            { class: "top-suggestion", "data-testid": "top-suggestion" },
            h("p", { class: "technique", "data-testid": "technique" }, humane(first.technique)),
            h("p", { class: "say" }, first.text),
            h("p", { class: "small muted" }, "because ", first.because.map(humane).join(", ")),
          )
        : h("p", { class: "empty" }, "Listening. Suggestions appear here."),
      second
        ? h(
            "div",
            { class: "second-suggestion", "data-testid": "second-suggestion" },
            h("p", { class: "technique" }, humane(second.technique)),
            h("p", {}, second.text),
          )
        : null,
    );
  }

  function render_nudges(): void {
    const now = call.current_nudges();
    clear(
      nudges,
      h("h2", { id: "h-nudges" }, "Avoid now"),
      now.length === 0
        ? h("p", { class: "empty" }, "Nothing to avoid right now.")
        : h(
            "ul",
            {},
            ...now.map((n) =>
              h("li", {}, h("strong", {}, humane(n.technique)), " ", n.text),
            ),
          ),
    );
  }

  function render_escalation(): void {
    const state = call.escalation_state();
    const esc = call.latest_escalation();
    const warning = call.warnings[call.warnings.length - 1];
    escalation.className = `box escalation esc-${state}`;
    clear(
      escalation,
      h("h2", { id: "h-esc" }, "Escalation"),
      h("p", { class: "esc-state", "data-testid": "escalation-state" }, kEscalationWords[state] ?? state),
      esc
        ? h("p", { class: "small" }, esc.text)
        : warning && state === "warning"
          ? h("p", { class: "small" }, warning.text)
          : null,
      h("div", { class: "esc-actions" }, brief_button, report_button),
    );
  }

  function render_type(): void {
    const t = call.caller_type;
    clear(
      type,
      h("h2", { id: "h-type" }, "Caller type"),
      t
        ? h(
            "div",
            {},
            h(
              "p",
              { class: "type-label", "data-testid": "caller-type-label" },
              humane(t.label),
              h("span", { class: "muted small" }, ` ${Math.round(t.confidence * 100)}% sure`),
            ),
            h("p", { class: "small evidence" }, t.evidence),
          )
        : h("p", { class: "empty" }, "Not sure yet."),
    );
  }

  function render_cards(): void {
    clear(
      cards,
      h("h2", { id: "h-cards" }, "Account"),
      call.cards.length === 0
        ? h("p", { class: "empty" }, "No account details yet.")
        : h(
            "ul",
            { class: "card-list" },
            ...call.cards.map((c) =>
              h(
                "li",
                { class: "card", "data-testid": "card" },
                // Two lines each; open one for the rest.
                h(
                  "details",
                  {},
                  h("summary", {}, h("span", { class: "card-kind" }, c.label), " ", h("span", { class: "card-text" }, c.text)),
                ),
              ),
            ),
          ),
    );
  }

  function schedule(): void {
    if (frame === 0) frame = requestAnimationFrame(render);
  }

  function on_message(m: LiveMessage): void {
    if (!("seq" in m)) return;
    if (!loaded) {
      early.push(m);
      return;
    }
    call.apply(m);
    schedule();
  }

  // History first, then whatever arrived on /live meanwhile (replays drop out by seq).
  async function load(): Promise<void> {
    const history = await get_events(id);
    for (const e of history.events) call.apply(e);
    loaded = true;
    for (const e of early.sort((a, b) => a.seq - b.seq)) call.apply(e);
    early.length = 0;
    render();
  }

  function on_state(s: ConnectionState): void {
    conn.textContent = s;
    conn.className = `conn conn-${s}`;
    if (s === "live" && loaded) void load_gap();
  }

  // After a reconnection: fetch what the feed missed.
  async function load_gap(): Promise<void> {
    try {
      const history = await get_events(id);
      for (const e of history.events) call.apply(e);
      schedule();
    } catch (e) {
      on_error(e);
    }
  }

  async function toggle_brief(open: boolean, focus: boolean): Promise<void> {
    brief_button.setAttribute("aria-expanded", String(open));
    brief_button.textContent = open ? "Hide brief" : "Show brief";
    brief.hidden = !open;
    if (!open) return;
    clear(brief, h("h2", { id: "h-brief" }, "Handoff brief"), h("p", { class: "empty" }, "Loading…"));
    try {
      render_brief(await get_brief(id));
      if (focus) brief.focus();
    } catch (e) {
      on_error(e);
    }
  }

  function render_brief(b: Brief): void {
    const list = (items: string[]): HTMLElement =>
      items.length === 0 ? h("p", { class: "muted" }, "none") : h("ul", {}, ...items.map((i) => h("li", {}, i)));
    const row = (label: string, value: Node | string): HTMLElement[] => [h("dt", {}, label), h("dd", {}, value)];
    brief.tabIndex = -1;
    clear(
      brief,
      h("h2", { id: "h-brief" }, `Handoff brief at ${fmt_time(b.at_ms)}`),
      h(
        "dl",
        {},
        ...row("Caller", b.caller || "unknown"),
        ...row("Wants", b.wants || "not said yet"),
        ...row("Asked for", list(b.asked_for)),
        ...row("Caller type", b.caller_type || "not sure yet"),
        ...row("Frustration", b.frustration),
        ...row("Trajectory", b.trajectory),
        ...row("Tried", list(b.tried)),
        ...row("Account", list(b.account_facts)),
        ...row("Escalations", list(b.escalations)),
        ...row("Do not", list(b.do_not)),
      ),
      h(
        "details",
        {},
        h("summary", {}, `Timeline (${b.timeline.length})`),
        h("ol", { class: "timeline" }, ...b.timeline.map((m) => h("li", {}, h("time", {}, fmt_time(m.t_ms)), " ", m.what))),
      ),
      h("button", { type: "button", class: "refresh", "aria-label": "Refresh the brief" }, "Refresh"),
    );
    brief.querySelector("button.refresh")?.addEventListener("click", () => void toggle_brief(true, true));
  }

  brief_button.addEventListener("click", () => {
    void toggle_brief(brief.hidden, true);
  });
  report_button.addEventListener("click", () => {
    const tab = window.open("", "_blank");
    get_report(id).then(
      (html) => {
        const url = URL.createObjectURL(new Blob([html], { type: "text/html" }));
        if (tab) tab.location.href = url;
        else window.location.href = url;
      },
      (e: unknown) => {
        tab?.close();
        on_error(e);
      },
    );
  });

  const feed = new LiveFeed(id, on_message, on_state);
  load()
    .then(() => (show_brief ? toggle_brief(true, false) : undefined))
    .catch(on_error);
  render();

  return {
    destroy(): void {
      feed.close();
      if (frame !== 0) cancelAnimationFrame(frame);
      chart.destroy();
    },
  };
}
