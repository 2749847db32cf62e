// P(frustrated) for one utterance of text: a logistic regression over word, bigram, negation and
// punctuation/capitals features, fitted offline by tools/fit_text_scorer (data/text_scorer/).
//
//   auto scorer = TextScorer::load_default();  // the weights compiled into the binary
//   const float p = (*scorer)->score("I've been waiting for weeks!");  // 0..1
//   const bool frustrated = p >= (*scorer)->threshold();
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/result.h"

namespace composure {

// Which features the featurizer emits. The weights file names its scheme in its header, so the
// scorer always featurizes text exactly as the fit did.
//   w:WORD   a word (lower case, apostrophes dropped, digits as 0, a letter repeated at most
//            twice) or a symbol (emoji); n:WORD instead inside a negation's scope (`negation`)
//   p:TOKEN  punctuation: . ... , ; : ! !! ? ?? ?!
//   b:A B    adjacent tokens, with <s> and </s> at the ends (`bigrams`)
//   q:CUE    capitals, shouting, elongated words and length buckets (`cues`)
//   c:NGRAM  character n-grams of each ASCII word marked <word> (char_min > 0)
struct TextFeatureScheme {
  bool bigrams = true;
  bool negation = true;
  bool cues = true;
  int char_min = 0;
  int char_max = 0;

  // "w+b+neg+q+c3-5"; words are always on.
  [[nodiscard]] std::string to_string() const;
  [[nodiscard]] static Result<TextFeatureScheme> parse(std::string_view text);
  bool operator==(const TextFeatureScheme&) const = default;
};

// The features of one text, stored flat so that featurizing again reuses the same memory.
class TextFeatures {
 public:
  [[nodiscard]] std::size_t size() const { return ends_.size(); }
  [[nodiscard]] std::string_view operator[](std::size_t i) const {
    const std::uint32_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(chars_).substr(begin, ends_[i] - begin);
  }

 private:
  friend void featurize_text(std::string_view, const TextFeatureScheme&, TextFeatures&);
  std::string chars_;
  std::vector<std::uint32_t> ends_;
  // Scratch for the token pass.
  std::string token_chars_;
  std::vector<std::uint32_t> token_ends_;
  std::vector<std::uint8_t> token_kinds_;
};

// Replaces `out` with the features of `text`, repeats included (the model counts each distinct
// feature once). The fit and TextScorer both featurize through this one function.
void featurize_text(std::string_view text, const TextFeatureScheme& scheme, TextFeatures& out);

class TextScorer {
 public:
  // `weights_text` is a weights.tsv: one header line
  //   #composure-text-scorer<TAB>version=1<TAB>scheme=...<TAB>bias=...<TAB>threshold=...
  //   <TAB>features=N
  // then optional "# ..." comment lines and N lines FEATURE<TAB>WEIGHT. `name` is the file's
  // name for error messages ("text_scorer/weights.tsv:12: ...").
  [[nodiscard]] static Result<TextScorer> parse(std::string_view weights_text,
                                                std::string_view name);
  // data/text_scorer/weights.tsv as compiled into the binary; parsed once, then shared.
  [[nodiscard]] static Result<std::shared_ptr<const TextScorer>> load_default();

  // P(frustrated) in [0, 1]; deterministic, safe to call from several threads.
  [[nodiscard]] float score(std::string_view text) const;
  // The log-odds behind score(): bias plus the weights of the distinct known features present.
  [[nodiscard]] float logit(std::string_view text) const;
  // Evidence: the words and phrases of `text` that push the score up most, with how much each
  // adds to the log-odds, largest first, at most n, positive only. A word carries its own weight
  // plus its character n-grams'; a bigram or punctuation mark its own ("waiting for", "!");
  // "CAPITALS" and "elongated words" stand for those cues. Slower than score(): for display.
  [[nodiscard]] std::vector<std::pair<std::string, float>> top_features(std::string_view text,
                                                                        std::size_t n) const;

  // The decision threshold chosen when fitting (best F1 of frustrated vs neutral, cross-validated
  // on the training data).
  [[nodiscard]] float threshold() const { return threshold_; }
  [[nodiscard]] float bias() const { return bias_; }
  [[nodiscard]] const TextFeatureScheme& scheme() const { return scheme_; }
  [[nodiscard]] std::size_t feature_count() const { return weights_.size(); }

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Entry {
    float weight = 0.0F;
    std::uint32_t order = 0;  // line order in the file: a fixed summation order
  };
  using WeightMap = std::unordered_map<std::string, Entry, StringHash, std::equal_to<>>;

  // The distinct known features of `text`, each once, in file order.
  void present_weights(std::string_view text,
                       std::vector<const WeightMap::value_type*>& found) const;

  TextFeatureScheme scheme_;
  float bias_ = 0.0F;
  float threshold_ = 0.5F;
  WeightMap weights_;
};

}  // namespace composure
