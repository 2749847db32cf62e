#include "corpus/call_eval.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>

#include "engine/offline.h"
#include "store/sqlite_knowledge.h"
#include "understand/assessor.h"
#include "understand/lexicon.h"
#include "understand/text_scorer.h"

namespace composure {
namespace {

constexpr std::int64_t kWarnBeforeEscMs = 30000;  // a warning this early still counts

int band_rank(std::string_view band) {
  if (band == "tense") return 1;
  if (band == "frustrated") return 2;
  if (band == "angry") return 3;
  return 0;
}

bool band_matches(Arousal truth, int band) {
  switch (truth) {
    case Arousal::Calm:
      return band == 0;
    case Arousal::Raised:
      return band == 1 || band == 2;
    case Arousal::High:
      return band >= 2;
  }
  return false;
}

std::optional<EventKind> misstep_kind(std::string_view misstep) {
  if (misstep == "talk_over") return EventKind::TalkOver;
  if (misstep == "trigger") return EventKind::TriggerPhrase;
  if (misstep == "no_validation") return EventKind::SkippedValidation;
  if (misstep == "raised_voice") return EventKind::RaisedVoice;
  if (misstep == "over_promise") return EventKind::OverPromise;
  return std::nullopt;
}

double f1(int tp, int fp, int fn) {
  if (tp == 0) return 0;
  const double p = static_cast<double>(tp) / (tp + fp);
  const double r = static_cast<double>(tp) / (tp + fn);
  return 2 * p * r / (p + r);
}

std::string seconds(std::int64_t ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(ms / 60000),
                static_cast<long long>(ms / 1000 % 60));
  return buf;
}

}  // namespace

Result<Dialogue> with_rendered_times(Dialogue call, const std::filesystem::path& truth_json) {
  std::ifstream in(truth_json);
  if (!in) return fail(truth_json.string() + ": cannot open");
  nlohmann::json truth;
  try {
    in >> truth;
  } catch (const nlohmann::json::exception& e) {
    return fail(truth_json.string() + ": " + e.what());
  }
  std::map<int, std::pair<std::int64_t, std::int64_t>> times;
  for (const auto& line : truth.value("lines", nlohmann::json::array())) {
    times[line.value("source_line", 0)] = {line.value("start_ms", std::int64_t{0}),
                                           line.value("end_ms", std::int64_t{0})};
  }
  for (DialogueLine& l : call.lines) {
    const auto it = times.find(l.source_line);
    if (it == times.end()) {
      return fail(truth_json.string() + ": no rendered line for " + call.name +
                  ".dialogue:" + std::to_string(l.source_line) + " (render it again)");
    }
    l.t_ms = it->second.first;
    l.end_ms = it->second.second;
  }
  call.duration_ms = truth.value("duration_ms", call.duration_ms);
  return call;
}

namespace {

struct LoadedCall {
  Dialogue dialogue;
  std::optional<CallAudio> audio;
};

// The dialogue, and with `audio_dir` its rendering: the audio and the lines at rendered times.
Result<LoadedCall> load_call(const std::filesystem::path& path,
                             const std::filesystem::path& audio_dir) {
  auto dialogue = load_dialogue(path);
  if (!dialogue) return tl::unexpected(dialogue.error());
  LoadedCall call;
  if (audio_dir.empty()) {
    call.dialogue = std::move(*dialogue);
    return call;
  }
  const std::string name = dialogue->name;
  auto audio = load_call_audio(audio_dir / (name + ".wav"));
  if (!audio) return tl::unexpected(audio.error());
  auto timed = with_rendered_times(std::move(*dialogue), audio_dir / (name + ".truth.json"));
  if (!timed) return tl::unexpected(timed.error());
  call.dialogue = std::move(*timed);
  call.audio = std::move(*audio);
  return call;
}

}  // namespace

Result<CallVerdict> judge_call(const Dialogue& call, const PipelineConfig& config,
                               std::vector<Event>* events, const CallAudio* audio) {
  VectorSink sink;
  CallSummary summary;
  const std::vector<Utterance> words = call.utterances();
  if (audio != nullptr) {
    CallInputs inputs;
    inputs.audio = audio;
    inputs.transcript = &words;
    auto s = analyze_call(inputs, config, sink);
    if (!s) return tl::unexpected(s.error());
    summary = *s;
  } else {
    auto pipeline = Pipeline::create(config, sink);
    if (!pipeline) return tl::unexpected(pipeline.error());
    for (const Utterance& u : words) pipeline->push_utterance(u);
    pipeline->finish();
    summary = pipeline->summary();
  }

  CallVerdict v;
  v.name = call.name;
  v.truth_types = call.types.empty() ? std::vector<std::string>{"none"} : call.types;
  v.predicted_type = std::string(to_string(summary.assessment.caller_type));
  v.type_confidence = summary.assessment.caller_type_confidence;
  v.type_scores = summary.assessment.type_scores;
  v.peak_band = std::string(to_string(summary.assessment.peak_band));
  if (const DialogueLine* esc = call.escalation_start()) {
    v.escalates = true;
    v.esc_ms = esc->t_ms;
    v.peak_ms = call.peak() != nullptr ? call.peak()->t_ms : esc->t_ms;
  }
  for (const Event& e : sink.events) {
    if (e.kind != EventKind::EscalationWarning) continue;
    v.warnings_ms.push_back(e.t_ms);
    const bool right = v.escalates && e.t_ms <= v.peak_ms && e.t_ms >= v.esc_ms - kWarnBeforeEscMs;
    if (!right) continue;
    ++v.correct_warnings;
    if (v.lead_ms < 0) v.lead_ms = v.peak_ms - e.t_ms;
  }
  // The band after each caller line: the last band change at or before the line's end.
  for (const DialogueLine& line : call.lines) {
    if (line.speaker == Speaker::Caller && !line.backchannel) {
      int band = 0;
      for (const Event& e : sink.events) {
        if (e.kind == EventKind::Frustration && e.t_ms <= line.end_ms) band = band_rank(e.label);
      }
      ++v.caller_lines;
      if (band_matches(line.arousal, band)) ++v.band_hits;
    }
    if (line.speaker == Speaker::Agent && !line.misstep.empty()) {
      ++v.missteps;
      const auto kind = misstep_kind(line.misstep);
      const bool found =
          kind && std::any_of(sink.events.begin(), sink.events.end(), [&](const Event& e) {
            return e.kind == *kind && e.speaker == Speaker::Agent && e.t_ms >= line.t_ms - 2000 &&
                   e.t_ms <= line.end_ms + 3000;
          });
      if (found) ++v.missteps_found;
    }
  }
  if (events != nullptr) *events = std::move(sink.events);
  return v;
}

Result<CorpusScore> evaluate_corpus(const std::filesystem::path& dir, const PipelineConfig& config,
                                    const std::filesystem::path& audio_dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return fail(dir.string() + ": not a folder of .dialogue files");
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".dialogue") files.push_back(entry.path());
  }
  if (ec) return fail(dir.string() + ": " + ec.message());
  if (files.empty()) return fail(dir.string() + ": no .dialogue files");
  std::sort(files.begin(), files.end());

  CorpusScore s;
  for (int t = 0; t < kCallerTypeCount; ++t) {
    s.labels.emplace_back(to_string(static_cast<CallerType>(t)));
  }
  const auto n = s.labels.size();
  s.confusion.assign(n, std::vector<int>(n, 0));
  const auto index = [&](const std::string& label) -> std::optional<std::size_t> {
    const auto it = std::find(s.labels.begin(), s.labels.end(), label);
    if (it == s.labels.end()) return std::nullopt;
    return static_cast<std::size_t>(it - s.labels.begin());
  };
  int correct_types = 0;
  int band_hits = 0;
  int caller_lines = 0;
  double lead_sum_ms = 0;
  for (const auto& path : files) {
    // With voice, every call: a call left out would move the figures without anyone noticing.
    if (!audio_dir.empty() &&
        !std::filesystem::exists(audio_dir / (path.stem().string() + ".wav"))) {
      return fail(path.string() + ": not rendered in " + audio_dir.string() +
                  " (render it with scripts/render-samples --out " + audio_dir.string() + ")");
    }
    auto call = load_call(path, audio_dir);
    if (!call) return tl::unexpected(call.error());
    auto v = judge_call(call->dialogue, config, nullptr, call->audio ? &*call->audio : nullptr);
    if (!v) return fail(path.string() + ": " + v.error().message);
    // A prediction that names any annotated type is right; otherwise the primary type is missed.
    const bool right = std::find(v->truth_types.begin(), v->truth_types.end(), v->predicted_type) !=
                       v->truth_types.end();
    const std::string truth = right ? v->predicted_type : v->truth_types.front();
    const auto ti = index(truth);
    const auto pi = index(v->predicted_type);
    if (!ti) return fail(path.string() + ": unknown caller type '" + truth + "'");
    ++s.confusion[*ti][*pi];
    if (right) ++correct_types;
    s.warnings += static_cast<int>(v->warnings_ms.size());
    s.correct_warnings += v->correct_warnings;
    if (v->escalates) {
      ++s.escalating_calls;
      if (v->lead_ms >= 0) {
        ++s.warned_in_time;
        lead_sum_ms += static_cast<double>(v->lead_ms);
        if (v->lead_ms >= 10000) ++s.warned_10s_ahead;
      }
    }
    if (v->truth_types.front() == "none") {
      ++s.calm_calls;
      if (v->peak_band != "calm") ++s.calm_calls_above_calm;
    }
    band_hits += v->band_hits;
    caller_lines += v->caller_lines;
    s.missteps += v->missteps;
    s.missteps_found += v->missteps_found;
    s.calls.push_back(std::move(*v));
  }
  if (s.calls.empty()) return fail(audio_dir.string() + ": no rendered calls of " + dir.string());
  s.type_f1.assign(n, 0);
  double macro = 0;
  int present = 0;  // types annotated or predicted at least once
  for (std::size_t i = 0; i < n; ++i) {
    int tp = s.confusion[i][i];
    int fp = 0;
    int fn = 0;
    for (std::size_t j = 0; j < n; ++j) {
      if (j == i) continue;
      fp += s.confusion[j][i];
      fn += s.confusion[i][j];
    }
    s.type_f1[i] = f1(tp, fp, fn);
    if (i > 0 && tp + fp + fn > 0) {
      macro += s.type_f1[i];
      ++present;
    }
  }
  s.type_macro_f1 = present > 0 ? macro / present : 0.0;
  s.type_accuracy = static_cast<double>(correct_types) / static_cast<double>(s.calls.size());
  s.warning_precision = s.warnings > 0 ? static_cast<double>(s.correct_warnings) / s.warnings : 0.0;
  s.warning_recall =
      s.escalating_calls > 0 ? static_cast<double>(s.warned_in_time) / s.escalating_calls : 0.0;
  s.warning_lead_s = s.warned_in_time > 0 ? lead_sum_ms / s.warned_in_time / 1000.0 : 0.0;
  s.band_accuracy =
      caller_lines > 0 ? static_cast<double>(band_hits) / static_cast<double>(caller_lines) : 0;
  return s;
}

void print_corpus_score(const CorpusScore& s, bool per_call, std::ostream& out) {
  char line[256];
  if (per_call) {
    out << "call                                              truth                    predicted   "
           "  esc-peak     warnings   lead  bands\n";
    for (const CallVerdict& v : s.calls) {
      std::string truth;
      for (const auto& t : v.truth_types) {
        if (!truth.empty()) truth += ',';
        truth += t;
      }
      std::string warns;
      for (const auto w : v.warnings_ms) {
        if (!warns.empty()) warns += ',';
        warns += seconds(w);
      }
      const std::string window =
          v.escalates ? seconds(v.esc_ms) + "-" + seconds(v.peak_ms) : std::string("-");
      std::snprintf(line, sizeof line, "%-49s %-24s %-13s %-12s %-10s %5s  %d/%d\n", v.name.c_str(),
                    truth.c_str(), v.predicted_type.c_str(), window.c_str(),
                    warns.empty() ? "-" : warns.c_str(),
                    v.lead_ms >= 0 ? (std::to_string(v.lead_ms / 1000) + "s").c_str()
                                   : (v.escalates ? "miss" : "-"),
                    v.band_hits, v.caller_lines);
      out << line;
    }
    out << "\n";
  }
  std::snprintf(line, sizeof line, "%zu calls: caller type macro-F1 %.3f (accuracy %.3f)\n",
                s.calls.size(), s.type_macro_f1, s.type_accuracy);
  out << line << "\nconfusion (rows: annotated, columns: predicted)\n";
  out << "              ";
  for (const auto& l : s.labels) {
    std::snprintf(line, sizeof line, "%5.5s", l.c_str());
    out << line;
  }
  out << "     F1\n";
  for (std::size_t i = 0; i < s.labels.size(); ++i) {
    std::snprintf(line, sizeof line, "%-14s", s.labels[i].c_str());
    out << line;
    for (const int c : s.confusion[i]) {
      std::snprintf(line, sizeof line, "%5d", c);
      out << line;
    }
    std::snprintf(line, sizeof line, "  %.2f\n", s.type_f1[i]);
    out << line;
  }
  std::snprintf(line, sizeof line,
                "\nescalation warnings: %d, %d right: precision %.3f\n"
                "escalating calls: %d, warned before the peak: %d (recall %.3f), of which %d at "
                "least 10 s ahead; mean lead %.1f s\n",
                s.warnings, s.correct_warnings, s.warning_precision, s.escalating_calls,
                s.warned_in_time, s.warning_recall, s.warned_10s_ahead, s.warning_lead_s);
  out << line;
  std::snprintf(line, sizeof line,
                "frustration band accuracy (after each caller line): %.3f\n"
                "calm calls: %d, rising above calm: %d\n"
                "agent missteps annotated: %d, found: %d\n",
                s.band_accuracy, s.calm_calls, s.calm_calls_above_calm, s.missteps,
                s.missteps_found);
  out << line;
  const nlohmann::json summary = {
      {"calls", s.calls.size()},
      {"type_macro_f1", s.type_macro_f1},
      {"type_accuracy", s.type_accuracy},
      {"warning_precision", s.warning_precision},
      {"warning_recall", s.warning_recall},
      {"warning_lead_s", s.warning_lead_s},
      {"band_accuracy", s.band_accuracy},
      {"calm_calls_above_calm", s.calm_calls_above_calm},
      {"misstep_recall", s.missteps > 0 ? static_cast<double>(s.missteps_found) / s.missteps : 0.0},
  };
  out << "\n" << summary.dump() << "\n";
}

int eval_calls_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::filesystem::path dir = "tests/corpus/test";
  bool per_call = false;
  std::string show;  // one call's events, for finding out why
  std::filesystem::path audio_dir;
  std::optional<double> min_f1;
  std::optional<double> min_precision;
  std::optional<double> min_lead;
  std::optional<double> min_recall;
  std::vector<std::pair<std::string, double>> settings;  // --set NAME=VALUE, for tuning
  std::optional<int> max_calm_above;
  bool have_dir = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const auto value = [&]() -> std::optional<double> {
      if (i + 1 >= args.size()) return std::nullopt;
      try {
        return std::stod(args[++i]);
      } catch (const std::exception&) {
        return std::nullopt;
      }
    };
    std::optional<double>* floor = nullptr;
    if (a == "--calls") {
      per_call = true;
      continue;
    }
    if (a == "--audio" && i + 1 < args.size()) {
      audio_dir = args[++i];
      continue;
    }
    if (a == "--set") {
      const std::string spec = i + 1 < args.size() ? args[++i] : std::string();
      const auto eq = spec.find('=');
      double number = 0;
      bool ok = eq != std::string::npos;
      if (ok) {
        try {
          std::size_t used = 0;
          number = std::stod(spec.substr(eq + 1), &used);
          ok = used == spec.size() - eq - 1 && std::isfinite(number) && std::fabs(number) < 1e9;
        } catch (const std::exception&) {
          ok = false;
        }
      }
      AssessorSettings probe;
      if (!ok || !set_assessor_setting(probe, spec.substr(0, eq), number)) {
        err << "composure eval: --set takes NAME=NUMBER with NAME one of:";
        for (const auto name : assessor_setting_names()) err << " " << name;
        err << "\n";
        return 2;
      }
      settings.emplace_back(spec.substr(0, eq), number);
      continue;
    }
    if (a == "--show" && i + 1 < args.size()) {
      show = args[++i];
      continue;
    }
    if (a == "--min-type-f1") floor = &min_f1;
    if (a == "--min-warning-precision") floor = &min_precision;
    if (a == "--min-warning-lead") floor = &min_lead;
    if (a == "--min-warning-recall") floor = &min_recall;
    if (a == "--max-calm-above-calm") {
      const auto v = value();
      if (!v) {
        err << "composure eval: " << a << " needs a number\n";
        return 2;
      }
      max_calm_above = static_cast<int>(*v);
      continue;
    }
    if (floor != nullptr) {
      *floor = value();
      if (!*floor) {
        err << "composure eval: " << a << " needs a number\n";
        return 2;
      }
      continue;
    }
    if (!a.empty() && a[0] == '-') {
      err << "composure eval: unknown option '" << a << "'\n";
      return 2;
    }
    if (have_dir) {
      err << "composure eval: one CORPUS_DIR only\n";
      return 2;
    }
    dir = a;
    have_dir = true;
  }
  PipelineConfig config;
  for (const auto& [name, value] : settings) set_assessor_setting(config.assessor, name, value);
  auto lexicon = Lexicon::load_default();
  if (!lexicon) {
    err << "composure eval: " << lexicon.error().message << "\n";
    return 1;
  }
  config.lexicon = *lexicon;
  auto scorer = TextScorer::load_default();
  if (!scorer) {
    err << "composure eval: " << scorer.error().message << "\n";
    return 1;
  }
  config.text_scorer = *scorer;
  auto playbook = Playbook::load_default();
  if (!playbook) {
    err << "composure eval: " << playbook.error().message << "\n";
    return 1;
  }
  config.playbook = *playbook;
  auto knowledge = SqliteKnowledgeBase::open_sample();
  if (!knowledge) {
    err << "composure eval: " << knowledge.error().message << "\n";
    return 1;
  }
  config.knowledge = knowledge->get();
  if (!show.empty()) {
    auto loaded = load_call(dir / (show + ".dialogue"), audio_dir);
    if (!loaded) {
      err << "composure eval: " << loaded.error().message << "\n";
      return 1;
    }
    const Dialogue* call = &loaded->dialogue;
    std::vector<Event> events;
    auto v = judge_call(*call, config, &events, loaded->audio ? &*loaded->audio : nullptr);
    if (!v) {
      err << "composure eval: " << v.error().message << "\n";
      return 1;
    }
    // Each event under the line during which (or right after which) it happened.
    for (std::size_t i = 0; i < call->lines.size(); ++i) {
      const DialogueLine& l = call->lines[i];
      const std::int64_t from = i == 0 ? std::numeric_limits<std::int64_t>::min() : l.t_ms;
      const std::int64_t to = i + 1 < call->lines.size() ? call->lines[i + 1].t_ms
                                                         : std::numeric_limits<std::int64_t>::max();
      out << seconds(l.t_ms) << (l.esc ? " ESC" : "") << (l.peak ? " PEAK" : "") << " "
          << (l.speaker == Speaker::Agent ? "agent" : "caller") << ": " << l.text << "\n";
      for (const Event& e : events) {
        if (e.kind == EventKind::Utterance || e.kind == EventKind::Turn) continue;
        if (e.t_ms < from || e.t_ms >= to) continue;
        char head[64];
        std::snprintf(head, sizeof head, "      %-20s %.2f ",
                      std::string(to_string(e.kind)).c_str(), static_cast<double>(e.strength));
        out << head << e.label << " " << e.evidence.text << "\n";
      }
    }
    out << "\ncaller type scores at the end (1 = at the bar):\n";
    for (const TypeScore& t : v->type_scores) {
      if (t.weight <= 0) continue;
      char head[64];
      std::snprintf(head, sizeof head, "  %-13s %.2f  ", std::string(to_string(t.type)).c_str(),
                    static_cast<double>(t.weight));
      out << head << t.evidence << "\n";
    }
    return 0;
  }
  auto score = evaluate_corpus(dir, config, audio_dir);
  if (!score) {
    err << "composure eval: " << score.error().message << "\n";
    return 1;
  }
  print_corpus_score(*score, per_call, out);
  int status = 0;
  const auto below = [&](const char* what, double value, const std::optional<double>& floor) {
    if (floor && value < *floor) {
      err << "composure eval: " << what << " " << value << " is below the floor " << *floor << "\n";
      status = 1;
    }
  };
  below("type_macro_f1", score->type_macro_f1, min_f1);
  below("warning_precision", score->warning_precision, min_precision);
  below("warning_lead_s", score->warning_lead_s, min_lead);
  below("warning_recall", score->warning_recall, min_recall);
  if (max_calm_above && score->calm_calls_above_calm > *max_calm_above) {
    err << "composure eval: " << score->calm_calls_above_calm
        << " calm calls rose above calm (at most " << *max_calm_above << " allowed)\n";
    status = 1;
  }
  return status;
}

}  // namespace composure
