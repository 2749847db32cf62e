// The playbook (data/playbook/*.yaml, format in data/playbook/README.md) parsed and validated:
// suggestions, nudges and escalation rules as data. Loaded once per process, shared read-only by
// every call's Guide.
//
//   auto playbook = Playbook::load_default();            // the embedded files
//   if (!playbook) report(playbook.error().message);     // "playbook/venter.yaml:14: ..."
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/result.h"
#include "understand/assessor.h"

namespace composure {

struct PlaybookConditions {
  std::vector<CallerType> caller_types;  // empty: any
  std::vector<CallStage> stages;         // empty: any
  std::vector<CallStage> not_stages;     // never in these
  std::optional<FrustrationBand> band_at_least;
  std::optional<FrustrationBand> band_at_most;
  std::vector<EventKind> cues;  // one of these in the last `within_s`
  Speaker cue_speaker = Speaker::Caller;
  int within_s = 30;
  std::vector<EventKind> agent_has_not;  // none since the caller became upset (or the call began)
  std::vector<EventKind> agent_has;      // each at least once in the call
  std::vector<std::string> needs;        // placeholders that must be known
};

struct PlaybookEntry {
  std::string id;
  bool nudge = false;
  std::string technique;
  int priority = 50;
  int cooldown_s = 60;
  PlaybookConditions when;
  std::vector<EventKind> done_by;  // the agent just did it: not shown
  std::vector<std::string> say;
  std::string origin;  // "playbook/venter.yaml:12"
};

enum class EscalationDecision : std::uint8_t { Boundary, Escalate, Disconnect, Specialist };
std::string_view to_string(EscalationDecision d);

struct EscalationRule {
  std::string id;
  EscalationDecision decision = EscalationDecision::Escalate;
  std::string to;
  std::string reason;
  std::string say;
  std::vector<EventKind> cues;   // these event types (any speaker) ...
  int count_at_least = 1;        // ... at least this many times in the call
  std::vector<EventKind> after;  // only after one of these has happened
  bool beyond_authority = false;
  std::vector<std::string> phrases;  // lower case; any of them in the caller's words
  std::string origin;
};

struct PlaybookFile {
  std::string name;  // for messages: "playbook/venter.yaml"
  std::string text;
};

class Playbook {
 public:
  [[nodiscard]] static Result<Playbook> parse(const std::vector<PlaybookFile>& files);
  // data/playbook/*.yaml as compiled in.
  [[nodiscard]] static Result<std::shared_ptr<const Playbook>> load_default();
  // DIR/*.yaml: an operator's edited copy.
  [[nodiscard]] static Result<std::shared_ptr<const Playbook>> load_dir(
      const std::filesystem::path& dir);

  const std::vector<PlaybookEntry>& entries() const { return entries_; }
  const std::vector<EscalationRule>& escalations() const { return escalations_; }

 private:
  std::vector<PlaybookEntry> entries_;
  std::vector<EscalationRule> escalations_;
};

// Placeholders a phrasing uses ("{order_id}" -> "order_id").
std::vector<std::string> placeholders_in(std::string_view text);

}  // namespace composure
