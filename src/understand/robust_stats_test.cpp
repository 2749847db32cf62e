#include "understand/robust_stats.h"

#include <gtest/gtest.h>

#include <array>

namespace composure {
namespace {

TEST(HistogramStat, MedianAndMadMatchExactValuesWithinABin) {
  HistogramStat h(-90.0F, 0.0F, 0.25F);
  for (int i = 0; i < 100; ++i) h.add(-30.0F + static_cast<float>(i % 11) - 5.0F);  // -35..-25
  EXPECT_EQ(h.count(), 100);
  EXPECT_NEAR(h.median(), -30.0F, 0.5F);
  EXPECT_NEAR(h.mad(), 3.0F, 0.5F);
}

TEST(HistogramStat, OutliersBarelyMoveTheMedian) {
  HistogramStat h(-90.0F, 0.0F, 0.25F);
  for (int i = 0; i < 90; ++i) h.add(-30.0F);
  for (int i = 0; i < 10; ++i) h.add(-5.0F);  // a burst of shouting
  EXPECT_NEAR(h.median(), -30.0F, 0.3F);
}

TEST(HistogramStat, ClampsValuesOutsideItsRange) {
  HistogramStat h(0.0F, 10.0F, 1.0F);
  h.add(-50.0F);
  h.add(500.0F);
  EXPECT_EQ(h.count(), 2);
  EXPECT_GE(h.quantile(0.0), 0.0F);
  EXPECT_LE(h.quantile(1.0), 10.0F + 1.0F);
}

TEST(MedianOf, UsesScratchAndLeavesInputAlone) {
  const std::array<float, 5> v = {5, 1, 4, 2, 3};
  std::array<float, 5> scratch{};
  EXPECT_EQ(median_of(v, scratch), 3.0F);
  EXPECT_EQ(v[0], 5.0F);
}

}  // namespace
}  // namespace composure
