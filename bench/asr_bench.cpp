// Speech recognition cost on 8 kHz mu-law telephone audio (pocketsphinx-testdata's librivox
// recordings, downsampled and companded): CPU real-time factor of one decoder, the memory and
// load time of a decoder, and how many seconds of audio per second a DecoderPool gets through.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "speech/decoder_pool.h"
#include "speech/pocketsphinx_recognizer.h"
#include "telephone_recordings.h"

namespace composure {
namespace {

// The five librivox utterances (24.7 s) as a G.711 mu-law telephone line carries them.
const std::vector<std::vector<std::int16_t>>& utterances() {
  return telephone_recordings();
}

double seconds_of(const std::vector<std::int16_t>& pcm) {
  return static_cast<double>(pcm.size()) / kTelephoneRate;
}

double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// CPU seconds used by every thread of this process (the pool's workers included).
double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

long resident_kib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return 0;
}

std::unique_ptr<Recognizer> make_decoder() {
  auto recognizer = make_pocketsphinx_recognizer({});
  if (!recognizer) {
    std::fprintf(stderr, "asr_bench: %s\n", recognizer.error().message.c_str());
    std::exit(1);
  }
  return std::move(*recognizer);
}

// Loading: wall time and resident memory one more decoder costs. The decoders stay loaded until
// the end, so freed memory cannot be reused and hide the cost.
void BM_DecoderLoad(benchmark::State& state) {
  std::vector<std::unique_ptr<Recognizer>> loaded;
  const long before = resident_kib();
  for (auto _ : state) loaded.push_back(make_decoder());
  state.counters["decoder_MiB"] =
      static_cast<double>(resident_kib() - before) / 1024.0 / static_cast<double>(loaded.size());
}
BENCHMARK(BM_DecoderLoad)->Unit(benchmark::kMillisecond)->Iterations(3);

// One decoder, all five utterances streamed in 20 ms frames; rtf = decoding CPU / audio.
void BM_RecognizeTelephoneUtterances(benchmark::State& state) {
  const auto& all = utterances();
  auto decoder = make_decoder();
  double audio_s = 0;
  double cpu_s = 0;
  for (auto _ : state) {
    for (const auto& pcm : all) {
      const double start = thread_cpu_seconds();
      decoder->start(Speaker::Caller, 0);
      for (std::size_t at = 0; at < pcm.size(); at += 160) {
        decoder->feed(std::span(pcm).subspan(at, std::min<std::size_t>(160, pcm.size() - at)));
      }
      benchmark::DoNotOptimize(decoder->finish());
      cpu_s += thread_cpu_seconds() - start;
      audio_s += seconds_of(pcm);
    }
  }
  state.counters["rtf"] = cpu_s / audio_s;
  state.counters["audio_s"] = audio_s / static_cast<double>(state.iterations());
}
BENCHMARK(BM_RecognizeTelephoneUtterances)->Unit(benchmark::kMillisecond)->Iterations(2);

// A pool of N decoders given 8 utterances at once (the five, then the first three again);
// x_realtime = seconds of audio recognised per wall-clock second; cpu_rtf = CPU seconds of the
// whole process per second of audio (what the pool costs beyond the decoding itself).
void BM_DecoderPoolThroughput(benchmark::State& state) {
  const auto& all = utterances();
  auto pool = DecoderPool::create(static_cast<std::size_t>(state.range(0)),
                                  [] { return make_pocketsphinx_recognizer({}); });
  if (!pool) {
    state.SkipWithError(pool.error().message.c_str());
    return;
  }
  double audio_s = 0;
  for (int i = 0; i < 8; ++i) audio_s += seconds_of(all[i % all.size()]);
  std::size_t peak_queue = 0;
  const double cpu_start = process_cpu_seconds();
  for (auto _ : state) {
    std::vector<std::future<Result<Utterance>>> jobs;
    jobs.reserve(8);
    for (int i = 0; i < 8; ++i) {
      jobs.push_back((*pool)->submit(Speaker::Caller, 0, all[i % all.size()]));
    }
    peak_queue = std::max(peak_queue, (*pool)->queued());
    for (auto& job : jobs) {
      if (!job.get()) state.SkipWithError("a job failed");
    }
  }
  state.counters["x_realtime"] =
      benchmark::Counter(audio_s, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["utterances_per_s"] =
      benchmark::Counter(8, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_queued"] = static_cast<double>(peak_queue);
  state.counters["cpu_rtf"] =
      (process_cpu_seconds() - cpu_start) / (audio_s * static_cast<double>(state.iterations()));
}
BENCHMARK(BM_DecoderPoolThroughput)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2)
    ->UseRealTime();

}  // namespace
}  // namespace composure

BENCHMARK_MAIN();
