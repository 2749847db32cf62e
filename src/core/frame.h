// The unit of audio every stage consumes: 20 ms of one speaker's 8 kHz signed 16-bit PCM,
// stamped with its start on the call timeline. A plain value type; copying it is the hot path.
#pragma once

#include <array>
#include <cstdint>

#include "core/speaker.h"

namespace composure {

inline constexpr int kSampleRate = 8000;
inline constexpr int kFrameMs = 20;
inline constexpr int kFrameSamples = kSampleRate * kFrameMs / 1000;  // 160

struct Frame {
  std::int64_t t_ms = 0;  // start of the frame on the call timeline
  Speaker speaker = Speaker::Caller;
  std::array<std::int16_t, kFrameSamples> pcm{};

  bool operator==(const Frame&) const = default;
};

}  // namespace composure
