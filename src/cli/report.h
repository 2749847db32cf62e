// How an analysed call is shown: a readable timeline with a summary for people, and one JSON
// object {"call", "events", "summary"} for programs.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/event.h"
#include "engine/pipeline.h"

namespace composure {

struct CallInfo {
  std::string file;
  std::string format;
  std::int64_t duration_ms = 0;
  bool mono = false;
  std::string layout;  // "agent-left" / "caller-left" / "mono:caller"
  std::string words;   // where the words came from: "transcript FILE", "recognised", or empty
};

nlohmann::json event_to_json(const Event& e);
nlohmann::json summary_to_json(const CallSummary& s);
nlohmann::json call_to_json(const CallInfo& call, const std::vector<Event>& events,
                            const CallSummary& summary);

// all_events: include measurements (turns, backchannels, holds), not only cues.
std::string render_timeline(const CallInfo& call, const std::vector<Event>& events,
                            const CallSummary& summary, bool all_events);

}  // namespace composure
