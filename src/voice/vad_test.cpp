#include "voice/vad.h"

#include <gtest/gtest.h>

#include "voice/channel_analyzer.h"
#include "voice/voice_test_signals.h"

namespace composure {
namespace {

int speech_frames(const std::vector<float>& signal, bool gated) {
  auto analyzer = ChannelAnalyzer::create();
  EXPECT_TRUE(analyzer);
  int n = 0;
  for (const auto& f : testing::to_frames(testing::to_ulaw_line(signal), Speaker::Caller)) {
    const auto v = analyzer->push(f).frame;
    n += (gated ? v.speech : v.vad) ? 1 : 0;
  }
  return n;
}

TEST(Vad, RejectsAggressivenessOutOfRange) {
  EXPECT_FALSE(Vad::create(4));
  EXPECT_FALSE(Vad::create(-1));
  EXPECT_TRUE(Vad::create(2));
}

TEST(Vad, HearsAVowelAsSpeech) {
  auto s = testing::noise(1.0, -65.0F);
  testing::mix_into(s, testing::vowel(130, 2.0, -25.0F), testing::ms_to_samples(1000));
  EXPECT_GT(speech_frames(s, true), 85);  // of the 100 vowel frames
}

TEST(Vad, QuietLineIsNotSpeech) {
  EXPECT_EQ(speech_frames(testing::noise(3.0, -65.0F), true), 0);
}

TEST(Vad, RestsThroughALongQuietStretchAndWakesForSpeech) {
  // 10 s of a quiet line, then a 2 s vowel, then quiet again.
  auto s = testing::noise(14.0, -65.0F);
  testing::mix_into(s, testing::vowel(130, 2.0, -25.0F), testing::ms_to_samples(10000));
  const auto frames = testing::to_frames(testing::to_ulaw_line(s), Speaker::Caller);
  ASSERT_EQ(frames.size(), 700U);

  const auto run = [&frames](int rest_after) {
    VoiceConfig config;
    config.vad_rest_after_frames = rest_after;
    auto analyzer = ChannelAnalyzer::create(config);
    EXPECT_TRUE(analyzer);
    std::vector<bool> speech;
    speech.reserve(frames.size());
    for (const auto& f : frames) speech.push_back(analyzer->push(f).frame.speech);
    return std::pair{speech, analyzer->vad_frames()};
  };
  const auto [always, always_heard] = run(0);
  const auto [resting, resting_heard] = run(50);
  EXPECT_EQ(always_heard, 700);
  // The first second of each quiet stretch and the vowel (with its edges), nothing more.
  EXPECT_GE(resting_heard, 50 + 100 + 50);
  EXPECT_LE(resting_heard, 50 + 110 + 50);
  int vowel_frames = 0;
  for (std::size_t i = 500; i < 600; ++i) vowel_frames += resting[i] ? 1 : 0;
  EXPECT_GT(vowel_frames, 85);
  EXPECT_EQ(resting, always);
}

}  // namespace
}  // namespace composure
