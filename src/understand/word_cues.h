// Word-level cues in one call: what the caller says (anger, threats, urgency, repeating the same
// complaint, ...) and what the agent says (trigger phrases, validation, apologies, ownership,
// using the caller's name, ...), each an Event with the words and numbers behind it.
//
//   auto lexicon = Lexicon::load_default().value();  // shared, immutable, loaded once
//   WordCueDetector cues(lexicon);                   // one per call
//   cues.set_caller_name("Dana Price");              // optional, e.g. from the CRM
//   cues.push(utterance, sink);                      // each final utterance, in call order
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/word.h"
#include "understand/lexicon.h"

namespace composure {

struct WordCueSettings {
  // Typed text only: capitals and '!' carry meaning there, a recogniser produces neither.
  float caps_boost = 1.3F;           // a matched word in capitals ("I'm FURIOUS")
  float shouting_boost = 1.2F;       // most of the utterance in capitals
  float exclamation_boost = 0.1F;    // per '!' in the utterance ...
  int max_exclamations = 3;          // ... counting at most this many
  float max_intensity = 2.0F;        // cap on the product of all boosts
  std::size_t detail_window = 10;    // tokens after an apology searched for what it is about
  int detail_min_words = 2;          // concrete words that make an apology specific
  double repeat_min_overlap = 0.5;   // Jaccard overlap of content words with an earlier utterance
  std::size_t repeat_min_words = 3;  // content words both utterances need
  std::size_t repeat_memory = 64;    // earlier caller utterances remembered
  std::int64_t name_refractory_ms = 30000;  // at most one uses_name per this long
  float uses_name_strength = 0.6F;
  // "this is Dana", "it's Dana": names only among the caller's first few utterances.
  int bare_name_intro_utterances = 4;
  std::size_t quote_max_words = 20;  // longer utterances are quoted around the match
  // An added complaint found from a sentence's shape (connective + something amiss), when no
  // phrase of [another_complaint] matched: a likely cue, weaker than a phrase.
  float added_complaint_strength = 0.5F;
};

class WordCueDetector {
 public:
  explicit WordCueDetector(std::shared_ptr<const Lexicon> lexicon,
                           const WordCueSettings& settings = {});

  // Emits the cues found in one utterance of the call; utterances arrive in call order. Partial
  // recogniser results (final == false) are ignored: the final result carries the same words.
  void push(const Utterance& u, EventSink& sink);

  // The caller's name from outside the call (CRM, IVR). Names the caller gives themselves
  // ("my name is ...") are learned as well; the agent saying either counts.
  void set_caller_name(std::string name);
  // The name given or learned ("Dana Price"), empty while unknown.
  const std::string& caller_name() const;

 private:
  struct Candidate {
    bool found = false;
    std::uint32_t phrase = 0;
    std::uint32_t begin = 0;  // tokens [begin, end)
    std::uint32_t end = 0;
    std::uint32_t boost_begin = 0;  // intensifiers before the phrase start here
    float strength = 0;
    float intensity = 1;
    float confidence = 1;
    bool caps = false;
    int exclamations = 0;
  };
  struct Remembered {
    std::vector<std::uint64_t> stems;  // hashes of the content words' stems, sorted, unique
    std::int64_t t_ms = 0;
    std::string quote;
  };

  void find_lexicon_cues(const Utterance& u);
  bool negated(std::size_t begin) const;
  bool has_detail(std::size_t end) const;
  void score(const Utterance& u, const PhraseMatch& m, Candidate& c) const;
  Event lexicon_event(const Utterance& u, EventKind kind, const Candidate& c) const;
  void learn_name(const Utterance& u);
  void find_name(const Utterance& u);
  void find_repetition(const Utterance& u);
  // "And the box was crushed", "Also, nobody rang": a sentence that adds one more grievance.
  void find_added_complaint(const Utterance& u);
  std::string quote(const Utterance& u, std::size_t first_word, std::size_t last_word) const;
  bool name_word_ok(const Token& t, bool strict) const;
  void update_name_parts();

  std::shared_ptr<const Lexicon> lexicon_;
  WordCueSettings settings_;
  TokenList tokens_;
  std::vector<PhraseMatch> matches_;
  std::array<Candidate, kEventKindCount> best_{};
  std::vector<EventKind> found_;
  std::vector<Event> out_;  // this utterance's events, emitted in time order
  bool shouting_ = false;   // this utterance: typed, mostly in capitals
  std::vector<std::uint64_t> content_;
  std::deque<Remembered> memory_;
  std::string given_name_;                // set_caller_name
  int caller_utterances_ = 0;             // caller utterances seen so far
  std::string learned_name_;              // from the caller's own words
  std::vector<std::string> given_parts_;  // normalised
  std::vector<std::string> learned_parts_;
  std::vector<std::string> name_parts_;  // normalised, from both
  std::int64_t last_name_ms_ = 0;
  bool name_used_ = false;
};

}  // namespace composure
