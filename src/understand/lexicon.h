// The word-cue lexicons (data/lexicons/*.lex) parsed, validated and indexed for matching, and the
// normaliser that turns written or recognised words into the tokens both sides are matched on.
//
//   auto lexicon = Lexicon::load_default();           // the embedded files
//   if (!lexicon) { report(lexicon.error().message); } // "lexicons/caller.lex:42: unknown ..."
//   WordCueDetector cues(*lexicon);                    // word_cues.h
//
// File format: data/lexicons/README.md.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/event.h"
#include "core/result.h"
#include "core/speaker.h"

namespace composure {

// Whose words a word-cue kind is about: Anger .. Distress are the caller's, TriggerPhrase ..
// BoundaryWarning the agent's. Only for is_word_cue() kinds.
Speaker word_cue_speaker(EventKind kind);

// A kind whose phrases a lexicon lists (every word cue except RepeatedComplaint and UsesName,
// which compare utterances rather than look words up).
bool is_lexicon_kind(EventKind kind);

// What the lexicon knows about one normalised word.
struct WordInfo {
  enum Flag : std::uint16_t {
    StopWord = 1U << 0,     // "the", "my", "is": ignored when comparing complaints
    Vague = 1U << 1,        // "inconvenience", "issue": names nothing concrete after an apology
    Filler = 1U << 2,       // "hi", "um", "well": may precede a phrase marked `start`
    Title = 1U << 3,        // "mr", "mrs": the next word is a surname
    Vocabulary = 1U << 4,   // appears in some cue phrase: not taken as a name from "this is X"
    NotName = 1U << 5,      // listed as never a name
    Number = 1U << 6,       // "three", "few": matches <num>
    Ordinal = 1U << 7,      // "third": matches <nth>
    Contrast = 1U << 8,     // "but", "however": ends the detail an apology names
    Subject = 1U << 9,      // "i", "we": a phrase starting with one carries its own negation
    Connective = 1U << 10,  // "and", "also", "plus": a sentence opening with one adds to the last
    Problem = 1U << 11,     // "wrong", "broken", "missing": names something amiss
    Opener = 1U << 12,      // "and", "then", "fine": may precede a `start` cue, not a name intro
  };
  std::uint16_t flags = 0;
  std::uint8_t negator_reach = 0;  // > 0: a negator that covers this many following tokens
  float intensifier = 1;           // > 1: an intensifier and its multiplier

  bool has(Flag f) const { return (flags & f) != 0; }
};

// One normalised token: lower case, punctuation stripped, contractions expanded ("can't" gives
// "can" "not"). Punctuation survives only as the breaks it made.
struct Token {
  std::string text;
  std::uint32_t word = 0;          // index of the Word it came from
  bool clause_break = false;       // , ; : - ( ) or a sentence break just before this token
  bool sentence_break = false;     // . ! ? just before this token
  bool masked = false;             // a censored word such as "f***"
  std::int32_t id = -1;            // set by Lexicon::resolve: the word's id, -1 when unknown
  const WordInfo* info = nullptr;  // set by Lexicon::resolve: null when unknown
};

// Tokens of a sequence of written words. Reused across utterances: clear() keeps the storage.
class TokenList {
 public:
  void clear();
  // Appends the tokens of one word as written ("Tuesday.", "can't", "I'M", "100%"), which may
  // hold punctuation or even several words.
  void add_word(std::string_view written, std::uint32_t word_index);
  // Appends text split at spaces, all as word 0 (for phrases and names).
  void add_text(std::string_view text);

  std::span<Token> tokens() { return {items_.data(), size_}; }
  std::span<const Token> tokens() const { return {items_.data(), size_}; }
  std::size_t size() const { return size_; }
  const Token& operator[](std::size_t i) const { return items_[i]; }
  int exclamations() const { return exclamations_; }  // '!' seen in the written words

 private:
  void emit(std::string_view piece, bool masked);
  void push(std::string_view text, bool masked);

  std::vector<Token> items_;
  std::size_t size_ = 0;
  std::string scratch_;
  std::uint32_t word_ = 0;
  bool pending_clause_ = false;
  bool pending_sentence_ = false;
  int exclamations_ = 0;
};

// One phrase of a lexicon, compiled.
struct Phrase {
  enum class Part : std::uint8_t { Word, Prefix, Any, Gap, Number, Ordinal, Masked, Name };
  struct Element {
    Part part = Part::Word;
    std::int32_t id = -1;  // Word: index into the lexicon's word table
    std::string text;      // Word and Prefix: the normalised text
    std::uint8_t max = 0;  // Gap: up to this many tokens
  };

  EventKind kind = EventKind::Anger;  // unused for name introductions
  std::string text;                   // as written in the file, for evidence
  std::string origin;                 // "lexicons/caller.lex:12"
  std::vector<Element> elements;
  float weight = 0;
  bool exclusion = false;         // "! phrase": vetoes overlapping matches of its section
  bool ignore_negation = false;   // a negator before it does not suppress it
  bool needs_detail = false;      // an apology that counts only when concrete words follow
  bool at_start = false;          // only at the start of a sentence (after fillers)
  bool at_end = false;            // only at the end of a sentence or of the utterance
  bool strict_name = false;       // name introductions: the name must not be a known word
  bool contains_negator = false;  // "not good enough": negation is part of the phrase
  bool starts_clause = false;     // "i am cancelling": a negator before it is another clause's
  std::int32_t name_offset = -1;  // name introductions: token offset of <name>
};

// Where a phrase matched: tokens [begin, end).
struct PhraseMatch {
  std::uint32_t phrase = 0;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

// One lexicon file to parse: its name for messages and its text.
struct LexiconFile {
  std::string name;
  std::string text;
};

class Lexicon {
 public:
  // One file. Errors name it and the line: "lexicons/caller.lex:42: unknown section [angr]".
  [[nodiscard]] static Result<Lexicon> parse(std::string_view text, std::string_view name);
  // Several files as one lexicon: a section may continue in another file.
  [[nodiscard]] static Result<Lexicon> parse(std::span<const LexiconFile> files);
  // Every data/lexicons/*.lex compiled into the binary.
  [[nodiscard]] static Result<std::shared_ptr<const Lexicon>> load_default();
  // Every *.lex directly in `dir` (edited copies of the defaults), in name order.
  [[nodiscard]] static Result<std::shared_ptr<const Lexicon>> load_dir(
      const std::filesystem::path& dir);

  // Phrases (not exclusions) listed for a kind.
  std::size_t phrase_count(EventKind kind) const;
  std::size_t exclusion_count(EventKind kind) const;
  std::size_t name_intro_count() const { return name_intros_.size(); }

  // What the lexicon knows about a normalised word, or null.
  const WordInfo* word(std::string_view text) const;
  // Sets each token's info.
  void resolve(std::span<Token> tokens) const;

  // Every match of the phrases (and exclusions) meant for `speaker` in resolved tokens, appended.
  void match(Speaker speaker, std::span<const Token> tokens, std::vector<PhraseMatch>& out) const;
  // Every match of the name introductions ("my name is <name>").
  void match_name_intros(std::span<const Token> tokens, std::vector<PhraseMatch>& out) const;
  const Phrase& phrase(std::uint32_t index) const { return phrases_[index]; }
  const Phrase& name_intro(std::uint32_t index) const { return name_intros_[index]; }
  // Kind that, when found in the same utterance, overrides `kind` (formulaic apology gives way to
  // a specific one), or `kind` itself when none.
  EventKind overridden_by(EventKind kind) const { return unless_[static_cast<std::size_t>(kind)]; }

  // True when tokens[i] starts a sentence or clause, fillers before it aside.
  // `openers`: words from [openers] may stand before it too, as well as fillers.
  static bool at_sentence_start(std::span<const Token> tokens, std::size_t i, bool openers = false);

 private:
  friend class LexiconBuilder;

  // Phrases that may start at a token, per speaker.
  struct StartIndex {
    std::vector<std::vector<std::uint32_t>> by_word;  // by word id, one-word phrases and the like
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> by_pair;    // first two word ids
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> by_prefix;  // first 3 chars
    std::vector<std::uint32_t> anywhere;  // start with a wildcard or class
  };

  void index(const std::vector<Phrase>& phrases, std::span<const std::uint32_t> ids,
             StartIndex& into) const;
  void match_with(const std::vector<Phrase>& phrases, const StartIndex& index,
                  std::span<const Token> tokens, std::vector<PhraseMatch>& out) const;

  std::vector<Phrase> phrases_;
  std::vector<Phrase> name_intros_;
  std::vector<WordInfo> infos_;
  std::unordered_map<std::string, std::int32_t> ids_;
  std::array<StartIndex, 2> starts_;  // by Speaker
  StartIndex name_starts_;
  std::array<std::size_t, kEventKindCount> counts_{};
  std::array<std::size_t, kEventKindCount> exclusion_counts_{};
  std::array<EventKind, kEventKindCount> unless_{};
};

// Lower-case stem for comparing complaints: "charged", "charges", "charging" all give "charg".
std::string simple_stem(std::string_view word);

}  // namespace composure
