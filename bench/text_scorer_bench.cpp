// TextScorer per utterance: microseconds to featurize one utterance and sum its weights, on a
// rotating set of typical call-centre turns (5 to 25 words, calm and frustrated); also the
// evidence path (top_features) and the one-off cost of parsing the embedded weights.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "data/embedded.h"
#include "understand/text_scorer.h"

namespace composure {
namespace {

constexpr std::array<std::string_view, 12> kUtterances = {
    "Thank you for calling Northwind Home, this is Sam, how can I help you today?",
    "Hi, I ordered a desk two weeks ago and it never came",
    "I'm sorry to hear that, could I take the order number so I can have a look",
    "This is absolutely ridiculous, I've been waiting for weeks and nobody calls me back!",
    "Sure, one moment while I bring that up on the system for you",
    "I don't want a voucher, I want my money back",
    "Could you tell me the opening hours of the store on Saturday?",
    "This is the third time I'm calling about this and I'm sick of it",
    "Okay, that's great, thanks",
    "WHY does nobody at your company ever read my emails",
    "I can see the parcel was returned to the depot on Monday, I'll arrange a new delivery",
    "Fine. Whatever. Just get it done this time."};

const TextScorer& scorer() {
  static const auto loaded = TextScorer::load_default();
  if (!loaded) {
    std::fprintf(stderr, "%s\n", loaded.error().message.c_str());
    std::abort();
  }
  return **loaded;
}

void score_per_utterance(benchmark::State& state) {
  const TextScorer& s = scorer();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(s.score(kUtterances[i]));
    i = (i + 1) % kUtterances.size();
  }
  state.SetItemsProcessed(state.iterations());  // "Time" is per utterance
}
BENCHMARK(score_per_utterance)->Unit(benchmark::kMicrosecond);

void top_features_per_utterance(benchmark::State& state) {
  const TextScorer& s = scorer();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(s.top_features(kUtterances[i], 3));
    i = (i + 1) % kUtterances.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(top_features_per_utterance)->Unit(benchmark::kMicrosecond);

void parse_embedded_weights(benchmark::State& state) {
  const auto text = embedded_file("text_scorer/weights.tsv");
  if (!text) {
    state.SkipWithError("no embedded weights");
    return;
  }
  for (auto _ : state) {
    auto parsed = TextScorer::parse(*text, "text_scorer/weights.tsv");
    benchmark::DoNotOptimize(parsed);
  }
}
BENCHMARK(parse_embedded_weights)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace composure

BENCHMARK_MAIN();
