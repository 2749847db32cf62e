#include "core/event.h"

#include <array>

namespace composure {
namespace {

constexpr std::array<std::string_view, kEventKindCount> kNames = {
    "raised_voice",    "pitch_rising", "pace_quickening", "back_to_baseline",
    "clipped_answers", "talk_over",    "tense_silence",   "dead_air",
    "hold_overdue",    "turn",         "backchannel",     "hold",
};

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
  return kind != EventKind::Turn && kind != EventKind::Backchannel && kind != EventKind::Hold;
}

}  // namespace composure
