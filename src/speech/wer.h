// Word error rate: how far a recogniser's words are from a reference transcript, as the word-level
// edit distance (substitutions + deletions + insertions) over the reference's length.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace composure {

struct WordErrors {
  std::size_t substitutions = 0;
  std::size_t deletions = 0;   // reference words the hypothesis misses
  std::size_t insertions = 0;  // hypothesis words the reference lacks
  std::size_t reference_words = 0;

  std::size_t errors() const { return substitutions + deletions + insertions; }
  // errors / reference words; with an empty reference, the insertions count (0 or >= 1).
  double rate() const;
  // Sums counts, so a corpus rate weighs each file by its length.
  WordErrors& operator+=(const WordErrors& other);
  bool operator==(const WordErrors&) const = default;
};

// Lower-cases and splits into words: letters, digits and apostrophes stay, all else separates.
std::vector<std::string> normalize_words(std::string_view text);

// The minimal edit between the two word sequences (ties broken towards substitutions).
WordErrors word_errors(std::span<const std::string> reference,
                       std::span<const std::string> hypothesis);

// Normalises both texts, then counts.
WordErrors word_errors(std::string_view reference, std::string_view hypothesis);
double word_error_rate(std::string_view reference, std::string_view hypothesis);

}  // namespace composure
