// Synthetic telephone signals with known truth (pitch, level, boundaries, syllable rate) for the
// voice tests: harmonic "vowels" shaped by formant resonances, µ-law coded like a real line.
#pragma once

#include <cstdint>
#include <vector>

#include "core/frame.h"

namespace composure::testing {

// A vowel-like harmonic signal at f0 with harmonics shaped by /a/-ish formants and limited to the
// telephone band, RMS level about `level_db` dBFS.
std::vector<float> vowel(float f0_hz, double seconds, float level_db);

// Low white noise (seeded), as on a quiet line.
std::vector<float> noise(double seconds, float level_db, std::uint32_t seed = 1);

// Adds `b` into `a` starting at `at_sample`, growing `a` as needed.
void mix_into(std::vector<float>& a, const std::vector<float>& b, std::size_t at_sample);

// Scales [-1,1] floats to int16 after a round trip through G.711 µ-law.
std::vector<std::int16_t> to_ulaw_line(const std::vector<float>& signal);

// Cuts a signal into frames for one speaker, zero-padding the last.
std::vector<Frame> to_frames(const std::vector<std::int16_t>& pcm, Speaker speaker,
                             std::int64_t t0_ms = 0);

inline std::size_t ms_to_samples(double ms) {
  return static_cast<std::size_t>(ms * kSampleRate / 1000.0 + 0.5);
}

}  // namespace composure::testing
