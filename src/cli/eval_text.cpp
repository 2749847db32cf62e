#include "cli/eval_text.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <sstream>
#include <system_error>

#include "speech/transcript.h"
#include "understand/lexicon.h"
#include "understand/text_scorer.h"
#include "understand/word_cues.h"

namespace composure {
namespace {

constexpr std::string_view kUsage = R"(usage: composure eval-text FILE [--threshold T]
  FILE        lines LABEL<TAB>TEXT, LABEL 1 (frustrated) or 0 (not)
  --threshold call a line frustrated when the text scorer's P(frustrated) >= T
              (default: the threshold stored with the weights)
)";

struct EvalTextOptions {
  std::string file;
  std::optional<float> threshold;
  bool lexicon_baseline = false;
};

int usage_error(std::ostream& err, const std::string& message) {
  err << "composure eval-text: " << message << "\n\n" << kUsage;
  return 2;
}

double rounded(double v) {
  return std::round(v * 10000.0) / 10000.0;
}

}  // namespace

double TextEvalCounts::precision() const {
  return tp + fp == 0 ? 0.0 : 1.0 * tp / (tp + fp);
}

double TextEvalCounts::recall() const {
  return tp + fn == 0 ? 0.0 : 1.0 * tp / (tp + fn);
}

double TextEvalCounts::f1() const {
  return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
}

Result<std::vector<LabelledText>> parse_labelled_text(std::string_view content,
                                                      std::string_view name) {
  std::vector<LabelledText> lines;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < content.size()) {
    std::size_t eol = content.find('\n', pos);
    if (eol == std::string_view::npos) eol = content.size();
    std::string_view line = content.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line.size() < 2 || (line[0] != '0' && line[0] != '1') || line[1] != '\t') {
      return fail(std::string(name) + ":" + std::to_string(line_no) +
                  ": expected LABEL<TAB>TEXT with LABEL 0 or 1");
    }
    lines.push_back({line[0] == '1', std::string(line.substr(2))});
  }
  return lines;
}

TextEvalCounts evaluate(const std::vector<LabelledText>& lines,
                        const std::function<bool(std::string_view)>& predict_frustrated) {
  TextEvalCounts c;
  for (const auto& line : lines) {
    const bool predicted = predict_frustrated(line.text);
    if (predicted) {
      ++(line.frustrated ? c.tp : c.fp);
    } else {
      ++(line.frustrated ? c.fn : c.tn);
    }
  }
  return c;
}

bool lexicon_says_frustrated(const std::shared_ptr<const Lexicon>& lexicon, std::string_view text) {
  // The baseline: would the word-cue lexicon alone flag this as a frustrated caller?
  struct Flag final : EventSink {
    bool frustrated = false;
    void on_event(const Event& e) override {
      switch (e.kind) {
        case EventKind::Anger:
        case EventKind::Profanity:
        case EventKind::PersonalAttack:
        case EventKind::Sarcasm:
        case EventKind::Distrust:
        case EventKind::ThreatLegal:
        case EventKind::ThreatCancel:
        case EventKind::ThreatPublic:
        case EventKind::ThreatReview:
        case EventKind::ThreatRegulator:
        case EventKind::SupervisorRequest:
          frustrated = true;
          break;
        default:
          break;
      }
    }
  };
  Utterance u;
  u.speaker = Speaker::Caller;
  u.typed = true;
  u.t_ms = 0;
  u.end_ms = 5000;
  u.words = spread_words(text, u.t_ms, u.end_ms);
  if (u.words.empty()) return false;
  WordCueDetector detector(lexicon);
  Flag flag;
  detector.push(u, flag);
  return flag.frustrated;
}

int eval_text_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  EvalTextOptions opt;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--threshold") {
      if (i + 1 >= args.size()) return usage_error(err, "--threshold needs a number");
      const std::string& v = args[++i];
      float t = 0.0F;
      const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), t);
      if (ec != std::errc() || ptr != v.data() + v.size() || !(t >= 0.0F && t <= 1.0F)) {
        return usage_error(err, "--threshold takes a number from 0 to 1, not '" + v + "'");
      }
      opt.threshold = t;
    } else if (a == "--baseline") {
      if (i + 1 >= args.size() || args[i + 1] != "lexicon") {
        return usage_error(err, "--baseline takes 'lexicon'");
      }
      ++i;
      opt.lexicon_baseline = true;
    } else if (a.starts_with("--")) {
      return usage_error(err, "unknown option '" + a + "'");
    } else if (opt.file.empty()) {
      opt.file = a;
    } else {
      return usage_error(err, "eval-text takes one file; got '" + opt.file + "' and '" + a + "'");
    }
  }
  if (opt.file.empty()) return usage_error(err, "eval-text needs a FILE");

  std::ifstream in(opt.file, std::ios::binary);
  if (!in) {
    err << "composure: " << opt.file << ": cannot open\n";
    return 1;
  }
  std::ostringstream content;
  content << in.rdbuf();
  auto lines = parse_labelled_text(content.str(), opt.file);
  if (!lines) {
    err << "composure: " << lines.error().message << "\n";
    return 1;
  }

  nlohmann::ordered_json j;
  TextEvalCounts c;
  if (opt.lexicon_baseline) {
    auto lexicon = Lexicon::load_default();
    if (!lexicon) {
      err << "composure: " << lexicon.error().message << "\n";
      return 1;
    }
    c = evaluate(*lines,
                 [&](std::string_view text) { return lexicon_says_frustrated(*lexicon, text); });
    j["n"] = c.n();
    j["predictor"] = "lexicon";
  } else {
    auto scorer = TextScorer::load_default();
    if (!scorer) {
      err << "composure: " << scorer.error().message << "\n";
      return 1;
    }
    const TextScorer& model = **scorer;
    const float threshold = opt.threshold.value_or(model.threshold());
    c = evaluate(*lines, [&](std::string_view text) { return model.score(text) >= threshold; });
    j["n"] = c.n();
    j["predictor"] = "text-scorer";
    j["threshold"] = rounded(threshold);
  }
  j["precision"] = rounded(c.precision());
  j["recall"] = rounded(c.recall());
  j["f1"] = rounded(c.f1());
  j["tp"] = c.tp;
  j["fp"] = c.fp;
  j["fn"] = c.fn;
  j["tn"] = c.tn;
  out << j.dump() << "\n";
  return 0;
}

}  // namespace composure
