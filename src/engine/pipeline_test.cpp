#include "engine/pipeline.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <numbers>

namespace composure::testing {
long allocation_count();  // allocation_counter.cpp
}  // namespace composure::testing

namespace composure {
namespace {

// A talker: vowel-like bursts of `on_ms` every `period_ms`, starting at `phase_ms`.
Frame talk_frame(Speaker s, std::int64_t t_ms, std::int64_t period_ms, std::int64_t on_ms,
                 std::int64_t phase_ms, double f0) {
  Frame f;
  f.t_ms = t_ms;
  f.speaker = s;
  const std::int64_t pos = ((t_ms - phase_ms) % period_ms + period_ms) % period_ms;
  const bool on = pos < on_ms;
  for (int i = 0; i < kFrameSamples; ++i) {
    const double t = (static_cast<double>(t_ms) + i / 8.0) / 1000.0;
    double v = 0;
    if (on) {
      for (int k = 3; k <= 14; ++k)
        v += std::sin(2 * std::numbers::pi * k * f0 * t + 0.3 * k * k) / k;
      v *= 3000.0 * (0.6 + 0.4 * std::sin(2 * std::numbers::pi * 4.0 * t));
    }
    v += 12.0 *
         std::sin(2 * std::numbers::pi * 2500.0 * t + static_cast<double>(i));  // faint line hum
    f.pcm[static_cast<std::size_t>(i)] = static_cast<std::int16_t>(std::lround(v));
  }
  return f;
}

struct CountOnly : EventSink {
  int n = 0;
  void on_event(const Event&) override { ++n; }
};

TEST(Pipeline, SteadyStateFramesAllocateNothing) {
  CountOnly sink;
  auto pipeline = Pipeline::create({}, sink);
  ASSERT_TRUE(pipeline);
  // Warm up: the baselines fill and the first turns settle.
  std::int64_t t = 0;
  for (; t < 60'000; t += kFrameMs) {
    pipeline->push(talk_frame(Speaker::Agent, t, 6000, 2600, 0, 110));
    pipeline->push(talk_frame(Speaker::Caller, t, 6000, 2600, 3000, 190));
  }
  const int events_before = sink.n;
  // Then 10,000 frames (5,000 per speaker) of the same conversation: no allocation at all.
  // Events allocate (evidence text); this steady conversation emits only turns, so count them too.
  const long before = testing::allocation_count();
  for (int i = 0; i < 5000; ++i, t += kFrameMs) {
    pipeline->push(talk_frame(Speaker::Agent, t, 6000, 2600, 0, 110));
    pipeline->push(talk_frame(Speaker::Caller, t, 6000, 2600, 3000, 190));
  }
  const long allocations = testing::allocation_count() - before;
  const int events = sink.n - events_before;
  EXPECT_GT(events, 0) << "the conversation should still produce turn events";
  // Turn events carry evidence strings and numbers: allow what those need, and nothing per frame.
  EXPECT_LE(allocations, static_cast<long>(events) * 12)
      << allocations << " allocations for " << events << " events over 10,000 frames";
}

TEST(Pipeline, NoEventsMeansNoAllocationsEither) {
  CountOnly sink;
  PipelineConfig config;
  config.two_party = false;
  auto pipeline = Pipeline::create(config, sink);
  ASSERT_TRUE(pipeline);
  std::int64_t t = 0;
  for (; t < 30'000; t += kFrameMs)
    pipeline->push(talk_frame(Speaker::Caller, t, 4000, 3000, 0, 150));
  const long before = testing::allocation_count();
  const int events_before = sink.n;
  for (int i = 0; i < 10'000; ++i, t += kFrameMs) {
    pipeline->push(talk_frame(Speaker::Caller, t, 4000, 3000, 0, 150));
  }
  ASSERT_EQ(sink.n, events_before);
  EXPECT_EQ(testing::allocation_count() - before, 0);
}

std::vector<Event> run(const std::vector<Frame>& frames) {
  VectorSink sink;
  auto pipeline = Pipeline::create({}, sink);
  EXPECT_TRUE(pipeline);
  for (const auto& f : frames) pipeline->push(f);
  pipeline->finish();
  return sink.events;
}

std::vector<Frame> conversation(std::int64_t ms) {
  std::vector<Frame> frames;
  for (std::int64_t t = 0; t < ms; t += kFrameMs) {
    frames.push_back(talk_frame(Speaker::Agent, t, 7000, 3000, 0, 110));
    // The caller cuts in a second before the agent's bursts end, now and then.
    frames.push_back(talk_frame(Speaker::Caller, t, 7000, 3000, t > 30'000 ? 2200 : 3500, 190));
  }
  return frames;
}

TEST(Pipeline, LegsArrivingOutOfStepGiveTheSameEventsAsInStep) {
  const auto in_step = conversation(60'000);
  // Live legs drift: deliver the caller's frames 25 frames (half a second) late.
  std::vector<Frame> skewed;
  std::vector<Frame> agent, caller;
  for (const auto& f : in_step) (f.speaker == Speaker::Agent ? agent : caller).push_back(f);
  for (std::size_t i = 0; i < agent.size() + 25; ++i) {
    if (i < agent.size()) skewed.push_back(agent[i]);
    if (i >= 25) skewed.push_back(caller[i - 25]);
  }
  const auto a = run(in_step);
  const auto b = run(skewed);
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a.size(), b.size());
  // Same events; only emission order across speakers may differ.
  for (const auto& e : a) EXPECT_NE(std::find(b.begin(), b.end(), e), b.end()) << e.evidence.text;
}

TEST(Pipeline, LostFramesAreHeardAsSilenceAndDuplicatesAreDropped) {
  CountOnly sink;
  auto pipeline = Pipeline::create({}, sink);
  ASSERT_TRUE(pipeline);
  pipeline->push(talk_frame(Speaker::Agent, 0, 1000, 500, 0, 110));
  pipeline->push(talk_frame(Speaker::Agent, 200, 1000, 500, 0, 110));  // 180 ms lost
  pipeline->push(talk_frame(Speaker::Agent, 200, 1000, 500, 0, 110));  // duplicate
  pipeline->push(talk_frame(Speaker::Agent, 100, 1000, 500, 0, 110));  // late
  pipeline->finish();
  const auto s = pipeline->summary();
  EXPECT_EQ(s.frames_dropped, 2);
  EXPECT_EQ(s.duration_ms, 220);
}

TEST(Pipeline, OneSidedCallIgnoresTheOtherSpeaker) {
  CountOnly sink;
  PipelineConfig config;
  config.two_party = false;
  auto pipeline = Pipeline::create(config, sink);
  ASSERT_TRUE(pipeline);
  pipeline->push(talk_frame(Speaker::Agent, 0, 1000, 500, 0, 110));
  pipeline->finish();
  EXPECT_EQ(pipeline->summary().frames_dropped, 1);
}

}  // namespace
}  // namespace composure
