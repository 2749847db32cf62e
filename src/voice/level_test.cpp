#include "voice/level.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "voice/channel_analyzer.h"
#include "voice/voice_test_signals.h"

namespace composure {
namespace {

TEST(Level, FullScaleSineReadsMinusThreeDb) {
  std::vector<std::int16_t> s(kFrameSamples);
  for (std::size_t i = 0; i < s.size(); ++i) {
    s[i] = static_cast<std::int16_t>(32767 * std::sin(2 * 3.14159265358979 * 1000 * i / 8000.0));
  }
  EXPECT_NEAR(level_db(s), -3.01F, 0.05F);
  std::vector<std::int16_t> zero(kFrameSamples, 0);
  EXPECT_EQ(level_db(zero), kSilenceDb);
}

TEST(Level, FrameLevelsInOnePassMatchTheSeparateMeasures) {
  const auto pcm = testing::to_ulaw_line(testing::vowel(150, 0.2, -30.0F));
  const auto frames = testing::to_frames(pcm, Speaker::Caller);
  ASSERT_GE(frames.size(), 5U);
  auto quiet_then_loud = frames[3].pcm;
  std::fill_n(quiet_then_loud.begin(), kFrameSamples / 2, std::int16_t{0});
  for (const auto& f : {frames[2].pcm, frames[4].pcm, quiet_then_loud}) {
    const auto levels = frame_levels(f);
    EXPECT_EQ(levels.db, level_db(f));
    EXPECT_EQ(levels.half_db, half_frame_levels_db(f));
  }
  EXPECT_EQ(frame_levels(quiet_then_loud).half_db[0], kSilenceDb);
}

TEST(Level, FindsASixDecibelStepWithin100Ms) {
  // A vowel at -30 dBFS that steps to -24 dBFS at 1.013 s (not on a frame boundary).
  const std::size_t step = testing::ms_to_samples(1013);
  auto s = testing::vowel(150, 2.0, -30.0F);
  const float gain = std::pow(10.0F, 6.0F / 20.0F);
  for (std::size_t i = step; i < s.size(); ++i) s[i] *= gain;
  const auto frames = testing::to_frames(testing::to_ulaw_line(s), Speaker::Caller);

  auto analyzer = ChannelAnalyzer::create();
  ASSERT_TRUE(analyzer);
  std::vector<float> levels;
  for (const auto& f : frames) levels.push_back(analyzer->push(f).frame.level_db);
  const float before = levels[40];  // 0.8 s, steady
  std::int64_t found_ms = -1;
  for (std::size_t i = 41; i < levels.size(); ++i) {
    if (levels[i] >= before + 5.0F) {
      found_ms = static_cast<std::int64_t>(i) * kFrameMs + kFrameMs;  // known at frame end
      break;
    }
  }
  ASSERT_GE(found_ms, 0) << "step never found";
  EXPECT_LE(found_ms - 1013, 100);
  EXPECT_GE(found_ms, 1013);
  EXPECT_NEAR(levels[80] - before, 6.0F, 0.5F);  // 1.6 s, after the step
}

TEST(NoiseFloor, FallsAtOnceAndRisesSlowly) {
  NoiseFloor floor;
  floor.update(-70.0F);
  EXPECT_FLOAT_EQ(floor.db(), -70.0F);
  for (int i = 0; i < 50; ++i) floor.update(-20.0F);  // one second of loud speech
  EXPECT_NEAR(floor.db(), -69.5F, 0.01F);
}

}  // namespace
}  // namespace composure
