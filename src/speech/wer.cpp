#include "speech/wer.h"

#include <algorithm>
#include <cctype>

namespace composure {
namespace {

// One cell of the edit table: the cost so far and how it splits, so the counts come out of the
// same pass as the distance.
struct Cell {
  std::size_t cost = 0;
  std::size_t substitutions = 0;
  std::size_t deletions = 0;
  std::size_t insertions = 0;
};

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '\'';
}

}  // namespace

double WordErrors::rate() const {
  if (reference_words == 0) return static_cast<double>(insertions);
  return static_cast<double>(errors()) / static_cast<double>(reference_words);
}

WordErrors& WordErrors::operator+=(const WordErrors& other) {
  substitutions += other.substitutions;
  deletions += other.deletions;
  insertions += other.insertions;
  reference_words += other.reference_words;
  return *this;
}

std::vector<std::string> normalize_words(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  for (char c : text) {
    if (is_word_char(c)) {
      current += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

WordErrors word_errors(std::span<const std::string> reference,
                       std::span<const std::string> hypothesis) {
  // Two rows of the (reference + 1) x (hypothesis + 1) table.
  std::vector<Cell> previous(hypothesis.size() + 1);
  std::vector<Cell> current(hypothesis.size() + 1);
  for (std::size_t j = 1; j <= hypothesis.size(); ++j) {
    previous[j] = previous[j - 1];
    ++previous[j].cost;
    ++previous[j].insertions;
  }
  for (std::size_t i = 1; i <= reference.size(); ++i) {
    current[0] = previous[0];
    ++current[0].cost;
    ++current[0].deletions;
    for (std::size_t j = 1; j <= hypothesis.size(); ++j) {
      Cell best = previous[j - 1];
      if (reference[i - 1] != hypothesis[j - 1]) {
        ++best.cost;
        ++best.substitutions;
      }
      if (previous[j].cost + 1 < best.cost) {
        best = previous[j];
        ++best.cost;
        ++best.deletions;
      }
      if (current[j - 1].cost + 1 < best.cost) {
        best = current[j - 1];
        ++best.cost;
        ++best.insertions;
      }
      current[j] = best;
    }
    std::swap(previous, current);
  }
  const Cell& last = previous[hypothesis.size()];
  return WordErrors{last.substitutions, last.deletions, last.insertions, reference.size()};
}

WordErrors word_errors(std::string_view reference, std::string_view hypothesis) {
  const std::vector<std::string> ref = normalize_words(reference);
  const std::vector<std::string> hyp = normalize_words(hypothesis);
  return word_errors(ref, hyp);
}

double word_error_rate(std::string_view reference, std::string_view hypothesis) {
  return word_errors(reference, hypothesis).rate();
}

}  // namespace composure
