#include "audio/resample.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>
#include <vector>

namespace composure {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<float> sine(double hz, double amplitude, int rate, std::size_t n) {
  std::vector<float> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = static_cast<float>(
        amplitude * std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(i) / rate));
  }
  return out;
}

// Sign changes; each period of a sine has two.
int zero_crossings(std::span<const std::int16_t> x) {
  int count = 0;
  for (std::size_t i = 1; i < x.size(); ++i) {
    if ((x[i - 1] < 0) != (x[i] < 0)) ++count;
  }
  return count;
}

double rms(std::span<const std::int16_t> x) {
  double sum = 0.0;
  for (std::int16_t s : x) sum += static_cast<double>(s) * s;
  return std::sqrt(sum / static_cast<double>(x.size()));
}

TEST(Resample, Keeps1kHzSineFrequencyAndAmplitudeFrom44100To8000) {
  const auto in = sine(1000.0, 0.5, 44100, 44100);
  const auto out = resample_to_int16(in, 44100, 8000);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_NEAR(static_cast<double>(out->size()), 8000.0, 1.0);
  // Skip the filter's edges; 0.8 s of 1 kHz has 1600 crossings.
  const auto middle = std::span(*out).subspan(800, 6400);
  EXPECT_NEAR(zero_crossings(middle), 1600, 2);
  const double expected_rms = 0.5 * 32768.0 / std::numbers::sqrt2;
  EXPECT_NEAR(20.0 * std::log10(rms(middle) / expected_rms), 0.0, 0.5);
}

TEST(Resample, OutputLengthIsInputScaledByRateRatio) {
  struct Case {
    int from;
    int to;
    std::size_t n;
  };
  for (const Case c : {Case{48000, 8000, 48000}, Case{16000, 8000, 1601}, Case{8000, 16000, 333},
                       Case{11025, 8000, 4410}, Case{22050, 8000, 1}, Case{8000, 44100, 80}}) {
    const auto out = resample_to_int16(sine(300.0, 0.3, c.from, c.n), c.from, c.to);
    ASSERT_TRUE(out) << out.error().message;
    const double expected =
        std::round(static_cast<double>(c.n) * c.to / static_cast<double>(c.from));
    EXPECT_NEAR(static_cast<double>(out->size()), expected, 1.0)
        << c.from << " -> " << c.to << " Hz, " << c.n << " samples";
  }
}

TEST(Resample, RemovesContentAboveTheTargetNyquist) {
  // 6 kHz cannot exist at 8 kHz; it must be filtered, not folded down to 2 kHz.
  const auto out = resample_to_int16(sine(6000.0, 0.5, 44100, 44100), 44100, 8000);
  ASSERT_TRUE(out) << out.error().message;
  const double level = rms(std::span(*out).subspan(800, 6400)) / (0.5 * 32768.0);
  EXPECT_LT(20.0 * std::log10(level + 1e-12), -60.0);
}

TEST(Resample, SameRateOnlyConvertsWithClipping) {
  const std::vector<float> in = {0.0f, 0.5f, -1.0f, 1.5f, -2.0f, std::nanf(""), 0.25f / 32768.0f};
  const auto out = resample_to_int16(in, 8000, 8000);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_THAT(*out, ElementsAre(0, 16384, -32768, 32767, -32768, 0, 0));
}

TEST(Resample, RoundTripsInt16ExactlyAtTheSameRate) {
  std::vector<float> in;
  for (int v : {-32768, -12345, -1, 0, 1, 12345, 32767}) in.push_back(v / 32768.0f);
  const auto out = resample_to_int16(in, 16000, 16000);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_THAT(*out, ElementsAre(-32768, -12345, -1, 0, 1, 12345, 32767));
}

TEST(Resample, EmptyInputGivesEmptyOutput) {
  const auto out = resample_to_int16({}, 44100, 8000);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_TRUE(out->empty());
}

TEST(Resample, RejectsRatesOutsideSupportedRange) {
  const std::vector<float> in(10, 0.0f);
  for (auto [from, to] : {std::pair{0, 8000}, std::pair{8000, -1}, std::pair{500000, 8000}}) {
    const auto out = resample_to_int16(in, from, to);
    ASSERT_FALSE(out);
    EXPECT_THAT(out.error().message, HasSubstr("is outside 1..384000 Hz"));
  }
  EXPECT_FALSE(StreamResampler::create(44100, 0));
}

TEST(StreamResampler, BlockByBlockMatchesWholeSignal) {
  const auto in = sine(440.0, 0.4, 48000, 48000);
  const auto whole = resample_to_int16(in, 48000, 8000);
  ASSERT_TRUE(whole) << whole.error().message;

  auto resampler = StreamResampler::create(48000, 8000);
  ASSERT_TRUE(resampler) << resampler.error().message;
  std::vector<std::int16_t> streamed;
  const std::span<const float> all(in);
  for (std::size_t at = 0; at < all.size(); at += 960) {  // 20 ms blocks
    resampler->process(all.subspan(at, std::min<std::size_t>(960, all.size() - at)), streamed);
  }
  resampler->flush(streamed);
  ASSERT_EQ(streamed.size(), whole->size());
  for (std::size_t i = 0; i < streamed.size(); ++i) {
    ASSERT_NEAR(streamed[i], (*whole)[i], 1) << "sample " << i;
  }
}

TEST(StreamResampler, StartsAFreshStreamAfterFlush) {
  const auto in = sine(500.0, 0.5, 16000, 1600);
  auto resampler = StreamResampler::create(16000, 8000);
  ASSERT_TRUE(resampler) << resampler.error().message;
  std::vector<std::int16_t> first;
  resampler->process(in, first);
  resampler->flush(first);
  std::vector<std::int16_t> second;
  resampler->process(in, second);
  resampler->flush(second);
  EXPECT_EQ(first, second);
  EXPECT_NEAR(static_cast<double>(first.size()), 800.0, 1.0);
}

TEST(StreamResampler, PassesThroughWhenRatesMatch) {
  auto resampler = StreamResampler::create(8000, 8000);
  ASSERT_TRUE(resampler) << resampler.error().message;
  std::vector<std::int16_t> out = {7};
  const std::vector<float> in = {0.5f, -0.5f};
  resampler->process(in, out);
  resampler->flush(out);
  EXPECT_THAT(out, ElementsAre(7, 16384, -16384));
}

}  // namespace
}  // namespace composure
