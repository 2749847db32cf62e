// How an analysed call is shown: a readable timeline with a summary for people, and one JSON
// object {"call", "events", "summary"} for programs.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/word.h"
#include "engine/pipeline.h"
#include "guide/brief.h"

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
nlohmann::json assessment_to_json(const AssessmentSummary& a);
nlohmann::json brief_to_json(const HandoffBrief& b);
nlohmann::json call_to_json(const CallInfo& call, const std::vector<Event>& events,
                            const CallSummary& summary);

// all_events: include measurements (turns, backchannels, holds), not only cues.
std::string render_timeline(const CallInfo& call, const std::vector<Event>& events,
                            const CallSummary& summary, bool all_events);

// Recognised words as the JSON transcript form ({"segments": [...]}), readable by --transcript.
nlohmann::json transcript_to_json(const std::vector<Utterance>& utterances);
// One line per utterance: "[00:05.2-00:07.9] caller (0.82): words ...".
std::string render_transcript(const std::vector<Utterance>& utterances);

}  // namespace composure
