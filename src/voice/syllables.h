// Syllable nuclei from the signal alone, for speaking rate: peaks of the 10 ms vowel-band energy
// envelope that stand out from the dips on both sides and fall in voiced speech. The idea follows
// de Jong & Wempe (2009), "Praat script to detect syllable nuclei", simplified for streaming.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "core/frame.h"

namespace composure {

class SyllableDetector {
 public:
  static constexpr float kDipDb = 3.0F;          // a nucleus rises and falls this much
  static constexpr float kAboveFloorDb = 12.0F;  // and peaks this far above the noise floor
  static constexpr int kMinGapSubframes = 8;     // 80 ms between nuclei at least

  SyllableDetector();

  // Feeds one frame with whether it was voiced and the current noise floor; returns how many
  // nuclei were confirmed during this frame (0 or 1, rarely 2). A nucleus is confirmed once the
  // envelope has dipped after it, so confirmation lags the peak by a few tens of ms.
  int push(std::span<const std::int16_t, kFrameSamples> pcm, bool voiced, float floor_db);

 private:
  struct Biquad {
    float b0 = 0, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
    float z1 = 0, z2 = 0;
    float step(float x) {
      const float y = b0 * x + z1;
      z1 = b1 * x - a1 * y + z2;
      z2 = b2 * x - a2 * y;
      return y;
    }
  };

  int on_subframe(float env_db, bool voiced, float floor_db);

  Biquad band_;
  std::array<float, 3> smooth_{-100.0F, -100.0F, -100.0F};  // last raw subframe levels
  std::int64_t k_ = 0;                                      // subframe counter
  float valley_ = 0;
  float peak_ = -100.0F;
  std::int64_t peak_k_ = 0;
  bool peak_voiced_ = false;
  std::int64_t last_nucleus_k_ = -1000;
};

}  // namespace composure
