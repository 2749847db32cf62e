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
  // The band-pass filter (a biquad) in state-space form, stepped kBlock samples at a time: a
  // block's outputs and the state after it follow from the state before it and the block's
  // inputs through fixed matrices, so the work on one block is independent multiply-adds instead
  // of one long chain of dependent ones per sample.
  static constexpr int kBlock = 4;
  struct BlockFilter {
    // Output k of a block: sum over inputs m of from_input[m][k] * x[m], plus from_state[i][k]
    // times state i. The state after the block: the same with next_from_input / next_from_state
    // (only lanes 0 and 1 used).
    std::array<std::array<float, kBlock>, kBlock> from_input{};
    std::array<std::array<float, kBlock>, 2> from_state{};
    std::array<std::array<float, kBlock>, kBlock> next_from_input{};
    std::array<std::array<float, kBlock>, 2> next_from_state{};
  };

  int on_subframe(float env_db, bool voiced, float floor_db);

  BlockFilter band_;
  std::array<float, 2> state_{};                            // the filter's two delay elements
  std::array<float, 3> smooth_{-100.0F, -100.0F, -100.0F};  // last raw subframe levels
  std::int64_t k_ = 0;                                      // subframe counter
  float valley_ = 0;
  float peak_ = -100.0F;
  std::int64_t peak_k_ = 0;
  bool peak_voiced_ = false;
  std::int64_t last_nucleus_k_ = -1000;
};

}  // namespace composure
