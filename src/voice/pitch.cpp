#include "voice/pitch.h"

#include <algorithm>
#include <cmath>

namespace composure {
namespace {

// Below this YIN value the lag is taken as the period (the paper's absolute threshold).
constexpr float kThreshold = 0.15F;
// When nothing dips under the threshold, the best lag still counts if it is this periodic.
constexpr float kFallbackThreshold = 0.35F;

}  // namespace

void PitchTracker::shift_in(std::span<const std::int16_t, kFrameSamples> pcm) {
  std::copy(buf_.begin() + kFrameSamples, buf_.end(), buf_.begin());
  for (int i = 0; i < kFrameSamples; ++i) buf_[kFrameSamples + i] = pcm[i];
}

void PitchTracker::push_unanalysed(std::span<const std::int16_t, kFrameSamples> pcm) {
  shift_in(pcm);
}

PitchEstimate PitchTracker::push(std::span<const std::int16_t, kFrameSamples> pcm) {
  shift_in(pcm);
  const float* x = buf_.data();

  // Difference function d(tau) = sum_j (x_j - x_{j+tau})^2 for tau in 1..kMaxLag.
  diff_[0] = 0;
  for (int tau = 1; tau <= kMaxLag; ++tau) {
    float sum = 0;
#pragma omp simd reduction(+ : sum)
    for (int j = 0; j < kWindow; ++j) {
      const float d = x[j] - x[j + tau];
      sum += d * d;
    }
    diff_[tau] = sum;
  }

  // Cumulative mean normalised difference, in place.
  float running = 0;
  for (int tau = 1; tau <= kMaxLag; ++tau) {
    running += diff_[tau];
    diff_[tau] = running > 0 ? diff_[tau] * static_cast<float>(tau) / running : 1.0F;
  }

  int best = -1;
  for (int tau = kMinLag; tau < kMaxLag; ++tau) {
    if (diff_[tau] < kThreshold) {
      while (tau + 1 < kMaxLag && diff_[tau + 1] < diff_[tau]) ++tau;
      best = tau;
      break;
    }
  }
  if (best < 0) {
    best = kMinLag;
    for (int tau = kMinLag + 1; tau < kMaxLag; ++tau) {
      if (diff_[tau] < diff_[best]) best = tau;
    }
    if (diff_[best] >= kFallbackThreshold) return {};
    // A minimum on the edge of the search range is not a period inside it.
    if (best == kMinLag || best == kMaxLag - 1) return {};
  }

  // Parabolic interpolation around the chosen lag for sub-sample precision.
  float lag = static_cast<float>(best);
  if (best > 1 && best < kMaxLag) {
    const float a = diff_[best - 1];
    const float b = diff_[best];
    const float c = diff_[best + 1];
    const float denom = a - 2 * b + c;
    if (denom > 0) lag += std::clamp(0.5F * (a - c) / denom, -0.5F, 0.5F);
  }
  const float f0 = static_cast<float>(kSampleRate) / lag;
  if (f0 < kMinHz * 0.97F || f0 > kMaxHz * 1.03F) return {};
  return {f0, diff_[best]};
}

}  // namespace composure
