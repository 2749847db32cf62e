#include "voice/syllables.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "voice/channel_analyzer.h"
#include "voice/voice_test_signals.h"

namespace composure {
namespace {

// A 4 s vowel whose loudness swells and dips `rate` times a second, like syllables.
std::vector<std::int16_t> syllabic(double rate) {
  auto s = testing::vowel(140, 4.0, -22.0F);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double t = static_cast<double>(i) / kSampleRate;
    const double env = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * rate * t);  // 0..1
    s[i] *= static_cast<float>(0.08 + 0.92 * env);
  }
  return testing::to_ulaw_line(s);
}

int count_nuclei(const std::vector<std::int16_t>& pcm) {
  auto analyzer = ChannelAnalyzer::create();
  EXPECT_TRUE(analyzer);
  int n = 0;
  for (const auto& f : testing::to_frames(pcm, Speaker::Caller))
    n += analyzer->push(f).frame.nuclei;
  return n;
}

class SyllableRate : public ::testing::TestWithParam<double> {};

TEST_P(SyllableRate, CountsNucleiWithinTenPercent) {
  const double rate = GetParam();
  const double expected = rate * 4.0;
  const int found = count_nuclei(syllabic(rate));
  EXPECT_NEAR(found, expected, expected * 0.1 + 1) << rate << " syllables/s";
}

INSTANTIATE_TEST_SUITE_P(Speech, SyllableRate, ::testing::Values(3.0, 4.5, 6.0, 7.5));

TEST(SyllableRate, SteadyVowelIsOneNucleusAtMost) {
  EXPECT_LE(count_nuclei(testing::to_ulaw_line(testing::vowel(140, 2.0, -22.0F))), 1);
}

}  // namespace
}  // namespace composure
