#include "serve/live_call.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "audio/call_audio.h"
#include "engine/offline.h"
#include "serve/live_call_testing.h"

namespace composure {
namespace {

std::vector<Event> events_of(const std::vector<EventRow>& rows) {
  std::vector<Event> out;
  for (const auto& r : rows) {
    if (auto e = to_event(r)) out.push_back(*e);
  }
  return out;
}

struct Recorder {
  std::vector<EventRow> rows;
  CallPublisher publisher() {
    return [this](const std::string&, const EventRow& r, std::int64_t) { rows.push_back(r); };
  }
};

LiveCallSetup setup(bool two_party) {
  LiveCallSetup s;
  s.id = "test-call";
  s.source = "test";
  s.two_party = two_party;
  return s;
}

std::span<const std::int16_t> slice(const std::vector<std::int16_t>& pcm, std::size_t from,
                                    std::size_t n) {
  if (from >= pcm.size()) return {};
  return {pcm.data() + from, std::min(n, pcm.size() - from)};
}

TEST(LiveCall, SampleCallFedInTwentyMsPiecesGivesTheOfflineEvents) {
  const char* dir = std::getenv("COMPOSURE_SAMPLES");
  if (dir == nullptr) GTEST_SKIP() << "COMPOSURE_SAMPLES not set";
  auto audio = load_call_audio(std::filesystem::path(dir) / "interrupting_agent_with_hold.wav",
                               ChannelLayout::AgentLeft);
  ASSERT_TRUE(audio) << audio.error().message;
  VectorSink offline;
  ASSERT_TRUE(analyze_call(*audio, PipelineConfig{}, offline));

  Recorder live;
  auto call = LiveCall::start(setup(true), nullptr, live.publisher());
  ASSERT_TRUE(call) << call.error().message;
  // The caller's leg runs 0.6 s ahead of the agent's, as two connections might.
  constexpr std::size_t kAhead = 30 * kFrameSamples;
  const std::size_t total = std::max(audio->agent.size(), audio->caller.size());
  for (std::size_t at = 0; at < total + kAhead; at += kFrameSamples) {
    const auto t = static_cast<std::int64_t>(at / 8);
    if (auto c = slice(audio->caller, at, kFrameSamples); !c.empty()) {
      (*call)->add_audio(Speaker::Caller, t, c);
    }
    if (at >= kAhead) {
      const std::size_t back = at - kAhead;
      if (auto a = slice(audio->agent, back, kFrameSamples); !a.empty()) {
        (*call)->add_audio(Speaker::Agent, static_cast<std::int64_t>(back / 8), a);
      }
    }
  }
  (*call)->finish(CallStatus::Ended);
  EXPECT_EQ(events_of(live.rows), offline.events);
  EXPECT_EQ((*call)->stats().warnings, 0);
  EXPECT_EQ((*call)->stats().frames_dropped, 0);
}

TEST(LiveCall, AGapBecomesSilenceAndAWarning) {
  Recorder live;
  auto call = LiveCall::start(setup(false), nullptr, live.publisher());
  ASSERT_TRUE(call);
  const std::vector<std::int16_t> frame(kFrameSamples, 100);
  (*call)->add_audio(Speaker::Caller, 0, frame);
  (*call)->add_audio(Speaker::Caller, 20, frame);
  (*call)->add_audio(Speaker::Caller, 200, frame);  // 160 ms missing
  EXPECT_EQ((*call)->now_ms(), 220);
  ASSERT_EQ(live.rows.size(), 1U);
  EXPECT_EQ(live.rows[0].type, kStreamWarning);
  EXPECT_EQ(live.rows[0].t_ms, 40);
  EXPECT_NE(live.rows[0].evidence.find("160 ms of caller audio missing"), std::string::npos)
      << live.rows[0].evidence;
  EXPECT_EQ((*call)->stats().silence_ms, 160);
  (*call)->finish(CallStatus::Ended);
  EXPECT_EQ((*call)->stats().frames, 11);
}

TEST(LiveCall, LateOrRepeatedAudioIsDroppedWithAWarning) {
  Recorder live;
  auto call = LiveCall::start(setup(false), nullptr, live.publisher());
  ASSERT_TRUE(call);
  const std::vector<std::int16_t> frame(kFrameSamples, 100);
  for (int i = 0; i < 5; ++i) (*call)->add_audio(Speaker::Caller, i * 20, frame);
  (*call)->add_audio(Speaker::Caller, 20, frame);
  EXPECT_EQ((*call)->stats().frames_dropped, 1);
  EXPECT_EQ((*call)->now_ms(), 100);
  ASSERT_EQ(live.rows.size(), 1U);
  EXPECT_NE(live.rows[0].evidence.find("late or repeated"), std::string::npos);
}

TEST(LiveCall, ShorterLegIsPaddedToTheSameEnd) {
  Recorder live;
  auto call = LiveCall::start(setup(true), nullptr, live.publisher());
  ASSERT_TRUE(call);
  const std::vector<std::int16_t> pcm(kFrameSamples * 10 + 40, 0);
  (*call)->append_audio(Speaker::Caller, pcm);
  (*call)->append_audio(Speaker::Agent, std::span<const std::int16_t>(pcm.data(), 80));
  (*call)->finish(CallStatus::Ended);
  EXPECT_EQ((*call)->stats().frames, 22);  // 11 frames a leg
  EXPECT_EQ((*call)->summary().duration_ms, 220);
}

TEST(LiveCall, EventsAreStoredRedactedAndTheCallEnded) {
  const auto db = std::filesystem::temp_directory_path() /
                  ("composure_live_call_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(db);
  auto store = EventStore::open(db);
  ASSERT_TRUE(store);
  Recorder live;
  auto call = LiveCall::start(setup(false), store->get(), live.publisher());
  ASSERT_TRUE(call);
  (*call)->warn(0, "caller read out 4111 1111 1111 1111");
  (*call)->finish(CallStatus::Ended);
  auto rows = (*store)->events("test-call");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1U);
  EXPECT_EQ((*rows)[0].evidence.find("4111"), std::string::npos) << (*rows)[0].evidence;
  EXPECT_NE((*rows)[0].evidence.find("[card number]"), std::string::npos);
  EXPECT_EQ((*(*store)->call("test-call"))->status, CallStatus::Ended);
  store->reset();
  std::filesystem::remove(db);
}

// A recogniser that "hears" exactly the audio it was fed: one word naming the sample count and a
// checksum, so equal words mean equal audio.
class EchoRecognizer final : public Recognizer {
 public:
  void start(Speaker speaker, std::int64_t t_ms) override {
    speaker_ = speaker;
    t_ms_ = t_ms;
    n_ = 0;
    sum_ = 0;
  }
  void feed(std::span<const std::int16_t> pcm) override {
    for (const std::int16_t v : pcm) sum_ = sum_ * 31 + static_cast<std::uint16_t>(v) + 1;
    n_ += pcm.size();
  }
  Utterance partial() override { return {}; }
  Utterance finish() override {
    Utterance u;
    u.speaker = speaker_;
    u.t_ms = t_ms_;
    u.end_ms = t_ms_ + static_cast<std::int64_t>(n_ / 8);
    u.words.push_back(
        Word{u.t_ms, u.end_ms, "n" + std::to_string(n_) + "h" + std::to_string(sum_)});
    return u;
  }

 private:
  Speaker speaker_ = Speaker::Caller;
  std::int64_t t_ms_ = 0;
  std::size_t n_ = 0;
  std::uint64_t sum_ = 0;
};

TEST(LiveCall, StreamedSpurtsGetTheAudioAndOrderOfTheOfflineRecognition) {
  const char* dir = std::getenv("COMPOSURE_SAMPLES");
  if (dir == nullptr) GTEST_SKIP() << "COMPOSURE_SAMPLES not set";
  auto audio = load_call_audio(std::filesystem::path(dir) / "escalating_late_delivery.wav",
                               ChannelLayout::AgentLeft);
  ASSERT_TRUE(audio) << audio.error().message;
  auto pool = DecoderPool::create(3, []() -> Result<std::unique_ptr<Recognizer>> {
    return std::make_unique<EchoRecognizer>();
  });
  ASSERT_TRUE(pool) << pool.error().message;
  const auto offline = live_testing::offline_utterances(*audio, **pool);
  ASSERT_GT(offline.size(), 10U);
  const auto live = live_testing::live_utterances(*audio, **pool, /*caller_ahead_frames=*/20);
  EXPECT_EQ(live, offline);
}

TEST(LiveCall, FinishWaitsForTheLastWordsWithoutBlocking) {
  auto pool = DecoderPool::create(1, []() -> Result<std::unique_ptr<Recognizer>> {
    return std::make_unique<EchoRecognizer>();
  });
  ASSERT_TRUE(pool);
  live_testing::Inbox inbox;
  Recorder live;
  LiveCallSetup s = setup(false);
  s.recognizer = pool->get();
  s.post = inbox.poster();
  int done = 0;
  s.on_done = [&] { ++done; };
  auto call = LiveCall::start(s, nullptr, live.publisher());
  ASSERT_TRUE(call) << call.error().message;
  // A second of a loud tone, then the call ends while it is still "spoken".
  std::vector<std::int16_t> tone(kFrameSamples);
  for (int f = 0; f < 50; ++f) {
    for (std::size_t i = 0; i < tone.size(); ++i) tone[i] = (i % 8 < 4) ? 8000 : -8000;
    (*call)->append_audio(Speaker::Caller, tone);
  }
  (*call)->finish(CallStatus::Ended);
  EXPECT_TRUE((*call)->finishing());
  inbox.run_until([&] { return (*call)->finished(); });
  EXPECT_EQ(done, 1);
  EXPECT_EQ((*call)->recognition_pending(), 0);
  EXPECT_EQ((*call)->stats().utterances, 1);
  EXPECT_EQ((*call)->stats().recognition_latency.count, 1);
}

TEST(LiveCall, PostedUtterancesEnterThePipeline) {
  Recorder live;
  auto call = LiveCall::start(setup(true), nullptr, live.publisher());
  ASSERT_TRUE(call);
  Utterance u;
  u.speaker = Speaker::Caller;
  u.t_ms = 1000;
  u.end_ms = 2000;
  u.typed = true;
  u.words = {{1000, 1400, "hello", 1}, {1500, 2000, "there", 1}};
  (*call)->add_utterance(u);
  (*call)->finish(CallStatus::Ended);
  EXPECT_TRUE((*call)->finished());
  const auto events = events_of(live.rows);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0].kind, EventKind::Utterance);
  EXPECT_EQ(events[0].evidence.text, "hello there");
  EXPECT_EQ((*call)->stats().utterances, 1);
}

}  // namespace
}  // namespace composure
