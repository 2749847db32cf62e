#include "voice/pitch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "voice/voice_test_signals.h"

namespace composure {
namespace {

float semitones(float a, float b) {
  return 12.0F * std::log2(a / b);
}

// Median estimate over a steady 1 s vowel after µ-law coding, and the share of voiced frames.
std::pair<float, double> track(float f0) {
  const auto pcm = testing::to_ulaw_line(testing::vowel(f0, 1.0, -22.0F));
  const auto frames = testing::to_frames(pcm, Speaker::Caller);
  PitchTracker tracker;
  std::vector<float> estimates;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const auto e = tracker.push(frames[i].pcm);
    if (i > 0 && e.voiced()) estimates.push_back(e.f0_hz);
  }
  if (estimates.empty()) return {0.0F, 0.0};
  std::nth_element(estimates.begin(), estimates.begin() + estimates.size() / 2, estimates.end());
  return {estimates[estimates.size() / 2],
          static_cast<double>(estimates.size()) / static_cast<double>(frames.size() - 1)};
}

class PitchAcrossRange : public ::testing::TestWithParam<float> {};

TEST_P(PitchAcrossRange, TracksMuLawVowelWithinHalfASemitone) {
  const float f0 = GetParam();
  const auto [median, voiced_share] = track(f0);
  EXPECT_GT(voiced_share, 0.9) << f0 << " Hz";
  EXPECT_LT(std::abs(semitones(median, f0)), 0.5F) << f0 << " Hz read as " << median;
}

INSTANTIATE_TEST_SUITE_P(Telephone, PitchAcrossRange,
                         ::testing::Values(80.0F, 95.0F, 110.0F, 130.0F, 165.0F, 200.0F, 247.0F,
                                           300.0F, 350.0F, 400.0F));

TEST(Pitch, EveryFrameOfAGlideStaysWithinHalfASemitone) {
  // 120 Hz rising to 240 Hz over 2 s: the tracker must follow, frame by frame.
  std::vector<float> s(2 * kSampleRate);
  double phase_base = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double t = static_cast<double>(i) / kSampleRate;
    const double f = 120.0 * std::pow(2.0, t / 2.0);
    phase_base += 2 * 3.14159265358979 * f / kSampleRate;
    float v = 0;
    for (int k = 3; k <= 12; ++k) v += static_cast<float>(std::sin(k * phase_base)) / k;
    s[i] = 0.1F * v;
  }
  const auto frames = testing::to_frames(testing::to_ulaw_line(s), Speaker::Caller);
  PitchTracker tracker;
  int checked = 0;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const auto e = tracker.push(frames[i].pcm);
    if (i < 2) continue;
    // The window ends at the end of frame i and spans 40 ms; compare with its centre.
    const double centre_s = (static_cast<double>(i) * kFrameMs) / 1000.0;
    const auto expected = static_cast<float>(120.0 * std::pow(2.0, centre_s / 2.0));
    ASSERT_TRUE(e.voiced()) << "frame " << i;
    EXPECT_LT(std::abs(semitones(e.f0_hz, expected)), 0.5F) << "frame " << i;
    ++checked;
  }
  EXPECT_GT(checked, 90);
}

TEST(Pitch, AFrameAfterASkippedOneReadsTheSameAsAfterAnAnalysedOne) {
  // The window spans the previous frame too, whether or not that frame was analysed.
  const auto frames =
      testing::to_frames(testing::to_ulaw_line(testing::vowel(180, 0.2, -22.0F)), Speaker::Caller);
  ASSERT_GE(frames.size(), 4U);
  PitchTracker analysed;
  PitchTracker skipped;
  for (std::size_t i = 0; i + 1 < frames.size(); ++i) {
    (void)analysed.push(frames[i].pcm);
    skipped.push_unanalysed(frames[i].pcm);
    const auto a = analysed.push(frames[i + 1].pcm);
    const auto b = skipped.push(frames[i + 1].pcm);
    EXPECT_EQ(a.f0_hz, b.f0_hz) << "frame " << i + 1;
    EXPECT_EQ(a.aperiodicity, b.aperiodicity) << "frame " << i + 1;
  }
}

TEST(Pitch, NoiseIsNotVoiced) {
  const auto frames =
      testing::to_frames(testing::to_ulaw_line(testing::noise(1.0, -25.0F)), Speaker::Caller);
  PitchTracker tracker;
  int voiced = 0;
  for (const auto& f : frames) voiced += tracker.push(f.pcm).voiced() ? 1 : 0;
  EXPECT_LT(voiced, static_cast<int>(frames.size()) / 10);
}

}  // namespace
}  // namespace composure
