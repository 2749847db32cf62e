// Loudness of 20 ms frames and their 10 ms halves, in dB relative to digital full scale (dBFS),
// and a slowly adapting noise-floor estimate that gates what counts as speech.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "core/frame.h"

namespace composure {

inline constexpr float kSilenceDb = -100.0F;  // what digital zero reads as

// RMS level in dBFS (a full-scale square wave reads 0 dB, a full-scale sine -3 dB).
float level_db(std::span<const std::int16_t> pcm);

// Levels of the two 10 ms halves of a frame.
std::array<float, 2> half_frame_levels_db(std::span<const std::int16_t, kFrameSamples> pcm);

// A frame's level and its halves' levels, from one pass over the samples (the same values as
// level_db and half_frame_levels_db).
struct FrameLevels {
  float db = kSilenceDb;
  std::array<float, 2> half_db{kSilenceDb, kSilenceDb};
};
FrameLevels frame_levels(std::span<const std::int16_t, kFrameSamples> pcm);

// Tracks the background level: falls at once to any quieter frame, rises slowly (minimum
// statistics in spirit), so speech pauses keep pulling it back down to the line noise.
class NoiseFloor {
 public:
  static constexpr float kRiseDbPerFrame = 0.01F;  // 0.5 dB per second
  static constexpr float kInitialDb = -50.0F;
  static constexpr float kMinDb = -90.0F;
  static constexpr float kMaxDb = -20.0F;

  void update(float frame_db);
  float db() const { return floor_db_; }

 private:
  float floor_db_ = kInitialDb;
};

}  // namespace composure
