#include "audio/call_audio.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "audio/test_util/temp_dir.h"
#include "audio/test_util/wav_bytes.h"

namespace composure {
namespace {

using ::testing::Each;
using ::testing::HasSubstr;

PcmAudio constant_channels(int rate, std::size_t n, const std::vector<float>& levels) {
  PcmAudio pcm;
  pcm.sample_rate = rate;
  pcm.format = "test";
  for (float level : levels) pcm.channels.emplace_back(n, level);
  return pcm;
}

TEST(CallAudio, AgentLeftPutsLeftChannelInAgent) {
  const auto call = to_call_audio(constant_channels(8000, 160, {0.25f, -0.5f}), "x.wav",
                                  ChannelLayout::AgentLeft);
  ASSERT_TRUE(call) << call.error().message;
  EXPECT_FALSE(call->mono);
  EXPECT_THAT(call->agent, Each(8192));
  EXPECT_THAT(call->caller, Each(-16384));
  EXPECT_EQ(call->agent.size(), 160u);
  EXPECT_EQ(call->format, "test");
}

TEST(CallAudio, CallerLeftSwapsTheChannels) {
  const auto call = to_call_audio(constant_channels(8000, 160, {0.25f, -0.5f}), "x.wav",
                                  ChannelLayout::CallerLeft);
  ASSERT_TRUE(call) << call.error().message;
  EXPECT_THAT(call->agent, Each(-16384));
  EXPECT_THAT(call->caller, Each(8192));
}

TEST(CallAudio, MonoGoesToCallerAndLeavesAgentEmpty) {
  const auto call = to_call_audio(constant_channels(8000, 80, {0.5f}), "x.wav");
  ASSERT_TRUE(call) << call.error().message;
  EXPECT_TRUE(call->mono);
  EXPECT_TRUE(call->agent.empty());
  EXPECT_THAT(call->caller, Each(16384));
  EXPECT_EQ(call->duration_ms, 10);
}

TEST(CallAudio, ResamplesBothChannelsTo8kHzAndReportsDuration) {
  const auto call = to_call_audio(constant_channels(44100, 66150, {0.1f, 0.2f}), "x.wav");
  ASSERT_TRUE(call) << call.error().message;
  EXPECT_EQ(call->duration_ms, 1500);
  EXPECT_NEAR(static_cast<double>(call->agent.size()), 12000.0, 1.0);
  EXPECT_EQ(call->agent.size(), call->caller.size());
  // Away from the edges a constant level survives resampling.
  EXPECT_NEAR(call->agent[6000], 0.1 * 32768, 4);
  EXPECT_NEAR(call->caller[6000], 0.2 * 32768, 4);
}

TEST(CallAudio, RejectsMoreThanTwoChannelsNamingFileAndCount) {
  const auto call = to_call_audio(constant_channels(8000, 10, {0, 0, 0, 0, 0, 0}), "x.wav");
  ASSERT_FALSE(call);
  EXPECT_EQ(call.error().message,
            "x.wav: 6 channels; Composure takes mono or two-party stereo (agent and caller)");
}

TEST(CallAudio, RejectsAudioWithoutSamples) {
  PcmAudio no_channels;
  no_channels.sample_rate = 8000;
  const auto none = to_call_audio(no_channels, "x.wav");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message, "x.wav: no audio: no channels");
  const auto empty = to_call_audio(constant_channels(8000, 0, {0.0f}), "x.wav");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message, "x.wav: no audio: 0 samples");
}

TEST(CallAudio, RejectsStereoChannelsOfDifferentLengths) {
  PcmAudio pcm = constant_channels(8000, 10, {0.0f, 0.0f});
  pcm.channels[1].pop_back();
  const auto call = to_call_audio(pcm, "x.wav");
  ASSERT_FALSE(call);
  EXPECT_THAT(call.error().message, HasSubstr("x.wav: stereo channels differ in length"));
}

TEST(LoadCallAudio, SplitsAStereoWavFile) {
  const test_util::TempDir dir;
  const auto path = dir.write(
      "call.wav",
      test_util::wav_file({.channels = 2}, test_util::pcm16_bytes({100, -200, 100, -200})));
  const auto call = load_call_audio(path, ChannelLayout::CallerLeft);
  ASSERT_TRUE(call) << call.error().message;
  EXPECT_EQ(call->format, "WAV PCM16 stereo 8000 Hz");
  EXPECT_THAT(call->caller, Each(100));
  EXPECT_THAT(call->agent, Each(-200));
}

TEST(LoadCallAudio, NamesThePathWhenAFileHasTooManyChannels) {
  const test_util::TempDir dir;
  const auto path =
      dir.write("surround.wav",
                test_util::wav_file({.channels = 6}, test_util::pcm16_bytes({1, 2, 3, 4, 5, 6})));
  const auto call = load_call_audio(path);
  ASSERT_FALSE(call);
  EXPECT_EQ(
      call.error().message,
      path.string() + ": 6 channels; Composure takes mono or two-party stereo (agent and caller)");
}

TEST(LoadCallAudio, PassesOnFileErrors) {
  const test_util::TempDir dir;
  const auto call = load_call_audio(dir.path() / "nope.wav");
  ASSERT_FALSE(call);
  EXPECT_THAT(call.error().message, HasSubstr("nope.wav: cannot open"));
}

}  // namespace
}  // namespace composure
