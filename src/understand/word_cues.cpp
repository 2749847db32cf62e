#include "understand/word_cues.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cmath>
#include <functional>
#include <utility>

#include "core/timefmt.h"

namespace composure {
namespace {

constexpr std::size_t kMaxNegatorReach = 6;
constexpr std::size_t kQuoteContext = 6;  // words either side of a match in a long utterance

std::string_view describe(EventKind kind) {
  switch (kind) {
    case EventKind::Anger:
      return "anger";
    case EventKind::Profanity:
      return "profanity";
    case EventKind::ThreatLegal:
      return "legal threat";
    case EventKind::ThreatCancel:
      return "threat to cancel";
    case EventKind::ThreatPublic:
      return "threat to go public";
    case EventKind::ThreatReview:
      return "threat of a bad review";
    case EventKind::ThreatRegulator:
      return "threat to go to a regulator";
    case EventKind::Urgency:
      return "urgency";
    case EventKind::RepeatContact:
      return "has been in touch before";
    case EventKind::Distrust:
      return "distrust";
    case EventKind::Sarcasm:
      return "sarcasm";
    case EventKind::Confusion:
      return "confusion";
    case EventKind::SupervisorRequest:
      return "asks for a supervisor";
    case EventKind::PersonalAttack:
      return "personal attack";
    case EventKind::Demand:
      return "makes a demand";
    case EventKind::Hedge:
      return "hedges";
    case EventKind::ProofRequest:
      return "asks for proof";
    case EventKind::Fairness:
      return "speaks of fairness";
    case EventKind::WasTold:
      return "was told";
    case EventKind::Impatience:
      return "impatient";
    case EventKind::AnotherComplaint:
      return "adds another complaint";
    case EventKind::Aside:
      return "goes off topic";
    case EventKind::Distress:
      return "sounds distressed";
    case EventKind::TriggerPhrase:
      return "trigger phrase";
    case EventKind::Validation:
      return "validates the feeling";
    case EventKind::Empathy:
      return "empathy";
    case EventKind::SpecificApology:
      return "specific apology";
    case EventKind::FormulaicApology:
      return "formulaic apology";
    case EventKind::Ownership:
      return "takes ownership";
    case EventKind::OverPromise:
      return "over-promise";
    case EventKind::HoldAnnouncement:
      return "announces a hold";
    case EventKind::CheckIn:
      return "checks in";
    case EventKind::Troubleshooting:
      return "troubleshooting";
    case EventKind::OffersOptions:
      return "offers options";
    case EventKind::Resolution:
      return "resolution";
    case EventKind::Closing:
      return "closing";
    case EventKind::Greeting:
      return "greeting";
    case EventKind::BoundaryWarning:
      return "sets a boundary";
    default:
      return to_string(kind);
  }
}

int count_letters(std::string_view text, bool upper) {
  int n = 0;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80 && std::isalpha(c) != 0 && (upper ? std::isupper(c) : std::islower(c)) != 0) ++n;
  }
  return n;
}

// "FURIOUS" (four letters or more, none lower case); "OK", "TV" and "CEO" are not shouting.
bool in_capitals(std::string_view text) {
  return count_letters(text, true) >= 4 && count_letters(text, false) == 0;
}

bool starts_upper(std::string_view text) {
  return !text.empty() && std::isupper(static_cast<unsigned char>(text.front())) != 0;
}

// Most of a typed utterance in capitals: at least three words and 60 % of them.
bool mostly_capitals(const Utterance& u) {
  int words = 0;
  int caps = 0;
  for (const Word& w : u.words) {
    const int upper = count_letters(w.text, true);
    const int lower = count_letters(w.text, false);
    if (upper + lower < 2) continue;
    ++words;
    if (lower == 0) ++caps;
  }
  return caps >= 3 && caps * 5 >= words * 3;
}

double round2(double v) {
  return std::round(v * 100) / 100;
}

std::string capitalised(std::string_view word) {
  std::string s(word);
  if (!s.empty() && static_cast<unsigned char>(s[0]) < 0x80) {
    s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  }
  return s;
}

constexpr std::uint16_t kNotNameFlags = WordInfo::StopWord | WordInfo::Filler | WordInfo::Number |
                                        WordInfo::Ordinal | WordInfo::Title | WordInfo::Contrast;
constexpr std::uint16_t kKnownWordFlags =
    kNotNameFlags | WordInfo::Vocabulary | WordInfo::NotName | WordInfo::Vague;

bool modifier(const WordInfo& info) {
  return info.negator_reach > 0 || info.intensifier > 1;
}

}  // namespace

WordCueDetector::WordCueDetector(std::shared_ptr<const Lexicon> lexicon,
                                 const WordCueSettings& settings)
    : lexicon_(std::move(lexicon)), settings_(settings) {
  assert(lexicon_ != nullptr);
  matches_.reserve(64);
  found_.reserve(kEventKindCount);
}

void WordCueDetector::set_caller_name(std::string name) {
  TokenList parts;
  parts.add_text(name);
  lexicon_->resolve(parts.tokens());
  given_parts_.clear();
  for (const Token& t : parts.tokens()) {
    // Whatever the CRM says is the name, even "Will": only titles and initials are skipped.
    const bool title = t.info != nullptr && t.info->has(WordInfo::Title);
    if (t.text.size() >= 2 && !title) given_parts_.push_back(t.text);
  }
  given_name_ = std::move(name);
  update_name_parts();
}

const std::string& WordCueDetector::caller_name() const {
  return given_name_.empty() ? learned_name_ : given_name_;
}

void WordCueDetector::update_name_parts() {
  name_parts_ = given_parts_;
  for (const std::string& p : learned_parts_) {
    if (std::find(name_parts_.begin(), name_parts_.end(), p) == name_parts_.end()) {
      name_parts_.push_back(p);
    }
  }
}

void WordCueDetector::push(const Utterance& u, EventSink& sink) {
  if (!u.final || u.words.empty()) return;
  tokens_.clear();
  for (std::size_t i = 0; i < u.words.size(); ++i) {
    tokens_.add_word(u.words[i].text, static_cast<std::uint32_t>(i));
  }
  if (tokens_.size() == 0) return;
  lexicon_->resolve(tokens_.tokens());
  shouting_ = u.typed && mostly_capitals(u);
  out_.clear();
  find_lexicon_cues(u);
  if (u.speaker == Speaker::Caller) {
    learn_name(u);
    ++caller_utterances_;
    find_repetition(u);
    find_added_complaint(u);
  } else {
    find_name(u);
  }
  std::stable_sort(out_.begin(), out_.end(),
                   [](const Event& a, const Event& b) { return a.t_ms < b.t_ms; });
  for (const Event& e : out_) sink.on_event(e);
}

bool WordCueDetector::negated(std::size_t begin) const {
  const auto tokens = tokens_.tokens();
  for (std::size_t k = begin; k > 0; --k) {
    if (tokens[k].clause_break) return false;
    const std::size_t distance = begin - (k - 1);
    if (distance > kMaxNegatorReach) return false;
    const WordInfo* info = tokens[k - 1].info;
    if (info != nullptr && info->negator_reach >= distance) return true;
  }
  return false;
}

bool WordCueDetector::has_detail(std::size_t end) const {
  const auto tokens = tokens_.tokens();
  int concrete = 0;
  for (std::size_t k = end; k < tokens.size() && k < end + settings_.detail_window; ++k) {
    const Token& t = tokens[k];
    if (t.sentence_break) break;
    if (t.info != nullptr && t.info->has(WordInfo::Contrast)) break;
    if (t.masked || t.text.size() < 3) continue;
    if (t.info != nullptr &&
        ((t.info->flags & (WordInfo::StopWord | WordInfo::Vague | WordInfo::Filler)) != 0 ||
         modifier(*t.info))) {
      continue;
    }
    if (++concrete >= settings_.detail_min_words) return true;
  }
  return false;
}

void WordCueDetector::score(const Utterance& u, const PhraseMatch& m, Candidate& c) const {
  const auto tokens = tokens_.tokens();
  const Phrase& p = lexicon_->phrase(m.phrase);
  c.found = true;
  c.phrase = m.phrase;
  c.begin = m.begin;
  c.end = m.end;
  // Intensifiers right before the phrase ("so so angry", "absolutely furious").
  float intensity = 1;
  std::size_t k = m.begin;
  while (k > 0 && !tokens[k].clause_break) {
    const WordInfo* info = tokens[k - 1].info;
    if (info == nullptr || info->intensifier <= 1) break;
    intensity *= info->intensifier;
    --k;
  }
  c.boost_begin = static_cast<std::uint32_t>(k);
  const std::size_t first_word = tokens[m.begin].word;
  const std::size_t last_word = tokens[m.end - 1].word;
  c.caps = false;
  c.exclamations = 0;
  if (u.typed) {
    for (std::size_t w = first_word; w <= last_word; ++w)
      c.caps = c.caps || in_capitals(u.words[w].text);
    if (c.caps) {
      intensity *= settings_.caps_boost;
    } else if (shouting_) {
      intensity *= settings_.shouting_boost;
    }
    c.exclamations = std::min(tokens_.exclamations(), settings_.max_exclamations);
    intensity *= 1 + settings_.exclamation_boost * static_cast<float>(c.exclamations);
  }
  c.intensity = std::min(intensity, settings_.max_intensity);
  float confidence = 0;
  for (std::size_t w = first_word; w <= last_word; ++w) {
    confidence += std::clamp(u.words[w].confidence, 0.0F, 1.0F);
  }
  c.confidence = confidence / static_cast<float>(last_word - first_word + 1);
  c.strength = std::clamp(p.weight * c.intensity * c.confidence, 0.0F, 1.0F);
}

void WordCueDetector::find_lexicon_cues(const Utterance& u) {
  matches_.clear();
  lexicon_->match(u.speaker, tokens_.tokens(), matches_);
  for (const EventKind kind : found_) best_[static_cast<std::size_t>(kind)].found = false;
  found_.clear();
  for (const PhraseMatch& m : matches_) {
    const Phrase& p = lexicon_->phrase(m.phrase);
    if (p.exclusion) continue;
    const bool vetoed = std::any_of(matches_.begin(), matches_.end(), [&](const PhraseMatch& x) {
      const Phrase& q = lexicon_->phrase(x.phrase);
      return q.exclusion && q.kind == p.kind && x.begin < m.end && m.begin < x.end;
    });
    if (vetoed) continue;
    if (!p.ignore_negation && !p.contains_negator && !p.starts_clause && negated(m.begin)) {
      continue;
    }
    if (p.needs_detail && !has_detail(m.end)) continue;
    Candidate c;
    score(u, m, c);
    Candidate& best = best_[static_cast<std::size_t>(p.kind)];
    if (!best.found) {
      found_.push_back(p.kind);
      best = c;
    } else if (c.strength > best.strength) {
      best = c;
    }
  }
  for (const EventKind kind : found_) {
    const EventKind over = lexicon_->overridden_by(kind);
    if (over != kind && best_[static_cast<std::size_t>(over)].found) continue;
    out_.push_back(lexicon_event(u, kind, best_[static_cast<std::size_t>(kind)]));
  }
}

std::string WordCueDetector::quote(const Utterance& u, std::size_t first_word,
                                   std::size_t last_word) const {
  const std::size_t n = u.words.size();
  std::size_t from = 0;
  std::size_t to = n - 1;
  if (n > settings_.quote_max_words) {
    from = first_word > kQuoteContext ? first_word - kQuoteContext : 0;
    to = std::min(n - 1, last_word + kQuoteContext);
    if (to - from + 1 > settings_.quote_max_words) to = from + settings_.quote_max_words - 1;
  }
  std::string out = from > 0 ? "..." : "";
  for (std::size_t w = from; w <= to; ++w) {
    if (w > from) out += ' ';
    out += u.words[w].text;
  }
  if (to + 1 < n) out += "...";
  return out;
}

Event WordCueDetector::lexicon_event(const Utterance& u, EventKind kind, const Candidate& c) const {
  const auto tokens = tokens_.tokens();
  const Phrase& p = lexicon_->phrase(c.phrase);
  const std::size_t first_word = tokens[c.begin].word;
  const std::size_t last_word = tokens[c.end - 1].word;
  Event e;
  e.kind = kind;
  e.speaker = u.speaker;
  e.t_ms = u.words[first_word].t_ms;
  e.end_ms = u.words[last_word].end_ms;
  e.strength = c.strength;
  std::string why;
  auto add = [&](const std::string& part) { why += (why.empty() ? "" : ", ") + part; };
  for (std::size_t k = c.boost_begin; k < c.begin; ++k) add("\"" + tokens[k].text + "\"");
  if (c.caps) add("capitals");
  if (!c.caps && shouting_ && u.typed) add("capitals throughout");
  if (c.exclamations > 0) add(std::to_string(c.exclamations) + " '!'");
  e.evidence.text = std::string(to_string(u.speaker)) + ": \"" + quote(u, first_word, last_word) +
                    "\" (" + std::string(describe(kind)) + ": " + p.text +
                    (why.empty() ? "" : "; stronger for " + why) + ")";
  e.evidence.numbers = {{"weight", round2(p.weight), ""},
                        {"intensity", round2(c.intensity), "x"},
                        {"confidence", round2(c.confidence), ""}};
  return e;
}

bool WordCueDetector::name_word_ok(const Token& t, bool strict) const {
  if (t.masked || t.text.size() < 2) return false;
  for (const char ch : t.text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80 && std::isalpha(c) == 0 && c != '\'' && c != '-') return false;
  }
  if (t.info == nullptr) return true;
  if ((t.info->flags & kNotNameFlags) != 0 || t.info->negator_reach > 0) return false;
  return !strict || ((t.info->flags & kKnownWordFlags) == 0 && !modifier(*t.info));
}

void WordCueDetector::learn_name(const Utterance& u) {
  const auto tokens = tokens_.tokens();
  matches_.clear();
  lexicon_->match_name_intros(tokens, matches_);
  for (const PhraseMatch& m : matches_) {
    const Phrase& p = lexicon_->name_intro(m.phrase);
    std::size_t i = m.begin + static_cast<std::size_t>(p.name_offset);
    // "my name is Mrs Price": the title is not the name.
    if (tokens[i].info != nullptr && tokens[i].info->has(WordInfo::Title) &&
        i + 1 < tokens.size() && !tokens[i + 1].sentence_break) {
      ++i;
    }
    if (!name_word_ok(tokens[i], p.strict_name)) continue;
    // "It's swollen" mid-call is no introduction: the bare forms count only while the caller is
    // still introducing themselves.
    if (p.strict_name && caller_utterances_ >= settings_.bare_name_intro_utterances) continue;
    if (u.typed && p.strict_name && !starts_upper(u.words[tokens[i].word].text)) continue;
    learned_parts_ = {tokens[i].text};
    learned_name_ = capitalised(tokens[i].text);
    // A surname only where capitals show it ("My name is Dana Price"); a recogniser's lower-case
    // words cannot tell "dana price" from "dana calling".
    const std::size_t j = i + 1;
    if (u.typed && j < tokens.size() && !tokens[j].clause_break &&
        tokens[j].word != tokens[i].word && starts_upper(u.words[tokens[j].word].text) &&
        name_word_ok(tokens[j], false)) {
      learned_parts_.push_back(tokens[j].text);
      learned_name_ += " " + capitalised(tokens[j].text);
    }
    update_name_parts();
    return;
  }
}

void WordCueDetector::find_name(const Utterance& u) {
  if (name_parts_.empty()) return;
  const auto tokens = tokens_.tokens();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (std::find(name_parts_.begin(), name_parts_.end(), t.text) == name_parts_.end()) continue;
    const bool titled = i > 0 && tokens[i - 1].info != nullptr &&
                        tokens[i - 1].info->has(WordInfo::Title) && !t.clause_break;
    // A name that is also an ordinary word ("Will", "Sue") counts only with a title or standing
    // apart ("Thanks, Will."), not inside a sentence ("I will check").
    const bool ordinary =
        t.info != nullptr && ((t.info->flags & kKnownWordFlags) != 0 || modifier(*t.info));
    const bool apart =
        i == 0 || t.clause_break || i + 1 == tokens.size() || tokens[i + 1].clause_break;
    if (ordinary && !titled && !apart) continue;
    const std::size_t first = titled ? i - 1 : i;
    const Word& w0 = u.words[tokens[first].word];
    const Word& w1 = u.words[t.word];
    if (name_used_ && w0.t_ms - last_name_ms_ < settings_.name_refractory_ms) return;
    name_used_ = true;
    last_name_ms_ = w0.t_ms;
    Event e;
    e.kind = EventKind::UsesName;
    e.speaker = u.speaker;
    e.t_ms = w0.t_ms;
    e.end_ms = w1.end_ms;
    e.strength = std::clamp(settings_.uses_name_strength * w1.confidence, 0.0F, 1.0F);
    e.evidence.text = "agent: \"" + quote(u, tokens[first].word, t.word) +
                      "\" (uses the caller's name: " + capitalised(t.text) + ")";
    e.evidence.numbers = {{"confidence", round2(w1.confidence), ""}};
    out_.push_back(std::move(e));
    return;
  }
}

void WordCueDetector::find_repetition(const Utterance& u) {
  content_.clear();
  for (const Token& t : tokens_.tokens()) {
    if (t.masked || t.text.size() < 2) continue;
    // Numbers written in digits are account numbers, postcodes and dates, not the complaint.
    if (std::any_of(t.text.begin(), t.text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    if (t.info != nullptr &&
        ((t.info->flags & (WordInfo::StopWord | WordInfo::Filler | WordInfo::Contrast)) != 0 ||
         modifier(*t.info))) {
      continue;
    }
    content_.push_back(std::hash<std::string>{}(simple_stem(t.text)));
  }
  std::sort(content_.begin(), content_.end());
  content_.erase(std::unique(content_.begin(), content_.end()), content_.end());
  if (content_.size() < settings_.repeat_min_words) return;

  const Remembered* best = nullptr;
  double best_overlap = 0;
  std::size_t best_shared = 0;
  for (const Remembered& r : memory_) {
    std::size_t shared = 0;
    auto a = r.stems.begin();
    auto b = content_.begin();
    while (a != r.stems.end() && b != content_.end()) {
      if (*a < *b) {
        ++a;
      } else if (*b < *a) {
        ++b;
      } else {
        ++shared;
        ++a;
        ++b;
      }
    }
    const double overlap = static_cast<double>(shared) /
                           static_cast<double>(r.stems.size() + content_.size() - shared);
    if (overlap > best_overlap) {
      best_overlap = overlap;
      best = &r;
      best_shared = shared;
    }
  }
  const std::string now = quote(u, 0, u.words.size() - 1);
  if (best != nullptr && best_overlap >= settings_.repeat_min_overlap) {
    Event e;
    e.kind = EventKind::RepeatedComplaint;
    e.speaker = u.speaker;
    e.t_ms = u.t_ms;
    e.end_ms = u.end_ms;
    e.strength = static_cast<float>(std::min(1.0, best_overlap));
    const std::size_t union_size = best->stems.size() + content_.size() - best_shared;
    e.evidence.text = "caller: \"" + now + "\" repeats what they said at " +
                      format_clock(best->t_ms) + ": \"" + best->quote + "\" (" +
                      std::to_string(best_shared) + " of " + std::to_string(union_size) +
                      " content words shared)";
    e.evidence.numbers = {{"overlap", round2(best_overlap), ""},
                          {"shared_words", static_cast<double>(best_shared), "words"},
                          {"earlier_at", static_cast<double>(best->t_ms) / 1000.0, "s"}};
    out_.push_back(std::move(e));
  }
  memory_.push_back({content_, u.t_ms, now});
  if (memory_.size() > settings_.repeat_memory) memory_.pop_front();
}

void WordCueDetector::find_added_complaint(const Utterance& u) {
  const bool phrase_found = std::any_of(out_.begin(), out_.end(), [](const Event& e) {
    return e.kind == EventKind::AnotherComplaint;
  });
  if (phrase_found) return;
  const auto& tokens = tokens_.tokens();
  const auto has = [&](std::size_t i, WordInfo::Flag f) {
    return tokens[i].info != nullptr && tokens[i].info->has(f);
  };
  std::size_t start = 0;
  while (start < tokens.size()) {
    std::size_t end = start + 1;
    while (end < tokens.size() && !tokens[end].sentence_break) ++end;
    // A connective among the first three words, after nothing but fillers ("oh, and ...").
    bool opens = false;
    for (std::size_t i = start; i < std::min(end, start + 3); ++i) {
      if (has(i, WordInfo::Connective)) {
        opens = true;
        break;
      }
      if (!has(i, WordInfo::Filler)) break;
    }
    std::size_t amiss = end;
    for (std::size_t i = start; opens && i < end && amiss == end; ++i) {
      const bool negator = tokens[i].info != nullptr && tokens[i].info->negator_reach > 0;
      if (negator || has(i, WordInfo::Problem)) amiss = i;
    }
    if (opens && amiss < end && end - start >= 4) {
      Event e;
      e.kind = EventKind::AnotherComplaint;
      e.speaker = u.speaker;
      e.t_ms = u.t_ms;
      e.end_ms = u.end_ms;
      e.strength = settings_.added_complaint_strength;
      std::string& text = e.evidence.text;
      text = "caller: \"";
      text += quote(u, tokens[start].word, tokens[end - 1].word);
      text += "\" (";
      text += describe(e.kind);
      text += ": a sentence opening with \"";
      text += tokens[start].text;
      text += "\" that names something amiss: \"";
      text += tokens[amiss].text;
      text += "\")";
      out_.push_back(std::move(e));
      return;
    }
    start = end;
  }
}

}  // namespace composure
