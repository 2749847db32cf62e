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
  // Lags are worked out in blocks, and only as far as the search needs them: a clear period
  // stops the search early, so high voices cost less than low ones and noise costs most.
  static constexpr int kLagBlock = 8;
  static constexpr int kLagSlots = (kMaxLag / kLagBlock + 1) * kLagBlock + 1;  // whole blocks
  static_assert(kWindow + kLagSlots - 1 <= kBuffer, "a lag block reads past the buffer");

  // YIN's cumulative mean normalised difference for the next block of lags after those done.
  void next_lag_block();
  // Makes sure the lags up to `tau` have been worked out.
  void lags_up_to(int tau) {
    while (lags_done_ < tau) next_lag_block();
  }

  std::array<std::int16_t, kFrameSamples> previous_{};  // the frame before the one pushed
  std::array<float, kBuffer> buf_{};                    // previous and current frame
  std::array<float, kLagSlots> diff_{};                 // normalised difference per lag
  int lags_done_ = 0;                                   // diff_[1..lags_done_] are valid
  float running_ = 0;                                   // sum of raw differences so far
};

}  // namespace composure
