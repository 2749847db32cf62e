// The call assessor's share of the per-frame budget: what judging a call (frustration level,
// warnings, caller type, stage) adds on top of the acoustic front end, per 20 ms frame per
// channel. A 10-minute two-party call is replayed into one CallAssessor: the clock advances
// every frame of each channel, an utterance with its word cues and text score ends every 4 s,
// and a voice cue arrives every 30 s, which is busier than a real call.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "core/frame.h"
#include "understand/assessor.h"

namespace composure {
namespace {

struct NullSink final : EventSink {
  void on_event(const Event& e) override { benchmark::DoNotOptimize(e.strength); }
};

constexpr std::int64_t kCallMs = std::int64_t{10} * 60 * 1000;
constexpr std::int64_t kFrames = kCallMs / kFrameMs;

Event cue(EventKind kind, Speaker who, std::int64_t t, float strength) {
  Event e;
  e.kind = kind;
  e.speaker = who;
  e.t_ms = t;
  e.end_ms = t;
  e.strength = strength;
  e.evidence.text = "\"fed up\" (anger)";
  return e;
}

void assess_a_call(benchmark::State& state) {
  NullSink sink;
  Utterance words;
  for (int i = 0; i < 12; ++i) words.words.push_back({0, 0, "word", 1});
  for (auto _ : state) {
    CallAssessor assess;
    std::int64_t next_utterance = 4000;
    std::int64_t next_voice = 30000;
    bool caller = true;
    for (std::int64_t f = 0; f < kFrames; ++f) {
      const std::int64_t t = f * kFrameMs;
      assess.advance_to(t, sink);  // the agent's frame
      assess.advance_to(t, sink);  // the caller's frame
      if (t >= next_voice) {
        assess.observe(cue(EventKind::RaisedVoice, Speaker::Caller, t, 0.6F), sink);
        next_voice += 30000;
      }
      if (t >= next_utterance) {
        const Speaker who = caller ? Speaker::Caller : Speaker::Agent;
        words.speaker = who;
        words.t_ms = t - 3000;
        words.end_ms = t;
        assess.observe(cue(EventKind::Utterance, who, t, 1), sink);
        assess.observe(cue(caller ? EventKind::Anger : EventKind::Validation, who, t, 0.5F), sink);
        if (caller) assess.observe(cue(EventKind::TextFrustration, who, t, 0.4F), sink);
        assess.utterance_done(words, sink);
        caller = !caller;
        next_utterance += 4000;
      }
    }
    assess.finish(kCallMs, sink);
    benchmark::DoNotOptimize(assess.level());
  }
  const double frame_channels = 2.0 * static_cast<double>(kFrames);
  // Seconds per frame-channel (shown with an SI prefix, e.g. "85n" for 85 ns).
  state.counters["per_frame_channel"] = benchmark::Counter(
      frame_channels, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(assess_a_call)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace composure

BENCHMARK_MAIN();
