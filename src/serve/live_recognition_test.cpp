// Model-backed (label slow): a rendered sample call streamed through a LiveCall with the real
// recogniser gives the utterances `composure transcribe` gives on the same file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "serve/live_call_testing.h"
#include "speech/pocketsphinx_recognizer.h"

namespace composure {
namespace {

TEST(LiveRecognition, SampleCallStreamedLiveGivesTheUtterancesOfTranscribe) {
  const char* dir = std::getenv("COMPOSURE_SAMPLES");
  if (dir == nullptr) GTEST_SKIP() << "COMPOSURE_SAMPLES not set";
  auto audio = load_call_audio(std::filesystem::path(dir) / "escalating_late_delivery.wav",
                               ChannelLayout::AgentLeft);
  ASSERT_TRUE(audio) << audio.error().message;
  // The first 40 s (a dozen spurts) keep the test short, under the sanitizers too.
  constexpr std::size_t kSamples = std::size_t{40} * 8000;
  audio->agent.resize(std::min(audio->agent.size(), kSamples));
  audio->caller.resize(std::min(audio->caller.size(), kSamples));
  audio->duration_ms = 40000;
  auto pool =
      DecoderPool::create(2, [] { return make_pocketsphinx_recognizer(PocketsphinxConfig{}); });
  ASSERT_TRUE(pool) << pool.error().message;
  const auto offline = live_testing::offline_utterances(*audio, **pool);
  ASSERT_GE(offline.size(), 6U);
  const auto live = live_testing::live_utterances(*audio, **pool, /*caller_ahead_frames=*/20);
  EXPECT_EQ(live, offline);
}

}  // namespace
}  // namespace composure
