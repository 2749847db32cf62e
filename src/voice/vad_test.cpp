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

}  // namespace
}  // namespace composure
