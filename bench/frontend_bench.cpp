// The acoustic front end on a 10-minute two-party call: microseconds per 20 ms frame per channel
// and the multiple of real time, on one core. The call is the rendered sample
// interrupting_agent_with_hold (speech, overlaps, a long hold) looped to 10 minutes.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "audio/call_audio.h"
#include "engine/offline.h"
#include "voice/channel_analyzer.h"
#include "voice/pitch.h"
#include "voice/vad.h"

namespace composure {
namespace {

const CallAudio& ten_minute_call() {
  static const CallAudio call = [] {
    const char* dir = std::getenv("COMPOSURE_SAMPLES");
    const std::filesystem::path path =
        std::filesystem::path(dir != nullptr ? dir : "build/release/samples") /
        "interrupting_agent_with_hold.wav";
    auto loaded = load_call_audio(path);
    if (!loaded) {
      std::fprintf(stderr, "bench: %s (set COMPOSURE_SAMPLES to the rendered samples)\n",
                   loaded.error().message.c_str());
      std::exit(1);
    }
    CallAudio looped;
    constexpr std::size_t kSamples = 10 * 60 * kSampleRate;
    looped.agent.reserve(kSamples);
    looped.caller.reserve(kSamples);
    while (looped.agent.size() < kSamples) {
      const std::size_t n = std::min(kSamples - looped.agent.size(), loaded->agent.size());
      looped.agent.insert(looped.agent.end(), loaded->agent.begin(),
                          loaded->agent.begin() + static_cast<std::ptrdiff_t>(n));
      looped.caller.insert(looped.caller.end(), loaded->caller.begin(),
                           loaded->caller.begin() + static_cast<std::ptrdiff_t>(n));
    }
    looped.duration_ms = 10 * 60 * 1000;
    looped.format = loaded->format;
    return looped;
  }();
  return call;
}

struct NullSink final : EventSink {
  long n = 0;
  void on_event(const Event&) override { ++n; }
};

void run_ten_minute_call(benchmark::State& state, const PipelineConfig& config) {
  const CallAudio& call = ten_minute_call();
  const double frame_channels = 2.0 * static_cast<double>(call.duration_ms) / kFrameMs;
  long events = 0;
  for (auto _ : state) {
    NullSink sink;
    auto summary = analyze_call(call, config, sink);
    benchmark::DoNotOptimize(summary);
    events = sink.n;
  }
  state.counters["us_per_frame_channel"] =
      benchmark::Counter(frame_channels * 1e-6, benchmark::Counter::kIsIterationInvariantRate |
                                                    benchmark::Counter::kInvert);
  state.counters["x_realtime"] = benchmark::Counter(static_cast<double>(call.duration_ms) / 1000.0,
                                                    benchmark::Counter::kIsIterationInvariantRate);
  state.counters["events"] = static_cast<double>(events);
}

void BM_FrontEndTenMinuteCall(benchmark::State& state) {
  run_ten_minute_call(state, {});
}
BENCHMARK(BM_FrontEndTenMinuteCall)->Unit(benchmark::kMillisecond)->MinTime(3.0);

// The same with the VAD hearing every frame (no rest through quiet stretches), to show what the
// rest saves.
void BM_FrontEndTenMinuteCallVadEveryFrame(benchmark::State& state) {
  PipelineConfig config;
  config.voice.vad_rest_after_frames = 0;
  run_ten_minute_call(state, config);
}
BENCHMARK(BM_FrontEndTenMinuteCallVadEveryFrame)->Unit(benchmark::kMillisecond)->MinTime(3.0);

Frame speech_frame(std::size_t index) {
  const CallAudio& call = ten_minute_call();
  Frame f;
  const std::size_t offset = (index * kFrameSamples) % (call.caller.size() - kFrameSamples);
  std::copy_n(call.caller.begin() + static_cast<std::ptrdiff_t>(offset), kFrameSamples,
              f.pcm.begin());
  return f;
}

void BM_ChannelAnalyzerPerFrame(benchmark::State& state) {
  auto analyzer = ChannelAnalyzer::create().value();
  std::vector<Frame> frames;
  for (std::size_t i = 0; i < 3000; ++i) frames.push_back(speech_frame(i));
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(analyzer.push(frames[i]));
    i = (i + 1) % frames.size();
  }
}
BENCHMARK(BM_ChannelAnalyzerPerFrame);

void BM_PitchPerVoicedFrame(benchmark::State& state) {
  PitchTracker pitch;
  const Frame f = speech_frame(1500);
  for (auto _ : state) benchmark::DoNotOptimize(pitch.push(f.pcm));
}
BENCHMARK(BM_PitchPerVoicedFrame);

void BM_WebRtcVadPerFrame(benchmark::State& state) {
  auto vad = Vad::create(2).value();
  const Frame f = speech_frame(1500);
  for (auto _ : state) benchmark::DoNotOptimize(vad.is_speech(f.pcm));
}
BENCHMARK(BM_WebRtcVadPerFrame);

}  // namespace
}  // namespace composure

BENCHMARK_MAIN();
