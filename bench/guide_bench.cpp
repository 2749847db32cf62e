// Suggestion latency: from the end of an utterance to its suggestions, nudges, cards and
// escalations, through the whole Pipeline (word cues, text scorer, assessor, guidance, with the
// built-in playbook and the sample knowledge store).
//   words:      the utterance's words are known when it ends (a transcript, or an operator's own
//               streaming recogniser);
//   streaming:  the recogniser was fed the audio while the caller spoke (what analyze_call does
//               through DecoderPool streams), so what is left when the spurt is reported ended
//               is its last 450 ms of audio, the final pass (Recognizer::finish), the pipeline;
//   no_second_pass: the same with pocketsphinx's second (flat-lexicon) pass off;
//   after_end:  the whole utterance decoded after it ends (DecoderPool::submit).
// Counters p50_ms / p99_ms are over every utterance of every iteration.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "engine/pipeline.h"
#include "guide/playbook.h"
#include "speech/pocketsphinx_recognizer.h"
#include "store/sqlite_knowledge.h"
#include "telephone_recordings.h"
#include "understand/lexicon.h"
#include "understand/text_scorer.h"

namespace composure {
namespace {

using Clock = std::chrono::steady_clock;

// A late-delivery call, caller and agent in turn.
constexpr const char* kScript[] = {
    "Thank you for calling Northwind Home, this is Sam. How can I help?",
    "Hi. I ordered a desk two weeks ago and it was meant to arrive last Tuesday. It still has not "
    "come.",
    "I am sorry about that. Can I take the order number so I can have a look?",
    "It is four one eight two zero three. This is the third time I am calling about it.",
    "Thank you. I can see it is held at the depot.",
    "Held at the depot? Nobody told me that. I took a day off work to wait in for it!",
    "I understand. It's our policy to wait for the carrier to update us.",
    "That is ridiculous. I want a full refund today or I am going to my solicitor.",
    "I can see why you are fed up. Let me sort this out for you now.",
    "Fine. How long is this going to take? I do not have all day.",
    "I can offer you a replacement by express delivery, or a refund of the delivery charge.",
    "The replacement. And I want that in writing.",
    "Of course. I will email you the confirmation within the hour. Is there anything else?",
    "No. Thank you.",
};

std::vector<Utterance> script() {
  std::vector<Utterance> out;
  std::int64_t t = 0;
  bool caller = false;
  for (const char* line : kScript) {
    Utterance u;
    u.speaker = caller ? Speaker::Caller : Speaker::Agent;
    std::istringstream words(line);
    std::string w;
    while (words >> w) {
      u.words.push_back({t, t + 350, w, 1});
      t += 350;
    }
    u.t_ms = u.words.front().t_ms;
    u.end_ms = u.words.back().end_ms;
    out.push_back(std::move(u));
    t += 600;
    caller = !caller;
  }
  return out;
}

struct Fixture {
  std::unique_ptr<SqliteKnowledgeBase> knowledge;
  PipelineConfig config;
};

Fixture& fixture() {
  static Fixture f = [] {
    Fixture x;
    auto kb = SqliteKnowledgeBase::open_sample();
    auto lexicon = Lexicon::load_default();
    auto scorer = TextScorer::load_default();
    auto playbook = Playbook::load_default();
    if (!kb || !lexicon || !scorer || !playbook) {
      std::fprintf(stderr, "guide_bench: cannot load the built-in data\n");
      std::exit(1);
    }
    x.knowledge = std::move(*kb);
    x.config.lexicon = *lexicon;
    x.config.text_scorer = *scorer;
    x.config.playbook = *playbook;
    x.config.knowledge = x.knowledge.get();
    return x;
  }();
  return f;
}

struct Sink final : EventSink {
  void on_event(const Event& e) override {
    if (e.kind == EventKind::Suggestion) ++suggestions;
  }
  int suggestions = 0;
};

void report(benchmark::State& state, std::vector<double>& ms) {
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) {
    return ms[std::min(ms.size() - 1,
                       static_cast<std::size_t>(q * static_cast<double>(ms.size())))];
  };
  state.counters["p50_ms"] = at(0.50);
  state.counters["p99_ms"] = at(0.99);
  state.counters["max_ms"] = ms.back();
  state.counters["utterances"] = static_cast<double>(ms.size());
}

double since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void BM_SuggestionLatencyWords(benchmark::State& state) {
  const auto utterances = script();
  std::vector<double> ms;
  Sink sink;
  for (auto _ : state) {
    auto pipeline = Pipeline::create(fixture().config, sink);
    for (const Utterance& u : utterances) {
      const auto start = Clock::now();
      pipeline->push_utterance(u);
      ms.push_back(since(start));
    }
    pipeline->finish();
  }
  report(state, ms);
  state.counters["suggestions_per_call"] =
      static_cast<double>(sink.suggestions) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_SuggestionLatencyWords)->Unit(benchmark::kMillisecond);

enum class Decode { AfterEnd, Streaming, StreamingNoSecondPass };

// The end of a spurt is reported ~200 ms after the speech stops, and streams are fed 250 ms behind
// the frames (src/engine/offline.cpp): this much audio is still to decode when the spurt ends.
constexpr std::size_t kLeftAtEnd = 8000 * 450 / 1000;

void recognised(benchmark::State& state, Decode mode) {
  PocketsphinxConfig config;
  if (mode == Decode::StreamingNoSecondPass) config.extra_args.push_back({"-fwdflat", "no"});
  auto recognizer = make_pocketsphinx_recognizer(config);
  if (!recognizer) {
    state.SkipWithError(recognizer.error().message.c_str());
    return;
  }
  Recognizer& r = **recognizer;
  std::vector<double> ms;
  Sink sink;
  for (auto _ : state) {
    auto pipeline = Pipeline::create(fixture().config, sink);
    std::int64_t t = 0;
    for (const auto& pcm : telephone_recordings()) {
      const std::span<const std::int16_t> all(pcm);
      const std::size_t ahead = mode == Decode::AfterEnd ? 0 : all.size() - kLeftAtEnd;
      const auto feed = [&](std::span<const std::int16_t> part) {
        for (std::size_t at = 0; at < part.size(); at += 160) {
          r.feed(part.subspan(at, std::min<std::size_t>(160, part.size() - at)));
        }
      };
      r.start(Speaker::Caller, t);
      feed(all.first(ahead));  // while the caller was speaking
      const auto start = Clock::now();
      feed(all.subspan(ahead));
      pipeline->push_utterance(r.finish());
      ms.push_back(since(start));
      t += static_cast<std::int64_t>(pcm.size()) / 8 + 1000;
    }
    pipeline->finish();
  }
  report(state, ms);
}

void BM_SuggestionLatencyStreamingRecognition(benchmark::State& state) {
  recognised(state, Decode::Streaming);
}
BENCHMARK(BM_SuggestionLatencyStreamingRecognition)->Unit(benchmark::kMillisecond)->Iterations(4);

void BM_SuggestionLatencyStreamingNoSecondPass(benchmark::State& state) {
  recognised(state, Decode::StreamingNoSecondPass);
}
BENCHMARK(BM_SuggestionLatencyStreamingNoSecondPass)->Unit(benchmark::kMillisecond)->Iterations(4);

void BM_SuggestionLatencyDecodeAfterEnd(benchmark::State& state) {
  recognised(state, Decode::AfterEnd);
}
BENCHMARK(BM_SuggestionLatencyDecodeAfterEnd)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace
}  // namespace composure

BENCHMARK_MAIN();
