#include "understand/text_scorer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <system_error>

#include "core/strings.h"
#include "data/embedded.h"

namespace composure {
namespace {

constexpr std::string_view kHeaderTag = "#composure-text-scorer";
constexpr std::string_view kVersion = "1";
constexpr std::string_view kDefaultPath = "text_scorer/weights.tsv";

enum class TokenKind : std::uint8_t { Word, Symbol, Punct };

// Apostrophes are already dropped ("don't" is "dont"); "nt" is a split-off "n't".
constexpr std::array<std::string_view, 28> kNegators = {
    "aint", "arent",    "cannot", "cant",   "couldnt", "didnt",   "doesnt",
    "dont", "hadnt",    "hasnt",  "havent", "isnt",    "neither", "never",
    "no",   "nobody",   "none",   "nor",    "not",     "nothing", "nowhere",
    "nt",   "shouldnt", "wasnt",  "werent", "without", "wont",    "wouldnt"};

bool is_negator(std::string_view word) {
  // Tiny list: a linear scan is as fast as anything else here.
  return std::find(kNegators.begin(), kNegators.end(), word) != kNegators.end();
}

bool is_ascii_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Decodes one UTF-8 code point at text[i]; returns its length, 0 for an invalid sequence.
std::size_t decode_utf8(std::string_view text, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  std::size_t len = 0;
  if ((b0 & 0xE0U) == 0xC0U) {
    len = 2;
    cp = b0 & 0x1FU;
  } else if ((b0 & 0xF0U) == 0xE0U) {
    len = 3;
    cp = b0 & 0x0FU;
  } else if ((b0 & 0xF8U) == 0xF0U) {
    len = 4;
    cp = b0 & 0x07U;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0U) != 0x80U) return 0;
    cp = (cp << 6U) | (b & 0x3FU);
  }
  return len;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0U | (cp >> 6U)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  } else {
    out.push_back(static_cast<char>(0xE0U | (cp >> 12U)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  }
}

struct TextCues {
  int words = 0;
  int caps_words = 0;  // words of two or more letters, all capitals
  int letters = 0;
  int upper_letters = 0;
  bool elongated = false;
};

// Splits text into words, symbols (emoji and the like) and punctuation, normalised as described
// in the header; the tokens are stored flat in chars/ends/kinds.
class Tokenizer {
 public:
  Tokenizer(std::string& chars, std::vector<std::uint32_t>& ends, std::vector<std::uint8_t>& kinds,
            TextCues& cues)
      : chars_(chars), ends_(ends), kinds_(kinds), cues_(cues) {
    chars_.clear();
    ends_.clear();
    kinds_.clear();
  }

  void run(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c < 0x80U) {
        i = ascii(text, i);
      } else {
        i = non_ascii(text, i);
      }
    }
    end_word();
  }

 private:
  std::size_t ascii(std::string_view text, std::size_t i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (is_ascii_alnum(c)) {
      word_char(c);
      return i + 1;
    }
    if (c == '\'') return apostrophe(text, i, 1);
    end_word();
    if (c == '!' || c == '?') {
      bool bang = false;
      bool question = false;
      std::size_t j = i;
      while (j < text.size() && (text[j] == '!' || text[j] == '?')) {
        bang = bang || text[j] == '!';
        question = question || text[j] == '?';
        ++j;
      }
      const bool run = j - i > 1;
      if (bang && question) {
        punct("?!");
      } else if (bang) {
        punct(run ? "!!" : "!");
      } else {
        punct(run ? "??" : "?");
      }
      return j;
    }
    if (c == '.') {
      std::size_t j = i;
      while (j < text.size() && text[j] == '.') ++j;
      punct(j - i > 1 ? "..." : ".");
      return j;
    }
    if (c == ',' || c == ';' || c == ':') punct(text.substr(i, 1));
    return i + 1;
  }

  std::size_t non_ascii(std::string_view text, std::size_t i) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(text, i, cp);
    if (len == 0) {  // invalid UTF-8: a separator
      end_word();
      return i + 1;
    }
    if (cp == U'\u2019' || cp == U'\u2018') return apostrophe(text, i, len);
    if (cp == U'\u2026') {
      end_word();
      punct("...");
      return i + len;
    }
    // Joiners, variation selectors and skin tones belong to the emoji before them.
    if (cp == U'\u200D' || cp == U'\uFE0F' || cp == U'\u200B' ||
        (cp >= U'\U0001F3FB' && cp <= U'\U0001F3FF')) {
      return i + len;
    }
    if (cp >= 0xC0 && cp < 0x2000 && cp != 0xD7 && cp != 0xF7) {  // letters of other scripts
      if (!in_word_) start_word();
      if (cp <= 0xDE) {
        append_utf8(chars_, cp + 0x20);  // Latin-1 capitals to lower case
      } else {
        chars_.append(text.substr(i, len));
      }
      ++cues_.letters;
      return i + len;
    }
    end_word();
    if (cp >= 0x2100) {  // symbols and emoji; a run of the same one counts once
      const std::string_view sym = text.substr(i, len);
      if (ends_.empty() || kinds_.back() != static_cast<std::uint8_t>(TokenKind::Symbol) ||
          last_token() != sym) {
        chars_.append(sym);
        push(TokenKind::Symbol);
      }
    }
    return i + len;
  }

  // An apostrophe inside a word is dropped ("don't" is "dont"); elsewhere it separates.
  std::size_t apostrophe(std::string_view text, std::size_t i, std::size_t len) {
    const std::size_t next = i + len;
    if (in_word_ && next < text.size() && is_ascii_alnum(static_cast<unsigned char>(text[next]))) {
      return next;
    }
    end_word();
    return next;
  }

  void start_word() {
    in_word_ = true;
    word_start_ = chars_.size();
    word_letters_ = 0;
    word_upper_ = 0;
  }

  void word_char(unsigned char c) {
    if (!in_word_) start_word();
    const bool upper = c >= 'A' && c <= 'Z';
    const bool digit = c >= '0' && c <= '9';
    if (!digit) {
      ++word_letters_;
      ++cues_.letters;
      if (upper) {
        ++word_upper_;
        ++cues_.upper_letters;
      }
    }
    char lower = digit ? '0' : static_cast<char>(upper ? c - 'A' + 'a' : c);
    const std::size_t len = chars_.size() - word_start_;
    if (len >= 2 && chars_[chars_.size() - 1] == lower && chars_[chars_.size() - 2] == lower) {
      if (!digit) cues_.elongated = true;
      return;  // "sooooo" is "soo"
    }
    chars_.push_back(lower);
  }

  void end_word() {
    if (!in_word_) return;
    in_word_ = false;
    if (chars_.size() == word_start_) return;
    ++cues_.words;
    if (word_letters_ >= 2 && word_upper_ == word_letters_) ++cues_.caps_words;
    push(TokenKind::Word);
  }

  void punct(std::string_view p) {
    chars_.append(p);
    push(TokenKind::Punct);
  }

  void push(TokenKind kind) {
    ends_.push_back(static_cast<std::uint32_t>(chars_.size()));
    kinds_.push_back(static_cast<std::uint8_t>(kind));
  }

  [[nodiscard]] std::string_view last_token() const {
    const std::uint32_t begin = ends_.size() < 2 ? 0 : ends_[ends_.size() - 2];
    return std::string_view(chars_).substr(begin, ends_.back() - begin);
  }

  std::string& chars_;
  std::vector<std::uint32_t>& ends_;
  std::vector<std::uint8_t>& kinds_;
  TextCues& cues_;
  bool in_word_ = false;
  std::size_t word_start_ = 0;
  int word_letters_ = 0;
  int word_upper_ = 0;
};

class FeatureWriter {
 public:
  FeatureWriter(std::string& chars, std::vector<std::uint32_t>& ends) : chars_(chars), ends_(ends) {
    chars_.clear();
    ends_.clear();
  }
  void emit(std::string_view a, std::string_view b = {}, std::string_view c = {},
            std::string_view d = {}) {
    chars_.append(a).append(b).append(c).append(d);
    ends_.push_back(static_cast<std::uint32_t>(chars_.size()));
  }

 private:
  std::string& chars_;
  std::vector<std::uint32_t>& ends_;
};

std::string_view length_bucket(int words) {
  if (words <= 3) return "q:len0-3";
  if (words <= 7) return "q:len4-7";
  if (words <= 15) return "q:len8-15";
  if (words <= 31) return "q:len16-31";
  return "q:len32+";
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80U; });
}

// "'text'", built by appending (GCC 12 warns falsely on "literal" + std::string temporaries).
std::string quote(std::string_view s) {
  std::string q;
  q.reserve(s.size() + 2);
  q.push_back('\'');
  q.append(s);
  q.push_back('\'');
  return q;
}

Result<float> parse_float(std::string_view s) {
  float v = 0.0F;
  const auto* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || ptr != end || !std::isfinite(v)) {
    return fail(quote(s) + " is not a number");
  }
  return v;
}

Result<int> parse_int(std::string_view s) {
  int v = 0;
  const auto* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || ptr != end) return fail(quote(s) + " is not an integer");
  return v;
}

}  // namespace

std::string TextFeatureScheme::to_string() const {
  std::string s = "w";
  if (bigrams) s += "+b";
  if (negation) s += "+neg";
  if (cues) s += "+q";
  if (char_min > 0) s += "+c" + std::to_string(char_min) + "-" + std::to_string(char_max);
  return s;
}

Result<TextFeatureScheme> TextFeatureScheme::parse(std::string_view text) {
  TextFeatureScheme scheme{false, false, false, 0, 0};
  const auto parts = split(text, '+');
  if (parts.empty() || parts[0] != "w") {
    return fail(std::string("feature scheme ") + quote(text) + " does not start with 'w'");
  }
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const std::string_view p = parts[i];
    if (p == "b") {
      scheme.bigrams = true;
    } else if (p == "neg") {
      scheme.negation = true;
    } else if (p == "q") {
      scheme.cues = true;
    } else if (p.size() >= 4 && p[0] == 'c' && p.find('-') != std::string_view::npos) {
      const std::size_t dash = p.find('-');
      auto lo = parse_int(p.substr(1, dash - 1));
      auto hi = parse_int(p.substr(dash + 1));
      if (!lo || !hi || *lo < 1 || *hi < *lo || *hi > 8) {
        return fail(std::string("feature scheme ") + quote(text) + ": bad character n-gram range " +
                    quote(p));
      }
      scheme.char_min = *lo;
      scheme.char_max = *hi;
    } else {
      return fail(std::string("feature scheme ") + quote(text) + ": unknown part " + quote(p));
    }
  }
  return scheme;
}

void featurize_text(std::string_view text, const TextFeatureScheme& scheme, TextFeatures& out) {
  TextCues cues;
  Tokenizer(out.token_chars_, out.token_ends_, out.token_kinds_, cues).run(text);
  FeatureWriter w(out.chars_, out.ends_);

  const std::string_view tokens(out.token_chars_);
  const auto token = [&](std::size_t i) {
    const std::uint32_t begin = i == 0 ? 0 : out.token_ends_[i - 1];
    return tokens.substr(begin, out.token_ends_[i] - begin);
  };

  bool negated = false;
  std::string_view prev = "<s>";
  for (std::size_t i = 0; i < out.token_ends_.size(); ++i) {
    const std::string_view t = token(i);
    const auto kind = static_cast<TokenKind>(out.token_kinds_[i]);
    switch (kind) {
      case TokenKind::Word:
        w.emit(scheme.negation && negated ? "n:" : "w:", t);
        if (scheme.negation && is_negator(t)) negated = true;
        if (scheme.char_min > 0 && is_ascii(t)) {
          // "<word>" without building it: n-grams over a virtual string.
          const std::size_t len = t.size() + 2;
          for (int n = scheme.char_min; n <= scheme.char_max; ++n) {
            const auto un = static_cast<std::size_t>(n);
            if (un > len) break;
            for (std::size_t s = 0; s + un <= len; ++s) {
              const bool open = s == 0;
              const bool close = s + un == len;
              const std::size_t from = open ? 0 : s - 1;
              const std::size_t count = un - (open ? 1 : 0) - (close ? 1 : 0);
              w.emit("c:", open ? "<" : "", t.substr(from, count), close ? ">" : "");
            }
          }
        }
        break;
      case TokenKind::Symbol:
        w.emit("w:", t);
        break;
      case TokenKind::Punct:
        w.emit("p:", t);
        negated = false;
        break;
    }
    if (scheme.bigrams) w.emit("b:", prev, " ", t);
    prev = t;
  }
  if (scheme.bigrams) w.emit("b:", prev, " ", "</s>");

  if (scheme.cues) {
    if (cues.caps_words == 1) w.emit("q:caps1");
    if (cues.caps_words >= 2) w.emit("q:caps2");
    if (cues.letters >= 4 && cues.upper_letters == cues.letters) w.emit("q:shout");
    if (cues.elongated) w.emit("q:elong");
    w.emit(length_bucket(cues.words));
  }
}

Result<TextScorer> TextScorer::parse(std::string_view weights_text, std::string_view name) {
  const std::string file(name);
  const auto where = [&](std::size_t line) { return file + ":" + std::to_string(line) + ": "; };

  TextScorer scorer;
  std::size_t declared = 0;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  bool header = false;
  while (pos < weights_text.size()) {
    std::size_t eol = weights_text.find('\n', pos);
    if (eol == std::string_view::npos) eol = weights_text.size();
    std::string_view line = weights_text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    if (!header) {
      const auto fields = split(line, '\t');
      if (fields[0] != kHeaderTag) {
        return fail(where(line_no) + "expected the header line '" + std::string(kHeaderTag) +
                    "<TAB>version=...'");
      }
      bool has_version = false;
      bool has_scheme = false;
      bool has_bias = false;
      bool has_threshold = false;
      bool has_features = false;
      for (std::size_t i = 1; i < fields.size(); ++i) {
        const std::size_t eq = fields[i].find('=');
        if (eq == std::string_view::npos) {
          return fail(where(line_no) + "header field '" + std::string(fields[i]) +
                      "' is not key=value");
        }
        const std::string_view key = fields[i].substr(0, eq);
        const std::string_view value = fields[i].substr(eq + 1);
        if (key == "version") {
          if (value != kVersion) {
            return fail(where(line_no) + "version " + std::string(value) + " is not supported (" +
                        std::string(kVersion) + " is)");
          }
          has_version = true;
        } else if (key == "scheme") {
          auto scheme = TextFeatureScheme::parse(value);
          if (!scheme) return fail(where(line_no) + scheme.error().message);
          scorer.scheme_ = *scheme;
          has_scheme = true;
        } else if (key == "bias") {
          auto bias = parse_float(value);
          if (!bias) return fail(where(line_no) + "bias: " + bias.error().message);
          scorer.bias_ = *bias;
          has_bias = true;
        } else if (key == "threshold") {
          auto threshold = parse_float(value);
          if (!threshold || *threshold <= 0.0F || *threshold >= 1.0F) {
            return fail(where(line_no) + "threshold '" + std::string(value) +
                        "' is not a number between 0 and 1");
          }
          scorer.threshold_ = *threshold;
          has_threshold = true;
        } else if (key == "features") {
          auto count = parse_int(value);
          if (!count || *count < 0) {
            return fail(where(line_no) + "features: '" + std::string(value) + "' is not a count");
          }
          declared = static_cast<std::size_t>(*count);
          has_features = true;
        } else {
          return fail(where(line_no) + "unknown header field '" + std::string(key) + "'");
        }
      }
      if (!(has_version && has_scheme && has_bias && has_threshold && has_features)) {
        return fail(where(line_no) +
                    "the header needs version, scheme, bias, threshold and features");
      }
      scorer.weights_.reserve(declared);
      header = true;
      continue;
    }

    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0 ||
        line.find('\t', tab + 1) != std::string_view::npos) {
      return fail(where(line_no) + "expected FEATURE<TAB>WEIGHT");
    }
    auto weight = parse_float(line.substr(tab + 1));
    if (!weight) return fail(where(line_no) + "weight: " + weight.error().message);
    const auto order = static_cast<std::uint32_t>(scorer.weights_.size());
    const auto [it, inserted] =
        scorer.weights_.emplace(std::string(line.substr(0, tab)), Entry{*weight, order});
    if (!inserted) return fail(where(line_no) + "feature '" + it->first + "' appears twice");
  }
  if (!header) return fail(file + ": empty, expected a header line");
  if (scorer.weights_.size() != declared) {
    return fail(file + ": the header declares " + std::to_string(declared) + " features, found " +
                std::to_string(scorer.weights_.size()));
  }
  return scorer;
}

Result<std::shared_ptr<const TextScorer>> TextScorer::load_default() {
  static const Result<std::shared_ptr<const TextScorer>> cached =
      []() -> Result<std::shared_ptr<const TextScorer>> {
    const auto text = embedded_file(kDefaultPath);
    if (!text) return fail(std::string(kDefaultPath) + ": not compiled into this binary");
    auto scorer = parse(*text, kDefaultPath);
    if (!scorer) return tl::unexpected(scorer.error());
    return std::make_shared<const TextScorer>(std::move(*scorer));
  }();
  return cached;
}

void TextScorer::present_weights(std::string_view text,
                                 std::vector<const WeightMap::value_type*>& found) const {
  thread_local TextFeatures features;
  featurize_text(text, scheme_, features);
  found.clear();
  for (std::size_t i = 0; i < features.size(); ++i) {
    const auto it = weights_.find(features[i]);
    if (it != weights_.end()) found.push_back(&*it);
  }
  // By line order in the file, so that sums never depend on memory layout.
  std::sort(found.begin(), found.end(),
            [](const auto* a, const auto* b) { return a->second.order < b->second.order; });
  found.erase(std::unique(found.begin(), found.end()), found.end());
}

float TextScorer::logit(std::string_view text) const {
  thread_local std::vector<const WeightMap::value_type*> found;
  present_weights(text, found);
  float z = bias_;
  for (const auto* entry : found) z += entry->second.weight;
  return z;
}

float TextScorer::score(std::string_view text) const {
  return 1.0F / (1.0F + std::exp(-logit(text)));
}

std::vector<std::pair<std::string, float>> TextScorer::top_features(std::string_view text,
                                                                    std::size_t n) const {
  TextFeatures features;
  featurize_text(text, scheme_, features);
  std::vector<const WeightMap::value_type*> seen;  // each distinct feature counts once, as in logit
  std::vector<std::pair<std::string, float>> groups;
  std::string_view word;  // the word whose character n-grams follow
  for (std::size_t i = 0; i < features.size(); ++i) {
    const std::string_view f = features[i];
    const std::string_view kind = f.substr(0, 2);
    std::string_view body = f.substr(2);
    if (kind == "w:" || kind == "n:") word = body;
    const auto it = weights_.find(f);
    if (it == weights_.end()) continue;
    if (std::find(seen.begin(), seen.end(), &*it) != seen.end()) continue;
    seen.push_back(&*it);
    if (kind == "c:") {
      body = word;
    } else if (kind == "b:") {
      if (body.starts_with("<s> ")) body.remove_prefix(4);
      if (body.ends_with(" </s>")) body.remove_suffix(5);
    } else if (kind == "q:") {
      if (body.starts_with("len")) continue;  // length says little about why
      body = body == "elong" ? "elongated words" : "CAPITALS";
    }
    if (body.empty()) continue;
    const auto group =
        std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == body; });
    if (group == groups.end()) {
      groups.emplace_back(std::string(body), it->second.weight);
    } else {
      group->second += it->second.weight;
    }
  }
  std::stable_sort(groups.begin(), groups.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  while (!groups.empty() && (groups.size() > n || groups.back().second <= 0.0F)) groups.pop_back();
  return groups;
}

}  // namespace composure
