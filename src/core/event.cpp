#include "core/event.h"

#include <array>

namespace composure {
namespace {

// In EventKind order; the static_assert keeps the two in step.
constexpr std::array kNames = {
    std::string_view("raised_voice"),
    std::string_view("pitch_rising"),
    std::string_view("pace_quickening"),
    std::string_view("back_to_baseline"),
    std::string_view("clipped_answers"),
    std::string_view("talk_over"),
    std::string_view("tense_silence"),
    std::string_view("dead_air"),
    std::string_view("hold_overdue"),
    std::string_view("anger"),
    std::string_view("profanity"),
    std::string_view("threat_legal"),
    std::string_view("threat_cancel"),
    std::string_view("threat_public"),
    std::string_view("threat_review"),
    std::string_view("threat_regulator"),
    std::string_view("urgency"),
    std::string_view("repeat_contact"),
    std::string_view("repeated_complaint"),
    std::string_view("distrust"),
    std::string_view("sarcasm"),
    std::string_view("confusion"),
    std::string_view("supervisor_request"),
    std::string_view("personal_attack"),
    std::string_view("demand"),
    std::string_view("hedge"),
    std::string_view("proof_request"),
    std::string_view("fairness"),
    std::string_view("was_told"),
    std::string_view("impatience"),
    std::string_view("another_complaint"),
    std::string_view("aside"),
    std::string_view("distress"),
    std::string_view("trigger_phrase"),
    std::string_view("validation"),
    std::string_view("empathy"),
    std::string_view("specific_apology"),
    std::string_view("formulaic_apology"),
    std::string_view("ownership"),
    std::string_view("uses_name"),
    std::string_view("over_promise"),
    std::string_view("hold_announcement"),
    std::string_view("check_in"),
    std::string_view("troubleshooting"),
    std::string_view("offers_options"),
    std::string_view("resolution"),
    std::string_view("closing"),
    std::string_view("greeting"),
    std::string_view("boundary_warning"),
    std::string_view("turn"),
    std::string_view("backchannel"),
    std::string_view("hold"),
    std::string_view("utterance"),
    std::string_view("text_frustration"),
    std::string_view("frustration"),
    std::string_view("frustration_level"),
    std::string_view("escalation_warning"),
    std::string_view("caller_type"),
    std::string_view("stage"),
    std::string_view("skipped_validation"),
    std::string_view("validated_first"),
    std::string_view("suggestion"),
    std::string_view("suggestion_done"),
    std::string_view("nudge"),
    std::string_view("knowledge_card"),
    std::string_view("escalation"),
};
static_assert(kNames.size() == kEventKindCount, "one name per EventKind");

}  // namespace

std::string_view to_string(EventKind kind) {
  return kNames[static_cast<std::size_t>(kind)];
}

std::optional<EventKind> parse_event_kind(std::string_view text) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == text) return static_cast<EventKind>(i);
  }
  return std::nullopt;
}

bool is_cue(EventKind kind) {
  switch (kind) {
    case EventKind::Turn:
    case EventKind::Backchannel:
    case EventKind::Hold:
    case EventKind::Utterance:
    case EventKind::TextFrustration:
    case EventKind::FrustrationLevel:
    case EventKind::SuggestionDone:
    // What the agent is doing, for the stage and behaviour judgements: not worth a line alone.
    case EventKind::Troubleshooting:
    case EventKind::OffersOptions:
    case EventKind::Resolution:
    case EventKind::Closing:
    case EventKind::Greeting:
      return false;
    default:
      return true;
  }
}

std::string quoted_words(std::string_view evidence_text) {
  const auto open = evidence_text.find('"');
  if (open == std::string_view::npos) return {};
  const auto close = evidence_text.find('"', open + 1);
  if (close == std::string_view::npos) return {};
  return std::string(evidence_text.substr(open, close - open + 1));
}

bool is_word_cue(EventKind kind) {
  return kind >= EventKind::Anger && kind <= EventKind::BoundaryWarning;
}

}  // namespace composure
