#include "voice/voice_test_signals.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

#include "audio/g711.h"

namespace composure::testing {
namespace {

float formant_gain(double f) {
  constexpr double kFormants[][2] = {{730, 90}, {1090, 110}, {2440, 170}};
  double g = 0;
  for (const auto& fb : kFormants) {
    const double x = (f - fb[0]) / fb[1];
    g += 1.0 / (1.0 + x * x);
  }
  return static_cast<float>(g + 0.02);
}

void scale_to_db(std::vector<float>& s, float level_db) {
  double power = 0;
  for (float v : s) power += static_cast<double>(v) * v;
  power /= std::max<std::size_t>(1, s.size());
  if (power <= 0) return;
  const double target = std::pow(10.0, level_db / 10.0);
  const auto k = static_cast<float>(std::sqrt(target / power));
  for (float& v : s) v *= k;
}

}  // namespace

std::vector<float> vowel(float f0_hz, double seconds, float level_db) {
  const auto n = static_cast<std::size_t>(seconds * kSampleRate);
  std::vector<float> s(n, 0.0F);
  for (int k = 1; k * f0_hz < 3400; ++k) {
    const double f = k * f0_hz;
    if (f < 250) continue;  // the telephone band starts near 300 Hz
    const float a = formant_gain(f) / static_cast<float>(k);
    const double w = 2 * std::numbers::pi * f / kSampleRate;
    const double phase = 0.37 * k * k;  // spread phases to avoid a spiky sum
    for (std::size_t i = 0; i < n; ++i) s[i] += a * static_cast<float>(std::sin(w * i + phase));
  }
  scale_to_db(s, level_db + 3.0F);  // dBFS of full-scale square = 0; sine reads -3
  return s;
}

std::vector<float> noise(double seconds, float level_db, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist(0.0F, 1.0F);
  std::vector<float> s(static_cast<std::size_t>(seconds * kSampleRate));
  for (float& v : s) v = dist(rng);
  scale_to_db(s, level_db);
  return s;
}

void mix_into(std::vector<float>& a, const std::vector<float>& b, std::size_t at_sample) {
  if (a.size() < at_sample + b.size()) a.resize(at_sample + b.size(), 0.0F);
  for (std::size_t i = 0; i < b.size(); ++i) a[at_sample + i] += b[i];
}

std::vector<std::int16_t> to_ulaw_line(const std::vector<float>& signal) {
  std::vector<std::int16_t> out(signal.size());
  for (std::size_t i = 0; i < signal.size(); ++i) {
    const float v = std::clamp(signal[i], -1.0F, 1.0F) * 32767.0F;
    out[i] = ulaw_to_linear(linear_to_ulaw(static_cast<std::int16_t>(std::lround(v))));
  }
  return out;
}

std::vector<Frame> to_frames(const std::vector<std::int16_t>& pcm, Speaker speaker,
                             std::int64_t t0_ms) {
  std::vector<Frame> frames;
  for (std::size_t i = 0; i < pcm.size(); i += kFrameSamples) {
    Frame f;
    f.t_ms = t0_ms + static_cast<std::int64_t>(i * 1000 / kSampleRate);
    f.speaker = speaker;
    for (std::size_t j = 0; j < kFrameSamples && i + j < pcm.size(); ++j) f.pcm[j] = pcm[i + j];
    frames.push_back(f);
  }
  return frames;
}

}  // namespace composure::testing
