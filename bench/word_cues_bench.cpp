// Word cues per utterance: microseconds to tokenise, match the default lexicons, check negation and
// intensity, compare with the caller's earlier complaints and look for their name, on a rotating
// set of ~15-word utterances from both speakers (some with cues, most without). Also the one-off
// cost of loading the embedded lexicons.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "understand/word_cues.h"

namespace composure {
namespace {

struct NullSink final : EventSink {
  long n = 0;
  void on_event(const Event&) override { ++n; }
};

constexpr std::array<std::pair<Speaker, std::string_view>, 12> kLines = {{
    {Speaker::Agent,
     "Thank you for calling Northwind Home, this is Sam, how can I help you today?"},
    {Speaker::Caller, "Hi Sam, my name is Dana, I ordered a desk two weeks ago and it never came"},
    {Speaker::Agent, "I'm sorry to hear that, could I take the order number so I can have a look"},
    {Speaker::Caller,
     "It is N W five five eight one two nine and the tracking has not moved since"},
    {Speaker::Agent, "Thanks Dana, one moment while I bring that up on the system for you"},
    {Speaker::Caller,
     "This is the third time I have called and I am honestly absolutely furious now"},
    {Speaker::Agent, "I understand, but our policy is that the courier has five working days"},
    {Speaker::Caller, "I ordered a desk two weeks ago and it still has not arrived at my house"},
    {Speaker::Agent,
     "I'm sorry the courier missed your delivery on Tuesday, I'll chase them today"},
    {Speaker::Caller,
     "If this is not sorted by Friday I want to cancel my account and leave a review"},
    {Speaker::Agent, "Let me take care of this for you, I will call you back before five tonight"},
    {Speaker::Caller, "Okay, thank you, that would really help because I work from home most days"},
}};

std::vector<Utterance> utterances() {
  std::vector<Utterance> out;
  std::int64_t t = 0;
  for (const auto& [speaker, text] : kLines) {
    Utterance u;
    u.speaker = speaker;
    u.typed = true;
    u.t_ms = t;
    std::string_view rest = text;
    while (!rest.empty()) {
      const auto space = rest.find(' ');
      u.words.push_back({t, t + 250, std::string(rest.substr(0, space)), 1.0F});
      t += 300;
      if (space == std::string_view::npos) break;
      rest.remove_prefix(space + 1);
    }
    u.end_ms = t;
    t += 1000;
    out.push_back(std::move(u));
  }
  return out;
}

std::shared_ptr<const Lexicon> lexicon() {
  static const auto loaded = Lexicon::load_default();
  if (!loaded) {
    std::fprintf(stderr, "bench: %s\n", loaded.error().message.c_str());
    std::exit(1);
  }
  return *loaded;
}

void BM_WordCuesPerUtterance(benchmark::State& state) {
  const auto lines = utterances();
  WordCueDetector detector(lexicon());
  NullSink sink;
  std::size_t i = 0;
  std::size_t words = 0;
  for (auto _ : state) {
    const Utterance& u = lines[i % lines.size()];
    detector.push(u, sink);
    words += u.words.size();
    ++i;
  }
  state.counters["words_per_utterance"] =
      static_cast<double>(words) / static_cast<double>(std::max<std::size_t>(i, 1));
  state.counters["events_per_utterance"] =
      static_cast<double>(sink.n) / static_cast<double>(std::max<std::size_t>(i, 1));
}
BENCHMARK(BM_WordCuesPerUtterance)->Unit(benchmark::kMicrosecond);

void BM_LoadDefaultLexicons(benchmark::State& state) {
  for (auto _ : state) {
    auto loaded = Lexicon::load_default();
    benchmark::DoNotOptimize(loaded);
  }
}
BENCHMARK(BM_LoadDefaultLexicons)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace composure

BENCHMARK_MAIN();
