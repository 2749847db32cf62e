// Fundamental frequency (60-400 Hz) of 8 kHz telephone speech, one estimate per 20 ms frame, by
// the YIN method (de Cheveigné & Kawahara, 2002) over a 40 ms window. Works on band-limited audio
// because it looks for periodicity, not for the (filtered-out) fundamental itself.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "core/frame.h"

namespace composure {

struct PitchEstimate {
  float f0_hz = 0;         // 0 when the frame is not periodic enough to call voiced
  float aperiodicity = 1;  // YIN's normalised difference at the chosen lag: 0 perfect .. 1 noise

  bool voiced() const { return f0_hz > 0; }
};

class PitchTracker {
 public:
  static constexpr float kMinHz = 60;
  static constexpr float kMaxHz = 400;

  // Feeds one frame; the estimate covers the previous and this frame (40 ms ending now).
  PitchEstimate push(std::span<const std::int16_t, kFrameSamples> pcm);

  // Skips analysis for a frame (e.g. silence) but keeps the window continuous.
  void push_unanalysed(std::span<const std::int16_t, kFrameSamples> pcm);

 private:
  static constexpr int kMinLag = static_cast<int>(kSampleRate / kMaxHz);      // 20
  static constexpr int kMaxLag = static_cast<int>(kSampleRate / kMinHz) + 1;  // 134
  static constexpr int kWindow = kFrameSamples;                               // integration
  static constexpr int kBuffer = 2 * kFrameSamples;                           // 320 >= 160 + 134

  void shift_in(std::span<const std::int16_t, kFrameSamples> pcm);

  std::array<float, kBuffer> buf_{};
  std::array<float, kMaxLag + 2> diff_{};
};

}  // namespace composure
