#include "understand/lexicon.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <system_error>

#include "data/embedded.h"

namespace composure {
namespace {

// ---- normalisation ----------------------------------------------------------------------------

bool is_ascii_alnum(unsigned char c) {
  return std::isalnum(c) != 0 && c < 0x80;
}

// Whole-word rewrites: irregular contractions and the common ones typed without an apostrophe.
constexpr std::pair<std::string_view, std::string_view> kRewrites[] = {
    {"can't", "can not"},     {"cannot", "can not"},
    {"cant", "can not"},      {"won't", "will not"},
    {"wont", "will not"},     {"shan't", "shall not"},
    {"ain't", "is not"},      {"let's", "let us"},
    {"y'all", "you all"},     {"dont", "do not"},
    {"doesnt", "does not"},   {"didnt", "did not"},
    {"isnt", "is not"},       {"arent", "are not"},
    {"wasnt", "was not"},     {"werent", "were not"},
    {"havent", "have not"},   {"hasnt", "has not"},
    {"hadnt", "had not"},     {"couldnt", "could not"},
    {"wouldnt", "would not"}, {"shouldnt", "should not"},
    {"im", "i am"},           {"ive", "i have"},
    {"youre", "you are"},     {"youve", "you have"},
    {"theyre", "they are"},   {"thats", "that is"},
    {"theres", "there is"},   {"whats", "what is"},
    {"gonna", "going to"},    {"wanna", "want to"},
    {"gotta", "got to"},      {"dunno", "do not know"},
    {"lemme", "let me"},      {"gimme", "give me"},
    {"kinda", "kind of"},     {"sorta", "sort of"},
    {"outta", "out of"},      {"ok", "okay"},
};

// Words whose "'s" is "is" rather than a possessive.
constexpr std::string_view kIsWords[] = {
    "it",      "that",     "there",    "here",   "what",      "where",      "who",     "how",
    "he",      "she",      "when",     "why",    "this",      "everything", "nothing", "something",
    "someone", "everyone", "somebody", "nobody", "everybody", "name",
};

// A '.' after these does not end a sentence ("Mr. Smith").
constexpr std::string_view kAbbreviations[] = {"mr",   "mrs", "ms", "mx", "dr",
                                               "prof", "st",  "vs", "jr", "sr"};

template <std::size_t N>
bool contains(const std::string_view (&list)[N], std::string_view word) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "2nd", "3rd", "10th": ordinals from second up, written with digits.
bool digit_ordinal(std::string_view s) {
  if (s.size() < 3) return false;
  const std::string_view digits = s.substr(0, s.size() - 2);
  const std::string_view suffix = s.substr(s.size() - 2);
  if (!all_digits(digits)) return false;
  if (suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") return false;
  return !(digits == "1" || digits == "0");
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

}  // namespace

// ---- TokenList --------------------------------------------------------------------------------

void TokenList::clear() {
  size_ = 0;
  pending_clause_ = false;
  pending_sentence_ = false;
  exclamations_ = 0;
}

void TokenList::push(std::string_view text, bool masked) {
  if (size_ == items_.size()) items_.emplace_back();
  Token& t = items_[size_++];
  t.text.assign(text);
  t.word = word_;
  t.clause_break = pending_clause_ || pending_sentence_;
  t.sentence_break = pending_sentence_;
  t.masked = masked;
  t.id = -1;
  t.info = nullptr;
  pending_clause_ = false;
  pending_sentence_ = false;
}

void TokenList::emit(std::string_view piece, bool masked) {
  auto push_words = [&](std::string_view words) {
    while (!words.empty()) {
      const auto space = words.find(' ');
      push(words.substr(0, space), masked);
      if (space == std::string_view::npos) break;
      words.remove_prefix(space + 1);
    }
  };
  for (const auto& [from, to] : kRewrites) {
    if (piece == from) {
      push_words(to);
      return;
    }
  }
  if (piece.find('\'') != std::string_view::npos && piece.size() > 2) {
    auto ends = [&](std::string_view suffix) { return piece.ends_with(suffix); };
    auto stem_then = [&](std::size_t cut, std::string_view word) {
      if (piece.size() > cut) push(piece.substr(0, piece.size() - cut), masked);
      push(word, masked);
    };
    if (ends("n't")) return stem_then(3, "not");
    if (ends("'ll")) return stem_then(3, "will");
    if (ends("'re")) return stem_then(3, "are");
    if (ends("'ve")) return stem_then(3, "have");
    if (ends("'m")) return stem_then(2, "am");
    if (ends("'d")) return stem_then(2, "would");
    if (ends("'s")) {
      const std::string_view stem = piece.substr(0, piece.size() - 2);
      if (contains(kIsWords, stem)) return stem_then(2, "is");
      return push(stem, masked);  // possessive: "the engineer's visit"
    }
  }
  push(piece, masked);
}

void TokenList::add_word(std::string_view written, std::uint32_t word_index) {
  word_ = word_index;
  scratch_.clear();
  bool flushed_abbreviation = false;
  auto flush = [&] {
    flushed_abbreviation = false;
    std::string_view piece = scratch_;
    while (!piece.empty() && piece.front() == '\'') piece.remove_prefix(1);
    while (!piece.empty() && piece.back() == '\'') piece.remove_suffix(1);
    if (!piece.empty()) {
      const bool masked = piece.find('*') != std::string_view::npos;
      flushed_abbreviation = contains(kAbbreviations, piece);
      emit(piece, masked);
    }
    scratch_.clear();
  };
  const std::size_t n = written.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(written[i]);
    if (is_ascii_alnum(c)) {
      scratch_ += static_cast<char>(std::tolower(c));
      continue;
    }
    if (c == '\'') {
      scratch_ += '\'';
      continue;
    }
    if (c == 0xE2 && i + 2 < n && static_cast<unsigned char>(written[i + 1]) == 0x80) {
      // U+2018/2019 quotes as apostrophes; dashes and the ellipsis as clause breaks.
      const auto third = static_cast<unsigned char>(written[i + 2]);
      i += 2;
      if (third == 0x98 || third == 0x99) {
        scratch_ += '\'';
      } else {
        flush();
        if (third == 0x93 || third == 0x94 || third == 0xA6) pending_clause_ = true;
      }
      continue;
    }
    if (c >= 0x80) {  // other UTF-8: part of a word
      scratch_ += static_cast<char>(c);
      continue;
    }
    if (c == '*' && !scratch_.empty()) {  // "f***", "sh*t"
      scratch_ += '*';
      continue;
    }
    const bool between_alnum = i > 0 && i + 1 < n &&
                               is_ascii_alnum(static_cast<unsigned char>(written[i - 1])) &&
                               is_ascii_alnum(static_cast<unsigned char>(written[i + 1]));
    flush();
    switch (c) {
      case '.':
        if (i + 1 < n && written[i + 1] == '.') {  // "..." trails off
          while (i + 1 < n && written[i + 1] == '.') ++i;
          pending_clause_ = true;
        } else if (!between_alnum && !flushed_abbreviation) {
          pending_sentence_ = true;
        }
        break;
      case '?':
        pending_sentence_ = true;
        break;
      case '!':
        pending_sentence_ = true;
        ++exclamations_;
        break;
      case ',':
      case ';':
      case ':':
      case '(':
      case ')':
        pending_clause_ = true;
        break;
      case '-':
        if (!between_alnum) pending_clause_ = true;
        break;
      case '%':
        push("percent", false);
        break;
      case '&':
        push("and", false);
        break;
      default:
        break;
    }
  }
  flush();
}

void TokenList::add_text(std::string_view text) {
  while (!text.empty()) {
    const auto space = text.find_first_of(" \t");
    const std::string_view piece = text.substr(0, space);
    if (!piece.empty()) add_word(piece, 0);
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
}

std::string simple_stem(std::string_view word) {
  std::string s(word);
  auto ends = [&](std::string_view suffix) { return s.ends_with(suffix); };
  if (s.size() > 4 && ends("ies")) {
    s.resize(s.size() - 3);
    s += 'y';
  } else if (s.size() >= 6 && ends("ing")) {
    s.resize(s.size() - 3);
  } else if (s.size() >= 5 && ends("ed")) {
    s.resize(s.size() - 2);
  } else if (s.size() >= 4 && ends("s") && !ends("ss") && !ends("us") && !ends("is")) {
    s.pop_back();
  }
  if (s.size() >= 4 && s.back() == 'e') s.pop_back();
  const std::size_t n = s.size();
  if (n >= 4 && s[n - 1] == s[n - 2] &&
      std::string_view("bdgmnprt").find(s[n - 1]) != std::string_view::npos) {
    s.pop_back();  // "stopped" -> "stopp" -> "stop"
  }
  return s;
}

// ---- speakers ---------------------------------------------------------------------------------

Speaker word_cue_speaker(EventKind kind) {
  return kind >= EventKind::TriggerPhrase && kind <= EventKind::BoundaryWarning ? Speaker::Agent
                                                                                : Speaker::Caller;
}

bool is_lexicon_kind(EventKind kind) {
  return is_word_cue(kind) && kind != EventKind::RepeatedComplaint && kind != EventKind::UsesName;
}

// ---- parsing ----------------------------------------------------------------------------------

namespace {

enum class SectionType { None, Cue, Negators, Intensifiers, WordList, NameIntro };

struct Section {
  SectionType type = SectionType::None;
  std::string name;
  EventKind kind = EventKind::Anger;
  WordInfo::Flag flag = WordInfo::StopWord;  // WordList
  bool ignore_negation = false;
};

struct WordListSection {
  std::string_view name;
  WordInfo::Flag flag;
};

constexpr WordListSection kWordLists[] = {
    {"stop_words", WordInfo::StopWord},   {"vague_words", WordInfo::Vague},
    {"fillers", WordInfo::Filler},        {"titles", WordInfo::Title},
    {"not_names", WordInfo::NotName},     {"numbers", WordInfo::Number},
    {"ordinals", WordInfo::Ordinal},      {"contrast_words", WordInfo::Contrast},
    {"subjects", WordInfo::Subject},      {"connectives", WordInfo::Connective},
    {"problem_words", WordInfo::Problem}, {"openers", WordInfo::Opener},
};

std::vector<std::string> all_section_names() {
  std::vector<std::string> names;
  for (int k = 0; k < kEventKindCount; ++k) {
    const auto kind = static_cast<EventKind>(k);
    if (is_lexicon_kind(kind)) names.emplace_back(to_string(kind));
  }
  for (const auto& w : kWordLists) names.emplace_back(w.name);
  names.emplace_back("negators");
  names.emplace_back("intensifiers");
  names.emplace_back("name_intro");
  return names;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::optional<double> parse_number(std::string_view s) {
  double value = 0;
  const auto* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::string format_number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  while (true) {
    const auto bar = line.find('|');
    fields.push_back(trim(line.substr(0, bar)));
    if (bar == std::string_view::npos) break;
    line.remove_prefix(bar + 1);
  }
  return fields;
}

std::string element_key(const Phrase::Element& e) {
  switch (e.part) {
    case Phrase::Part::Word:
      return e.text;
    case Phrase::Part::Prefix:
      return e.text + "*";
    case Phrase::Part::Any:
      return "*";
    case Phrase::Part::Gap:
      return "...";
    case Phrase::Part::Number:
      return "<num>";
    case Phrase::Part::Ordinal:
      return "<nth>";
    case Phrase::Part::Masked:
      return "<masked>";
    case Phrase::Part::Name:
      return "<name>";
  }
  return {};
}

constexpr std::size_t kMinPrefix = 3;
constexpr std::uint8_t kGapMax = 3;
constexpr int kMaxNegatorReach = 6;

std::uint32_t prefix_key(std::string_view s) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[0])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[1])) << 8U |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[2])) << 16U;
}

std::uint64_t pair_key(std::int32_t first, std::int32_t second) {
  return static_cast<std::uint64_t>(static_cast<std::uint32_t>(first)) << 32U |
         static_cast<std::uint32_t>(second);
}

}  // namespace

class LexiconBuilder {
 public:
  // Empty when the file is fine, else "name:line: what".
  std::string add_file(std::string_view name, std::string_view text) {
    section_ = Section{};
    std::size_t line_no = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
      ++line_no;
      const auto newline = text.find('\n', pos);
      std::string_view line = text.substr(
          pos, newline == std::string_view::npos ? std::string_view::npos : newline - pos);
      const auto hash = line.find('#');
      if (hash != std::string_view::npos) line = line.substr(0, hash);
      line = trim(line);
      if (!line.empty()) {
        origin_ = std::string(name) + ":" + std::to_string(line_no);
        std::string error = line.front() == '[' ? header(line) : entry(line);
        if (!error.empty()) return origin_ + ": " + error;
      }
      if (newline == std::string_view::npos) break;
      pos = newline + 1;
    }
    return {};
  }

  Lexicon finish() {
    Lexicon lex;
    for (std::size_t k = 0; k < lex.unless_.size(); ++k) lex.unless_[k] = static_cast<EventKind>(k);
    for (const auto& [kind, other] : unless_) lex.unless_[static_cast<std::size_t>(kind)] = other;
    // Word table: every literal word and every listed word.
    auto id_of = [&](const std::string& w) {
      const auto [it, inserted] =
          lex.ids_.try_emplace(w, static_cast<std::int32_t>(lex.infos_.size()));
      if (inserted) lex.infos_.emplace_back();
      return it->second;
    };
    for (const auto& [word, flags] : list_flags_) lex.infos_[id_of(word)].flags |= flags;
    for (const auto& [word, reach] : negators_) lex.infos_[id_of(word)].negator_reach = reach;
    for (const auto& [word, m] : intensifiers_) lex.infos_[id_of(word)].intensifier = m;
    auto compile = [&](std::vector<Phrase>& phrases, bool vocabulary) {
      for (Phrase& p : phrases) {
        for (Phrase::Element& e : p.elements) {
          if (e.part != Phrase::Part::Word) continue;
          e.id = id_of(e.text);
          if (vocabulary) lex.infos_[e.id].flags |= WordInfo::Vocabulary;
        }
      }
    };
    compile(phrases_, true);
    compile(name_intros_, false);
    for (auto* list : {&phrases_, &name_intros_}) {
      for (Phrase& p : *list) {
        for (const Phrase::Element& e : p.elements) {
          if (e.part == Phrase::Part::Word && lex.infos_[e.id].negator_reach > 0) {
            p.contains_negator = true;
          }
        }
        const Phrase::Element& first = p.elements.front();
        p.starts_clause =
            first.part == Phrase::Part::Word && lex.infos_[first.id].has(WordInfo::Subject);
      }
    }
    lex.phrases_ = std::move(phrases_);
    lex.name_intros_ = std::move(name_intros_);
    std::array<std::vector<std::uint32_t>, 2> by_speaker;
    for (std::uint32_t i = 0; i < lex.phrases_.size(); ++i) {
      const Phrase& p = lex.phrases_[i];
      by_speaker[static_cast<std::size_t>(word_cue_speaker(p.kind))].push_back(i);
      auto& counts = p.exclusion ? lex.exclusion_counts_ : lex.counts_;
      ++counts[static_cast<std::size_t>(p.kind)];
    }
    for (std::size_t s = 0; s < 2; ++s) lex.index(lex.phrases_, by_speaker[s], lex.starts_[s]);
    std::vector<std::uint32_t> all(lex.name_intros_.size());
    for (std::uint32_t i = 0; i < all.size(); ++i) all[i] = i;
    lex.index(lex.name_intros_, all, lex.name_starts_);
    return lex;
  }

 private:
  std::string header(std::string_view line) {
    if (line.back() != ']') return "section header must end with ']'";
    const auto fields = split_fields(line.substr(1, line.size() - 2));
    const std::string name(fields[0]);
    Section s;
    s.name = name;
    if (const auto kind = parse_event_kind(name); kind && is_word_cue(*kind)) {
      if (!is_lexicon_kind(*kind)) {
        return "[" + name + "] takes no phrases: it is found by comparing utterances";
      }
      s.type = SectionType::Cue;
      s.kind = *kind;
    } else if (name == "negators") {
      s.type = SectionType::Negators;
    } else if (name == "intensifiers") {
      s.type = SectionType::Intensifiers;
    } else if (name == "name_intro") {
      s.type = SectionType::NameIntro;
    } else {
      for (const auto& w : kWordLists) {
        if (w.name == name) {
          s.type = SectionType::WordList;
          s.flag = w.flag;
        }
      }
    }
    if (s.type == SectionType::None) {
      std::string message = "unknown section [" + name + "]";
      std::string best;
      std::size_t best_distance = 3;
      for (const auto& candidate : all_section_names()) {
        const std::size_t d = edit_distance(name, candidate);
        if (d < best_distance) {
          best_distance = d;
          best = candidate;
        }
      }
      if (!best.empty()) message += " (did you mean [" + best + "]?)";
      return message;
    }
    for (std::size_t i = 1; i < fields.size(); ++i) {
      const std::string_view option = fields[i];
      if (s.type != SectionType::Cue) {
        return "[" + name + "] takes no options ('" + std::string(option) + "')";
      }
      if (option == "ignore-negation") {
        s.ignore_negation = true;
      } else if (option.starts_with("unless ")) {
        const std::string other(trim(option.substr(7)));
        const auto kind = parse_event_kind(other);
        if (!kind || !is_lexicon_kind(*kind) || *kind == s.kind) {
          return "'unless' needs another word-cue section, not '" + other + "'";
        }
        unless_[s.kind] = *kind;
      } else {
        return "unknown option '" + std::string(option) + "' for [" + name + "]";
      }
    }
    section_ = std::move(s);
    return {};
  }

  std::string entry(std::string_view line) {
    if (section_.type == SectionType::None) return "entry before any [section]";
    const auto fields = split_fields(line);
    switch (section_.type) {
      case SectionType::WordList:
        return word_list(fields);
      case SectionType::Negators:
      case SectionType::Intensifiers:
        return modifier(fields);
      case SectionType::Cue:
      case SectionType::NameIntro:
        return phrase(fields);
      case SectionType::None:
        break;
    }
    return {};
  }

  // One normalised word from `text`, or an error.
  std::string single_word(std::string_view text, std::string& out) {
    TokenList tokens;
    tokens.add_word(text, 0);
    if (tokens.size() != 1) {
      std::string joined;
      for (const Token& t : tokens.tokens()) joined += (joined.empty() ? "" : " ") + t.text;
      return "'" + std::string(text) + "' is not one word after normalisation" +
             (joined.empty() ? std::string() : " (" + joined + ")");
    }
    out = tokens[0].text;
    return {};
  }

  std::string remember(const std::string& key) {
    const auto [it, inserted] = seen_.try_emplace(section_.name + "\n" + key, origin_);
    if (!inserted)
      return "duplicate '" + key + "' in [" + section_.name + "] (first at " + it->second + ")";
    return {};
  }

  std::string word_list(const std::vector<std::string_view>& fields) {
    if (fields.size() > 1) return "[" + section_.name + "] lists words, without '|' fields";
    std::string_view rest = fields[0];
    while (!rest.empty()) {
      const auto space = rest.find_first_of(" \t");
      const std::string_view raw = rest.substr(0, space);
      rest = space == std::string_view::npos ? std::string_view() : trim(rest.substr(space));
      std::string word;
      if (auto error = single_word(raw, word); !error.empty()) return error;
      if (auto error = remember(word); !error.empty()) return error;
      list_flags_[word] |= section_.flag;
    }
    return {};
  }

  std::string modifier(const std::vector<std::string_view>& fields) {
    const bool negator = section_.type == SectionType::Negators;
    if (fields[0].empty()) return "empty word";
    std::string word;
    if (auto error = single_word(fields[0], word); !error.empty()) return error;
    if (fields.size() > 2) return "too many '|' fields";
    std::optional<double> value;
    if (fields.size() == 2) {
      value = parse_number(fields[1]);
      if (!value)
        return "bad " + std::string(negator ? "reach" : "multiplier") + " '" +
               std::string(fields[1]) + "'";
    }
    if (negator) {
      const double reach = value.value_or(3);
      if (reach < 1 || reach > kMaxNegatorReach || reach != static_cast<int>(reach)) {
        return "bad reach " + format_number(reach) + ": a whole number of words from 1 to " +
               std::to_string(kMaxNegatorReach);
      }
      if (auto error = remember(word); !error.empty()) return error;
      negators_[word] = static_cast<std::uint8_t>(reach);
    } else {
      if (!value) return "missing multiplier (write 'word | 1.2')";
      if (!(*value > 1 && *value <= 3)) {
        return "bad multiplier " + format_number(*value) + ": expected more than 1, at most 3";
      }
      if (auto error = remember(word); !error.empty()) return error;
      intensifiers_[word] = static_cast<float>(*value);
    }
    return {};
  }

  std::string phrase(const std::vector<std::string_view>& fields) {
    const bool names = section_.type == SectionType::NameIntro;
    Phrase p;
    p.kind = section_.kind;
    p.origin = origin_;
    p.ignore_negation = section_.ignore_negation;
    std::string_view text = fields[0];
    if (!text.empty() && text.front() == '!') {
      if (names) return "[name_intro] has no exclusions";
      p.exclusion = true;
      text = trim(text.substr(1));
    }
    if (text.empty()) return "empty phrase";
    p.text = std::string(text);
    bool has_weight = false;
    for (std::size_t i = 1; i < fields.size(); ++i) {
      const std::string_view f = fields[i];
      if (f.empty()) return "empty field after '|'";
      if (const auto number = parse_number(f)) {
        if (names) return "[name_intro] phrases take no weight";
        if (p.exclusion) return "an exclusion ('!') takes no weight";
        if (has_weight) return "two weights";
        if (!(*number > 0 && *number <= 1)) {
          return "bad weight " + std::string(f) + ": expected a number in (0, 1]";
        }
        p.weight = static_cast<float>(*number);
        has_weight = true;
      } else if (f == "ignore-negation" && !names) {
        p.ignore_negation = true;
      } else if (f == "detail" && !names) {
        p.needs_detail = true;
      } else if (f == "start") {
        p.at_start = true;
      } else if (f == "end" && !names) {
        p.at_end = true;
      } else if (f == "strict" && names) {
        p.strict_name = true;
      } else if (std::isdigit(static_cast<unsigned char>(f.front())) != 0 || f.front() == '.' ||
                 f.front() == '-' || (!names && !p.exclusion && !has_weight)) {
        return "bad weight '" + std::string(f) + "': expected a number in (0, 1]";
      } else {
        return "unknown option '" + std::string(f) + "' (" +
               (names ? "options: start, strict"
                      : "a weight is a number in (0, 1]; options: "
                        "ignore-negation, detail, start, end") +
               ")";
      }
    }
    if (!names && !p.exclusion && !has_weight) return "missing weight (write 'phrase | 0.6')";
    if (auto error = compile(text, names, p); !error.empty()) return error;
    std::string key = p.exclusion ? "! " : "";
    for (std::size_t i = 0; i < p.elements.size(); ++i) {
      key += (i == 0 ? "" : " ") + element_key(p.elements[i]);
    }
    if (auto error = remember(key); !error.empty()) return error;
    (names ? name_intros_ : phrases_).push_back(std::move(p));
    return {};
  }

  std::string compile(std::string_view text, bool names, Phrase& p) {
    using Part = Phrase::Part;
    bool anchored = false;  // something other than * and ...
    std::string_view rest = text;
    while (!rest.empty()) {
      const auto space = rest.find_first_of(" \t");
      const std::string_view raw = rest.substr(0, space);
      rest = space == std::string_view::npos ? std::string_view() : trim(rest.substr(space));
      Phrase::Element e;
      if (raw == "*") {
        e.part = Part::Any;
      } else if (raw == "...") {
        e.part = Part::Gap;
        e.max = kGapMax;
      } else if (raw.front() == '<' && raw.back() == '>') {
        const std::string_view cls = raw.substr(1, raw.size() - 2);
        if (cls == "num") {
          e.part = Part::Number;
        } else if (cls == "nth") {
          e.part = Part::Ordinal;
        } else if (cls == "masked") {
          e.part = Part::Masked;
        } else if (cls == "name") {
          if (!names) return "<name> belongs only in [name_intro]";
          if (p.name_offset >= 0) return "more than one <name>";
          e.part = Part::Name;
          p.name_offset = static_cast<std::int32_t>(p.elements.size());
        } else {
          return "unknown word class " + std::string(raw) + " (known: <num> <nth> <masked>" +
                 (names ? " <name>)" : ")");
        }
        anchored = true;
      } else if (raw.back() == '*') {
        std::string stem;
        if (auto error = single_word(raw.substr(0, raw.size() - 1), stem); !error.empty()) {
          return "bad wildcard '" + std::string(raw) + "': " + error;
        }
        if (stem.size() < kMinPrefix) {
          return "wildcard '" + std::string(raw) + "' is too short (at least " +
                 std::to_string(kMinPrefix) + " letters before '*')";
        }
        e.part = Part::Prefix;
        e.text = std::move(stem);
        anchored = true;
      } else {
        TokenList tokens;
        tokens.add_word(raw, 0);
        for (const Token& t : tokens.tokens()) {
          Phrase::Element w;
          w.text = t.text;
          p.elements.push_back(std::move(w));
          anchored = true;
        }
        continue;
      }
      p.elements.push_back(std::move(e));
    }
    if (p.elements.empty()) return "empty phrase";
    if (!anchored) return "phrase '" + std::string(text) + "' has only wildcards";
    if (p.elements.front().part == Part::Gap || p.elements.back().part == Part::Gap) {
      return "'...' cannot start or end a phrase";
    }
    if (names) {
      if (p.name_offset < 0) return "a [name_intro] phrase needs <name>";
      for (const auto& e : p.elements) {
        if (e.part == Part::Gap) return "no '...' in [name_intro] phrases";
      }
    }
    return {};
  }

  Section section_;
  std::string origin_;
  std::map<std::string, std::string> seen_;  // section + key -> origin
  std::map<std::string, std::uint16_t> list_flags_;
  std::map<std::string, std::uint8_t> negators_;
  std::map<std::string, float> intensifiers_;
  std::map<EventKind, EventKind> unless_;
  std::vector<Phrase> phrases_;
  std::vector<Phrase> name_intros_;
};

// ---- Lexicon ----------------------------------------------------------------------------------

Result<Lexicon> Lexicon::parse(std::string_view text, std::string_view name) {
  const LexiconFile file{std::string(name), std::string(text)};
  return parse(std::span<const LexiconFile>(&file, 1));
}

Result<Lexicon> Lexicon::parse(std::span<const LexiconFile> files) {
  LexiconBuilder builder;
  for (const LexiconFile& f : files) {
    if (auto error = builder.add_file(f.name, f.text); !error.empty())
      return fail(std::move(error));
  }
  return builder.finish();
}

Result<std::shared_ptr<const Lexicon>> Lexicon::load_default() {
  std::vector<LexiconFile> files;
  for (const std::string_view path : embedded_paths()) {
    if (!path.starts_with("lexicons/") || !path.ends_with(".lex")) continue;
    files.push_back({std::string(path), std::string(*embedded_file(path))});
  }
  if (files.empty()) return fail("no lexicons compiled in (data/lexicons/*.lex)");
  auto lexicon = parse(files);
  if (!lexicon) return tl::unexpected(lexicon.error());
  return std::make_shared<const Lexicon>(std::move(*lexicon));
}

Result<std::shared_ptr<const Lexicon>> Lexicon::load_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> paths;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".lex" && it->is_regular_file(ec)) paths.push_back(it->path());
  }
  if (ec) return fail(dir.string() + ": cannot read the lexicon folder (" + ec.message() + ")");
  if (paths.empty()) return fail(dir.string() + ": no .lex files");
  std::sort(paths.begin(), paths.end());
  std::vector<LexiconFile> files;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) return fail(path.string() + ": cannot read");
    files.push_back({path.string(), text.str()});
  }
  auto lexicon = parse(files);
  if (!lexicon) return tl::unexpected(lexicon.error());
  return std::make_shared<const Lexicon>(std::move(*lexicon));
}

std::size_t Lexicon::phrase_count(EventKind kind) const {
  return counts_[static_cast<std::size_t>(kind)];
}

std::size_t Lexicon::exclusion_count(EventKind kind) const {
  return exclusion_counts_[static_cast<std::size_t>(kind)];
}

const WordInfo* Lexicon::word(std::string_view text) const {
  const auto it = ids_.find(std::string(text));
  return it == ids_.end() ? nullptr : &infos_[static_cast<std::size_t>(it->second)];
}

void Lexicon::resolve(std::span<Token> tokens) const {
  for (Token& t : tokens) {
    const auto it = ids_.find(t.text);
    if (it == ids_.end()) {
      t.id = -1;
      t.info = nullptr;
    } else {
      t.id = it->second;
      t.info = &infos_[static_cast<std::size_t>(it->second)];
    }
  }
}

void Lexicon::index(const std::vector<Phrase>& phrases, std::span<const std::uint32_t> ids,
                    StartIndex& into) const {
  into.by_word.assign(infos_.size(), {});
  for (const std::uint32_t id : ids) {
    const auto& elements = phrases[id].elements;
    const Phrase::Element& first = elements.front();
    if (first.part == Phrase::Part::Word && elements.size() > 1 &&
        elements[1].part == Phrase::Part::Word) {
      into.by_pair[pair_key(first.id, elements[1].id)].push_back(id);
    } else if (first.part == Phrase::Part::Word) {
      into.by_word[static_cast<std::size_t>(first.id)].push_back(id);
    } else if (first.part == Phrase::Part::Prefix) {
      into.by_prefix[prefix_key(first.text)].push_back(id);
    } else {
      into.anywhere.push_back(id);
    }
  }
}

namespace {

bool element_matches(const Phrase::Element& e, const Token& t) {
  switch (e.part) {
    case Phrase::Part::Word:
      return t.id == e.id;
    case Phrase::Part::Prefix:
      return !t.masked && t.text.starts_with(e.text);
    case Phrase::Part::Any:
    case Phrase::Part::Name:
      return true;
    case Phrase::Part::Number:
      return (t.info != nullptr && t.info->has(WordInfo::Number)) || all_digits(t.text);
    case Phrase::Part::Ordinal:
      return (t.info != nullptr && t.info->has(WordInfo::Ordinal)) || digit_ordinal(t.text);
    case Phrase::Part::Masked:
      return t.masked;
    case Phrase::Part::Gap:
      break;
  }
  return false;
}

// Matches p.elements[e..] at tokens[i..]; a phrase never runs across a sentence break.
bool match_at(const Phrase& p, std::size_t e, std::span<const Token> tokens, std::size_t i,
              std::size_t& end) {
  while (e < p.elements.size()) {
    const Phrase::Element& el = p.elements[e];
    if (el.part == Phrase::Part::Gap) {
      for (std::size_t k = 0; k <= el.max; ++k) {
        if (i + k > tokens.size()) return false;
        if (k > 0 && tokens[i + k - 1].sentence_break) return false;
        if (match_at(p, e + 1, tokens, i + k, end)) return true;
      }
      return false;
    }
    if (i >= tokens.size()) return false;
    const Token& t = tokens[i];
    if (e > 0 && t.sentence_break) return false;
    if (!element_matches(el, t)) return false;
    ++e;
    ++i;
  }
  end = i;
  return true;
}

}  // namespace

bool Lexicon::at_sentence_start(std::span<const Token> tokens, std::size_t i, bool openers) {
  std::uint16_t skippable = WordInfo::Filler;
  if (openers) skippable |= WordInfo::Opener;
  for (std::size_t j = i;; --j) {
    if (j == 0 || tokens[j].clause_break) return true;
    const Token& before = tokens[j - 1];
    if (before.info == nullptr || (before.info->flags & skippable) == 0) return false;
  }
}

void Lexicon::match_with(const std::vector<Phrase>& phrases, const StartIndex& index,
                         std::span<const Token> tokens, std::vector<PhraseMatch>& out) const {
  auto try_phrase = [&](std::uint32_t id, std::size_t i) {
    const Phrase& p = phrases[id];
    std::size_t end = 0;
    if (!match_at(p, 0, tokens, i, end)) return;
    // A name introduction must open the sentence ("hi, this is Dana"), not follow "and".
    if (p.at_start && !at_sentence_start(tokens, i, p.name_offset < 0)) return;
    if (p.at_end && end < tokens.size() && !tokens[end].clause_break) return;
    out.push_back({id, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end)});
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.id >= 0) {
      for (const std::uint32_t id : index.by_word[static_cast<std::size_t>(t.id)])
        try_phrase(id, i);
      if (i + 1 < tokens.size() && tokens[i + 1].id >= 0 && !index.by_pair.empty()) {
        const auto it = index.by_pair.find(pair_key(t.id, tokens[i + 1].id));
        if (it != index.by_pair.end()) {
          for (const std::uint32_t id : it->second) try_phrase(id, i);
        }
      }
    }
    if (t.text.size() >= kMinPrefix && !index.by_prefix.empty()) {
      const auto it = index.by_prefix.find(prefix_key(t.text));
      if (it != index.by_prefix.end()) {
        for (const std::uint32_t id : it->second) try_phrase(id, i);
      }
    }
    for (const std::uint32_t id : index.anywhere) try_phrase(id, i);
  }
}

void Lexicon::match(Speaker speaker, std::span<const Token> tokens,
                    std::vector<PhraseMatch>& out) const {
  match_with(phrases_, starts_[static_cast<std::size_t>(speaker)], tokens, out);
}

void Lexicon::match_name_intros(std::span<const Token> tokens,
                                std::vector<PhraseMatch>& out) const {
  match_with(name_intros_, name_starts_, tokens, out);
}

}  // namespace composure
