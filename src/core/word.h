// Words on the call timeline, from a recogniser or a transcript, grouped into utterances: the
// unit word-level cues and the text scorer read.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/speaker.h"

namespace composure {

struct Word {
  std::int64_t t_ms = 0;
  std::int64_t end_ms = 0;
  std::string text;      // as recognised (lower case) or as typed (case and punctuation kept)
  float confidence = 1;  // 0..1; 1 for typed text

  bool operator==(const Word&) const = default;
};

struct Utterance {
  Speaker speaker = Speaker::Caller;
  std::int64_t t_ms = 0;
  std::int64_t end_ms = 0;
  std::vector<Word> words;
  bool typed = false;  // from a transcript: capitals and '!' carry meaning
  bool final = true;   // false for a recogniser's partial result

  // The words joined with single spaces.
  std::string text() const;
  bool operator==(const Utterance&) const = default;
};

}  // namespace composure
