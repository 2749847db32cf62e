#include "understand/prosody_tracker.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <utility>
#include <vector>

namespace composure {
namespace {

struct Collect : EventSink {
  std::vector<Event> events;
  void on_event(const Event& e) override { events.push_back(e); }
  int count(EventKind k) const {
    int n = 0;
    for (const auto& e : events) n += e.kind == k ? 1 : 0;
    return n;
  }
};

VoiceFrame voiced(std::int64_t t_ms, float level, float f0, int nuclei) {
  VoiceFrame v;
  v.t_ms = t_ms;
  v.level_db = level;
  v.f0_hz = f0;
  v.vad = v.speech = true;
  v.nuclei = nuclei;
  return v;
}

// `seconds` of steady speech with a syllable every 220 ms (about 4.5/s).
void speak(ProsodyTracker& p, Collect& sink, std::int64_t& t, double seconds, float level, float f0,
           int syllable_every_frames = 11) {
  const int frames = static_cast<int>(seconds * 50);
  for (int i = 0; i < frames; ++i, t += kFrameMs) {
    p.push(voiced(t, level, f0, (t / kFrameMs) % syllable_every_frames == 0 ? 1 : 0), sink);
  }
}

TEST(ProsodyTracker, SteadySpeakerRaisesNothing) {
  ProsodyTracker p(Speaker::Caller);
  Collect sink;
  std::int64_t t = 0;
  speak(p, sink, t, 60, -30.0F, 140.0F);
  EXPECT_TRUE(sink.events.empty());
}

TEST(ProsodyTracker, RaisedVoiceFiresOnceWithEvidenceThenSettles) {
  ProsodyTracker p(Speaker::Caller);
  Collect sink;
  std::int64_t t = 0;
  speak(p, sink, t, 20, -30.0F, 140.0F);
  const std::int64_t onset = t;
  speak(p, sink, t, 10, -22.0F, 140.0F);  // +8 dB for 10 s
  speak(p, sink, t, 10, -30.0F, 140.0F);
  ASSERT_EQ(sink.count(EventKind::RaisedVoice), 1);
  const Event& e = sink.events.front();
  EXPECT_EQ(e.kind, EventKind::RaisedVoice);
  EXPECT_EQ(e.speaker, Speaker::Caller);
  EXPECT_NEAR(static_cast<double>(e.t_ms), static_cast<double>(onset), 100.0);
  EXPECT_LE(e.end_ms - onset, 1500);  // warned within about a second of the rise
  EXPECT_NE(e.evidence.text.find("dB over their baseline"), std::string::npos) << e.evidence.text;
  ASSERT_FALSE(e.evidence.numbers.empty());
  EXPECT_EQ(e.evidence.numbers[0].name, "delta");
  EXPECT_NEAR(e.evidence.numbers[0].value, 8.0, 0.3);
  EXPECT_EQ(sink.count(EventKind::BackToBaseline), 1);
  EXPECT_EQ(sink.count(EventKind::PitchRising), 0);
}

// A caller who talks in stretches at 140 Hz; speak() returns when the stretch began.
struct Talker {
  ProsodyTracker p{Speaker::Caller};
  Collect sink;
  std::int64_t t = 0;
  std::int64_t speak(double seconds, float level) {
    const std::int64_t from = t;
    composure::speak(p, sink, t, seconds, level, 140.0F);
    return from;
  }
};

TEST(ProsodyTracker, RaisedTimeIsCountedFromEachStretchsOwnSpeech) {
  Talker caller;
  caller.speak(20, -30.0F);
  const std::int64_t loud_from = caller.speak(6, -22.0F);  // +8 dB for 6 s
  const std::int64_t calm_from = caller.speak(6, -30.0F);  // level again
  const std::int64_t end = caller.t;
  const ProsodyTracker& p = caller.p;
  EXPECT_EQ(p.raised_ms_between(0, loud_from), 0);
  // The windows wholly inside the loud stretch (its first ~2 s fill the window).
  const std::int64_t loud = p.raised_ms_between(loud_from, calm_from);
  EXPECT_GE(loud, 3000);
  EXPECT_LE(loud, 4500);
  // The calm line after it is not raised: the windows that still hold the loud words (and found
  // the voice raised while the episode settled) are not its own.
  EXPECT_EQ(p.raised_ms_between(calm_from, end), 0);
  EXPECT_GT(p.raised_ms_between(loud_from, end), loud);
}

TEST(ProsodyTracker, AShortRaisedLineCountsAsRaised) {
  Talker caller;
  caller.speak(20, -30.0F);
  const std::int64_t from = caller.speak(2.5, -22.0F);  // "She's not even two!": 2.5 s, +8 dB
  EXPECT_GT(caller.p.raised_ms_between(from, caller.t), 0);
}

TEST(ProsodyTracker, RaisedTimeKeepsTheLatestWhenItsRingWraps) {
  Talker caller;
  caller.speak(20, -30.0F);
  const std::int64_t loud_from = caller.speak(40, -20.0F);  // more than the ring holds
  const std::int64_t last_from = caller.speak(6, -20.0F);
  const ProsodyTracker& p = caller.p;
  EXPECT_LE(p.raised_ms_between(loud_from, caller.t), 25600);
  EXPECT_GE(p.raised_ms_between(loud_from, caller.t), 25000);
  EXPECT_GE(p.raised_ms_between(last_from, caller.t), 4000);  // all but its first 1.6 s
}

TEST(ProsodyTracker, NaturallyLoudSpeakerIsNotRaised) {
  ProsodyTracker p(Speaker::Caller);
  Collect sink;
  std::int64_t t = 0;
  speak(p, sink, t, 40, -12.0F, 140.0F);
  EXPECT_EQ(sink.count(EventKind::RaisedVoice), 0);
}

TEST(ProsodyTracker, PitchRiseOfFourSemitonesFires) {
  ProsodyTracker p(Speaker::Agent);
  Collect sink;
  std::int64_t t = 0;
  speak(p, sink, t, 20, -30.0F, 120.0F);
  speak(p, sink, t, 8, -30.0F, 120.0F * 1.26F);  // +4 semitones
  ASSERT_EQ(sink.count(EventKind::PitchRising), 1);
  EXPECT_NE(sink.events.front().evidence.text.find("agent's own voice"), std::string::npos);
}

TEST(ProsodyTracker, FasterSyllablesFirePaceQuickening) {
  ProsodyTracker p(Speaker::Caller);
  Collect sink;
  std::int64_t t = 0;
  speak(p, sink, t, 30, -30.0F, 140.0F, 12);  // ~4.2/s
  speak(p, sink, t, 12, -30.0F, 140.0F, 8);   // ~6.2/s
  EXPECT_EQ(sink.count(EventKind::PaceQuickening), 1);
  EXPECT_NEAR(p.summary().syllables_per_s, 4.8, 0.6);
}

TEST(ProsodyTracker, BaselinesAppearAfterThreeSecondsAreFullAfterFiveAndStayOutOfAnEpisode) {
  ProsodyTracker p(Speaker::Caller);
  Collect sink;
  std::int64_t t = 0;
  // The first 2 s fill the recent window; only speech that leaves it counts toward a baseline.
  speak(p, sink, t, 4.5, -30.0F, 140.0F);
  EXPECT_FALSE(p.baseline_level_db());
  EXPECT_FALSE(p.baseline_f0_hz());
  speak(p, sink, t, 1, -30.0F, 140.0F);
  ASSERT_TRUE(p.baseline_level_db());
  ASSERT_TRUE(p.baseline_f0_hz());
  EXPECT_FALSE(p.level_baseline_full());
  EXPECT_NEAR(*p.baseline_level_db(), -30.0F, 0.25F);
  EXPECT_NEAR(*p.baseline_f0_hz(), 140.0F, 1.0F);
  speak(p, sink, t, 2, -30.0F, 140.0F);
  EXPECT_TRUE(p.level_baseline_full());
  speak(p, sink, t, 12, -30.0F, 140.0F);
  // A raised voice does not drag the loudness baseline up with it while the episode lasts.
  speak(p, sink, t, 10, -20.0F, 140.0F);
  ASSERT_EQ(sink.count(EventKind::RaisedVoice), 1);
  EXPECT_NEAR(*p.baseline_level_db(), -30.0F, 0.25F);
}

// Three seconds of baseline are enough to hear a voice that is clearly raised (a caller upset from
// their second sentence), before the full five seconds are in.
TEST(ProsodyTracker, ClearlyRaisedVoiceIsHeardOnAShortBaseline) {
  ProsodyTracker p(Speaker::Caller);
  Collect sink;
  std::int64_t t = 0;
  speak(p, sink, t, 5.5, -30.0F, 140.0F);  // 2 s fill the window, 3.5 s join the baseline
  const std::int64_t onset = t;
  speak(p, sink, t, 3, -22.0F, 140.0F);
  ASSERT_EQ(sink.count(EventKind::RaisedVoice), 1);
  const Event& e = sink.events.front();
  EXPECT_LE(e.end_ms - onset, 1500);
  ASSERT_EQ(e.evidence.numbers.back().name, "baseline_speech");
  EXPECT_LT(e.evidence.numbers.back().value, 5.0);
  EXPECT_FALSE(p.level_baseline_full());  // not yet one for others to rely on
}

// Raised-voice episodes for a speaker who talks at each (seconds, dBFS) level in turn, with the
// baseline gate on or off.
int raised_after(bool gate, std::initializer_list<std::pair<double, float>> stretches) {
  ProsodyThresholds th;
  th.gate_baseline = gate;
  ProsodyTracker p(Speaker::Caller, th);
  Collect sink;
  std::int64_t t = 0;
  for (const auto& [seconds, level] : stretches) speak(p, sink, t, seconds, level, 140.0F);
  return sink.count(EventKind::RaisedVoice);
}

// A caller who climbs in steps (+3 dB, then +5 dB) is heard against their calm voice: the first
// step, under the episode threshold but over the settle line, is not learnt as their normal.
TEST(ProsodyTracker, VoiceCreepingUpInStepsIsHeardAgainstTheCalmBaseline) {
  EXPECT_EQ(raised_after(true, {{10, -30.0F}, {20, -27.0F}}), 0);
  EXPECT_EQ(raised_after(true, {{10, -30.0F}, {20, -27.0F}, {10, -25.0F}}), 1);
  // Learning every step would have hidden the climb.
  EXPECT_EQ(raised_after(false, {{10, -30.0F}, {20, -27.0F}, {10, -25.0F}}), 0);
}

// The gate works both ways: a quiet stretch (a mumbled aside, a turned head) is not learnt either,
// so the speaker's usual voice afterwards is not heard as raised.
TEST(ProsodyTracker, QuietStretchDoesNotMakeTheUsualVoiceSoundRaised) {
  EXPECT_EQ(raised_after(true, {{10, -30.0F}, {20, -34.0F}, {10, -29.0F}}), 0);
  EXPECT_EQ(raised_after(false, {{10, -30.0F}, {20, -34.0F}, {10, -29.0F}}), 1);
}

TEST(ProsodyTracker, LastingSmallChangeOfLevelBecomesTheNewNormal) {
  ProsodyTracker p(Speaker::Caller);
  Collect sink;
  std::int64_t t = 0;
  speak(p, sink, t, 10, -30.0F, 140.0F);
  speak(p, sink, t, 25, -26.5F, 140.0F);  // +3.5 dB: a headset moved, not a raised voice
  EXPECT_NEAR(*p.baseline_level_db(), -30.0F, 0.25F);
  speak(p, sink, t, 40, -26.5F, 140.0F);
  EXPECT_NEAR(*p.baseline_level_db(), -26.5F, 0.25F);
  EXPECT_EQ(sink.count(EventKind::RaisedVoice), 0);
}

}  // namespace
}  // namespace composure
