// `composure eval [CORPUS_DIR]`: how well the understanding layer judges annotated calls
// (tests/corpus/README.md). Each call's lines go through the same Pipeline as `analyze`, as a
// transcript with estimated times; its judgements are compared with the annotations:
//   - caller type: macro-F1 over the twelve types, and the confusion matrix;
//   - escalation warnings: precision (a warning is right when the call escalates and it comes
//     before the peak, at most 30 s before the escalation starts), recall, and mean lead time;
//   - frustration band after each caller line against its arousal tag (calm -> calm,
//     raised -> tense or frustrated, high -> frustrated or angry); calm calls must stay calm;
//   - agent missteps found near the annotated line.
#pragma once

#include <array>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "audio/call_audio.h"
#include "core/result.h"
#include "corpus/dialogue.h"
#include "engine/pipeline.h"
#include "understand/assessor.h"

namespace composure {

struct CallVerdict {
  std::string name;
  std::vector<std::string> truth_types;
  std::string predicted_type;
  float type_confidence = 0;
  std::vector<TypeScore> type_scores;  // every type at the end of the call, best first
  bool escalates = false;
  std::int64_t esc_ms = -1;
  std::int64_t peak_ms = -1;
  std::vector<std::int64_t> warnings_ms;
  int correct_warnings = 0;
  std::int64_t lead_ms = -1;  // peak minus the first correct warning
  int caller_lines = 0;
  int band_hits = 0;
  std::string peak_band;
  int missteps = 0;
  int missteps_found = 0;
};

struct CorpusScore {
  std::vector<CallVerdict> calls;
  std::vector<std::string> labels;          // "none" then the twelve types
  std::vector<std::vector<int>> confusion;  // [truth][predicted]
  std::vector<double> type_f1;              // per label
  double type_macro_f1 = 0;                 // over the types annotated or predicted at least once
  double type_accuracy = 0;
  int warnings = 0;
  int correct_warnings = 0;
  double warning_precision = 0;
  int escalating_calls = 0;
  int warned_in_time = 0;    // escalating calls with a correct warning
  int warned_10s_ahead = 0;  // ... at least 10 s before the peak
  double warning_recall = 0;
  double warning_lead_s = 0;  // mean over escalating calls warned in time
  double band_accuracy = 0;
  int calm_calls = 0;
  int calm_calls_above_calm = 0;
  int missteps = 0;
  int missteps_found = 0;
};

// Judges one call. `config` carries the lexicon and scorer (shared, loaded once). With `audio`
// (the call rendered by scripts/render-samples) the voice goes through the acoustic front end
// too, and the words arrive at their rendered times. `events`, when given, receives every event.
[[nodiscard]] Result<CallVerdict> judge_call(const Dialogue& call, const PipelineConfig& config,
                                             std::vector<Event>* events = nullptr,
                                             const CallAudio* audio = nullptr);

// The call's lines moved to the times they were rendered at (NAME.truth.json).
[[nodiscard]] Result<Dialogue> with_rendered_times(Dialogue call,
                                                   const std::filesystem::path& truth_json);

// Judges every *.dialogue under `dir` (sorted by name). With `audio_dir`, each is judged with its
// voice, from its rendering there (NAME.wav and NAME.truth.json); a call not rendered is an error.
[[nodiscard]] Result<CorpusScore> evaluate_corpus(const std::filesystem::path& dir,
                                                  const PipelineConfig& config,
                                                  const std::filesystem::path& audio_dir = {});

// The human-readable report, ending with the one-line JSON summary.
void print_corpus_score(const CorpusScore& score, bool per_call, std::ostream& out);

// `args` are the words after `eval`. Returns 0, 1 when a floor is not met or a file is bad, 2 for
// a usage error.
int eval_calls_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace composure
