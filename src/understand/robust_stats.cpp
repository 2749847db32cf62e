#include "understand/robust_stats.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace composure {

HistogramStat::HistogramStat(float lo, float hi, float step)
    : lo_(lo),
      hi_(hi),
      step_(step),
      bins_(static_cast<std::size_t>(std::ceil((hi - lo) / step)) + 1, 0) {
  assert(hi > lo && step > 0);
}

std::size_t HistogramStat::bin_of(float value) const {
  const float v = std::clamp(value, lo_, hi_);
  return std::min(bins_.size() - 1, static_cast<std::size_t>((v - lo_) / step_));
}

void HistogramStat::add(float value) {
  ++bins_[bin_of(value)];
  ++count_;
}

float HistogramStat::quantile(double q) const {
  if (count_ == 0) return lo_;
  // Linear interpolation inside the bin that holds the q-th value.
  const double target = std::clamp(q, 0.0, 1.0) * static_cast<double>(count_);
  double seen = 0;
  for (std::size_t i = 0; i < bins_.size(); ++i) {
    if (bins_[i] == 0) continue;
    if (seen + bins_[i] >= target) {
      const double within = (target - seen) / bins_[i];
      return lo_ + (static_cast<float>(i) + static_cast<float>(within)) * step_;
    }
    seen += bins_[i];
  }
  return hi_;
}

float HistogramStat::mad() const {
  if (count_ == 0) return step_;
  const float med = median();
  // The deviations |x - med| come in pairs of bins equidistant from the median; walk outward.
  const double half = static_cast<double>(count_) / 2.0;
  const auto centre_bin = static_cast<std::ptrdiff_t>(bin_of(med));
  double seen = 0;
  const auto n = static_cast<std::ptrdiff_t>(bins_.size());
  for (std::ptrdiff_t r = 0; r < n; ++r) {
    if (centre_bin - r >= 0) seen += bins_[static_cast<std::size_t>(centre_bin - r)];
    if (r > 0 && centre_bin + r < n) seen += bins_[static_cast<std::size_t>(centre_bin + r)];
    if (seen >= half) return std::max(step_, static_cast<float>(r) * step_);
  }
  return std::max(step_, hi_ - lo_);
}

float median_of(std::span<const float> values, std::span<float> scratch) {
  assert(scratch.size() >= values.size());
  if (values.empty()) return 0;
  std::copy(values.begin(), values.end(), scratch.begin());
  const auto mid = scratch.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(scratch.begin(), mid,
                   scratch.begin() + static_cast<std::ptrdiff_t>(values.size()));
  return *mid;
}

}  // namespace composure
