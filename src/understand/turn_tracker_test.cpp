#include "understand/turn_tracker.h"

#include <gtest/gtest.h>

#include <vector>

namespace composure {
namespace {

struct Collect : EventSink {
  std::vector<Event> events;
  void on_event(const Event& e) override { events.push_back(e); }
  std::vector<Event> of(EventKind k) const {
    std::vector<Event> out;
    for (const auto& e : events) {
      if (e.kind == k) out.push_back(e);
    }
    return out;
  }
};

// Feeds two speakers' talk spurts (ms, on the 20 ms grid) through a TurnTracker frame by frame,
// as the segmenter would report them.
Collect run(const std::vector<Segment>& agent, const std::vector<Segment>& caller,
            std::int64_t end_ms, TurnThresholds t = {}) {
  TurnTracker tracker(t);
  Collect sink;
  auto frame_for = [](const std::vector<Segment>& segs, std::int64_t t_ms) {
    ActivityFrame a;
    a.t_ms = t_ms;
    for (const auto& s : segs) {
      if (t_ms >= s.start_ms && t_ms < s.end_ms) a.speech = true;
      if (t_ms == s.start_ms) a.started_ms = s.start_ms;
      if (t_ms == s.end_ms) a.ended = s;
    }
    return a;
  };
  for (std::int64_t t_ms = 0; t_ms < end_ms; t_ms += kFrameMs) {
    tracker.push(frame_for(agent, t_ms), frame_for(caller, t_ms), sink);
  }
  tracker.finish(end_ms, std::nullopt, std::nullopt, sink);
  return sink;
}

TEST(TurnTracker, AlternatingSpeakersMakeTurnsWithResponseLatency) {
  const auto sink = run({{0, 3000}, {7000, 9000}}, {{3600, 6000}}, 12000);
  const auto turns = sink.of(EventKind::Turn);
  ASSERT_EQ(turns.size(), 3u);
  EXPECT_EQ(turns[1].speaker, Speaker::Caller);
  EXPECT_EQ(turns[1].t_ms, 3600);
  bool has_latency = false;
  for (const auto& m : turns[1].evidence.numbers) {
    if (m.name == "latency") {
      has_latency = true;
      EXPECT_DOUBLE_EQ(m.value, 0.6);
    }
  }
  EXPECT_TRUE(has_latency);
  EXPECT_TRUE(sink.of(EventKind::TalkOver).empty());
}

TEST(TurnTracker, ShortOverlapIsABackchannelNotATalkOver) {
  const auto sink = run({{0, 8000}}, {{3000, 3400}}, 10000);
  EXPECT_EQ(sink.of(EventKind::Backchannel).size(), 1u);
  EXPECT_TRUE(sink.of(EventKind::TalkOver).empty());
}

TEST(TurnTracker, AgentTalkingOverCallerIsFlaggedOnceWithTheOverlap) {
  // Caller talks 0-6 s; the agent cuts in at 4 s and keeps going to 9 s.
  const auto sink = run({{4000, 9000}}, {{0, 6000}}, 10000);
  const auto overs = sink.of(EventKind::TalkOver);
  ASSERT_EQ(overs.size(), 1u);
  EXPECT_EQ(overs[0].speaker, Speaker::Agent);
  EXPECT_EQ(overs[0].t_ms, 4000);
  EXPECT_LE(overs[0].end_ms, 5100);  // decided about a second in, while it happens
}

TEST(TurnTracker, EarlyStartAsTheOtherFinishesIsNotATalkOver) {
  const auto sink = run({{0, 4000}}, {{3800, 7000}}, 8000);
  EXPECT_TRUE(sink.of(EventKind::TalkOver).empty());
  EXPECT_TRUE(sink.of(EventKind::Backchannel).empty());
}

TEST(TurnTracker, CallerSilenceAfterAgentIsTense) {
  const auto sink = run({{0, 2000}}, {{8000, 9000}}, 10000);
  const auto tense = sink.of(EventKind::TenseSilence);
  ASSERT_EQ(tense.size(), 1u);
  EXPECT_EQ(tense[0].t_ms, 2000);
  EXPECT_EQ(tense[0].end_ms, 8000);
  EXPECT_TRUE(sink.of(EventKind::DeadAir).empty());
}

TEST(TurnTracker, AgentSilenceAfterCallerIsDeadAir) {
  const auto sink = run({{0, 1000}, {9000, 10000}}, {{1500, 3000}}, 11000);
  const auto dead = sink.of(EventKind::DeadAir);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].t_ms, 3000);
  EXPECT_EQ(dead[0].end_ms, 9000);
}

TEST(TurnTracker, LongHoldWithoutCheckInIsOverdueAt30Seconds) {
  // Agent 0-3 s, caller says okay, then 60 s of nothing until the agent comes back for good.
  const auto sink = run({{0, 3000}, {64000, 74000}}, {{3500, 4000}, {75000, 77000}}, 80000);
  const auto overdue = sink.of(EventKind::HoldOverdue);
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(overdue[0].t_ms, 3000);
  EXPECT_EQ(overdue[0].end_ms, 33000);
  const auto holds = sink.of(EventKind::Hold);
  ASSERT_EQ(holds.size(), 1u);
  EXPECT_EQ(holds[0].t_ms, 3000);
  EXPECT_EQ(holds[0].end_ms, 64000);
  EXPECT_TRUE(sink.of(EventKind::DeadAir).empty());
}

TEST(TurnTracker, HoldWithCheckInsEveryTwentySecondsIsNeverOverdue) {
  const auto sink =
      run({{0, 3000}, {23000, 25000}, {45000, 47000}, {60000, 70000}}, {{71000, 72000}}, 75000);
  EXPECT_TRUE(sink.of(EventKind::HoldOverdue).empty());
  const auto holds = sink.of(EventKind::Hold);
  ASSERT_EQ(holds.size(), 1u);
  EXPECT_EQ(holds[0].end_ms, 60000);
  EXPECT_EQ(holds[0].evidence.numbers[1].value, 2.0);  // check-ins
}

TEST(TurnTracker, RunOfShortRepliesFromATalkativeCallerIsClipped) {
  std::vector<Segment> agent, caller;
  std::int64_t t = 0;
  for (int i = 0; i < 8; ++i) {
    agent.push_back({t, t + 2000});
    t += 2500;
    const std::int64_t reply = i < 4 ? 4000 : 600;
    caller.push_back({t, t + reply});
    t += reply + 500;
  }
  agent.push_back({t, t + 2000});
  const auto sink = run(agent, caller, t + 3000);
  const auto clipped = sink.of(EventKind::ClippedAnswers);
  ASSERT_EQ(clipped.size(), 1u);
  EXPECT_EQ(clipped[0].t_ms, caller[4].start_ms);
}

TEST(TurnTracker, ShortRepliesFromARespondentWhoWasAlwaysBriefAreNotClipped) {
  std::vector<Segment> agent, caller;
  std::int64_t t = 0;
  for (int i = 0; i < 8; ++i) {
    agent.push_back({t, t + 2000});
    t += 2500;
    caller.push_back({t, t + 700});
    t += 1200;
  }
  const auto sink = run(agent, caller, t + 1000);
  EXPECT_TRUE(sink.of(EventKind::ClippedAnswers).empty());
}

}  // namespace
}  // namespace composure
