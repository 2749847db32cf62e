// The post-call report: one self-contained HTML page (inline CSS and SVG; no script, font or
// style sheet fetched) with a timeline chart of the call, the caller type and stage changes, the
// guidance the agent was shown, every cue with its evidence, and the transcript with cues marked.
//
//   // The server: only the stored events of a call.
//   std::string page = render_call_report(call_id, stored_events);
//   // Offline (`composure report`): the events and the summary, with its voice traces.
//   std::string page = render_html_report({"call.wav", "WAV mu-law ...", 0}, events, summary,
//                                         &utterances);
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/word.h"
#include "engine/pipeline.h"

namespace composure {

struct ReportCall {
  std::string title;             // what the call is: a file name or a call id
  std::string source;            // one line on where it came from; may be empty
  std::int64_t duration_ms = 0;  // 0: up to the end of the last event
};

// From events alone, in any order (what the event store keeps): the frustration line is drawn
// from the stored frustration readings and band changes, and the loudness and pitch lanes say that
// no voice trace was kept. The transcript comes from the `utterance` events.
std::string render_html_report(const ReportCall& call, const std::vector<Event>& events);

// What the server keeps of a call besides its events, for the report's chart: each speaker's
// loudness and pitch against their baselines, and the caller's frustration, each second. Taken
// from the pipeline while the call is live, and from the store (`call_traces`) once it has ended.
struct CallTraces {
  std::int64_t duration_ms = 0;
  std::array<std::vector<VoicePoint>, 2> voice;  // indexed by Speaker
  std::vector<float> frustration;                // one level per second of the call
};

// What GET /calls/{id}/report serves: the report of a stored call, titled with its id; with
// `traces`, its voice lanes and per-second frustration line as well.
std::string render_call_report(std::string_view call_id, const std::vector<Event>& events,
                               const CallTraces* traces = nullptr);

// From a whole offline analysis: the summary's per-second frustration and voice traces (both
// speakers' loudness and pitch against their baselines) and its final judgements. `words`, when
// given (the transcript or the recognised utterances), times each word for marking the cues;
// otherwise the `utterance` events are used.
std::string render_html_report(const ReportCall& call, const std::vector<Event>& events,
                               const CallSummary& summary,
                               const std::vector<Utterance>* words = nullptr);

// Text made safe for HTML element content and quoted attribute values: & < > " ' escaped, and
// control characters other than tab and newline dropped.
std::string html_escape(std::string_view text);

}  // namespace composure
