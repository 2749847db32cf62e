// Who a channel, a frame or an event belongs to.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace composure {

enum class Speaker : std::uint8_t { Agent, Caller };

inline constexpr std::string_view to_string(Speaker s) {
  return s == Speaker::Agent ? "agent" : "caller";
}

inline constexpr Speaker other(Speaker s) {
  return s == Speaker::Agent ? Speaker::Caller : Speaker::Agent;
}

inline std::optional<Speaker> parse_speaker(std::string_view text) {
  if (text == "agent") return Speaker::Agent;
  if (text == "caller") return Speaker::Caller;
  return std::nullopt;
}

}  // namespace composure
