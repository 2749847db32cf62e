// `composure eval-text FILE [--threshold T]`: how well a frustration predictor separates the lines
// of a labelled file ("LABEL<TAB>TEXT", 1 frustrated, 0 not), as one JSON object on stdout.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace composure {

struct LabelledText {
  bool frustrated = false;
  std::string text;
  bool operator==(const LabelledText&) const = default;
};

struct TextEvalCounts {
  int tp = 0;
  int fp = 0;
  int fn = 0;
  int tn = 0;

  [[nodiscard]] int n() const { return tp + fp + fn + tn; }
  [[nodiscard]] double precision() const;  // 0 when nothing was predicted frustrated
  [[nodiscard]] double recall() const;     // 0 when nothing is frustrated
  [[nodiscard]] double f1() const;
  bool operator==(const TextEvalCounts&) const = default;
};

// Lines "0<TAB>text" or "1<TAB>text"; CRLF and empty lines are accepted. Errors name the file
// and line ("dev.tsv:7: ...").
[[nodiscard]] Result<std::vector<LabelledText>> parse_labelled_text(std::string_view content,
                                                                    std::string_view name);

// Counts of `predict_frustrated` against the labels.
TextEvalCounts evaluate(const std::vector<LabelledText>& lines,
                        const std::function<bool(std::string_view)>& predict_frustrated);

// `args` are the words after `eval-text`. Prints {"n", "predictor", "threshold", "precision",
// "recall", "f1", "tp", "fp", "fn", "tn"} to `out`; returns 0, 1 for an unreadable or malformed
// FILE, 2 for a usage error (messages go to `err`).
int eval_text_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace composure
