#include "voice/pitch.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace composure {
namespace {

// Below this YIN value the lag is taken as the period (the paper's absolute threshold).
constexpr float kThreshold = 0.15F;
// When nothing dips under the threshold, the best lag still counts if it is this periodic.
constexpr float kFallbackThreshold = 0.35F;
// Partial sums per lag: sample j goes to lane j % kLanes, and the lanes are added in order at
// the end. Fixing the order keeps the estimates the same whatever vector width the compiler
// picks, and several lags in flight at once keep the adds from waiting on each other.
constexpr int kLanes = 4;
using Lanes = float __attribute__((vector_size(kLanes * sizeof(float))));  // GCC and Clang

Lanes load(const float* p) {
  Lanes v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace

void PitchTracker::push_unanalysed(std::span<const std::int16_t, kFrameSamples> pcm) {
  std::copy(pcm.begin(), pcm.end(), previous_.begin());
}

void PitchTracker::next_lag_block() {
  static_assert(kWindow % kLanes == 0);
  const int first = lags_done_ + 1;
  const float* x = buf_.data();
  std::array<Lanes, kLagBlock> acc{};
  for (int j = 0; j < kWindow; j += kLanes) {
    const Lanes now = load(x + j);
    for (int k = 0; k < kLagBlock; ++k) {
      const Lanes d = now - load(x + j + first + k);
      acc[static_cast<std::size_t>(k)] += d * d;
    }
  }
  // Difference d(tau) = sum_j (x_j - x_{j+tau})^2, then normalised by its running mean in place.
  for (int k = 0; k < kLagBlock && first + k < kLagSlots; ++k) {
    const int tau = first + k;
    float sum = acc[k][0];
    for (int l = 1; l < kLanes; ++l) sum += acc[k][l];
    running_ += sum;
    diff_[tau] = running_ > 0 ? sum * static_cast<float>(tau) / running_ : 1.0F;
  }
  lags_done_ += kLagBlock;
}

PitchEstimate PitchTracker::push(std::span<const std::int16_t, kFrameSamples> pcm) {
  for (int i = 0; i < kFrameSamples; ++i) {
    buf_[i] = previous_[i];
    buf_[kFrameSamples + i] = pcm[i];
  }
  push_unanalysed(pcm);
  lags_done_ = 0;
  running_ = 0;
  diff_[0] = 0;

  // The first lag under the threshold, walked down to the bottom of its dip.
  int best = -1;
  for (int tau = kMinLag; tau < kMaxLag; ++tau) {
    lags_up_to(tau + 1);
    if (diff_[tau] < kThreshold) {
      while (tau + 1 < kMaxLag) {
        lags_up_to(tau + 2);
        if (!(diff_[tau + 1] < diff_[tau])) break;
        ++tau;
      }
      best = tau;
      break;
    }
  }
  if (best < 0) {
    lags_up_to(kMaxLag);
    best = kMinLag;
    for (int tau = kMinLag + 1; tau < kMaxLag; ++tau) {
      if (diff_[tau] < diff_[best]) best = tau;
    }
    if (diff_[best] >= kFallbackThreshold) return {};
    // A minimum on the edge of the search range is not a period inside it.
    if (best == kMinLag || best == kMaxLag - 1) return {};
  }

  // Parabolic interpolation around the chosen lag for sub-sample precision.
  lags_up_to(best + 1);
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
