// Running robust statistics with fixed memory: a histogram over a known range gives the median and
// the median absolute deviation of everything added so far, at any time, without storing samples.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace composure {

class HistogramStat {
 public:
  // Values are clamped into [lo, hi] and counted in bins of width `step`.
  HistogramStat(float lo, float hi, float step);

  void add(float value);
  std::int64_t count() const { return count_; }
  float quantile(double q) const;  // 0..1; lo when empty
  float median() const { return quantile(0.5); }
  // Median absolute deviation from the median (unscaled). At least one bin width.
  float mad() const;
  // Robust standard deviation estimate: 1.4826 * MAD (consistent for normal data).
  float robust_sd() const { return 1.4826F * mad(); }

 private:
  std::size_t bin_of(float value) const;
  float centre(std::size_t bin) const { return lo_ + (static_cast<float>(bin) + 0.5F) * step_; }

  float lo_;
  float hi_;
  float step_;
  std::vector<std::int32_t> bins_;
  std::int64_t count_ = 0;
};

// Median of a small window, computed in caller-provided scratch space (no allocation).
float median_of(std::span<const float> values, std::span<float> scratch);

}  // namespace composure
