#include "store/redact.h"

#include <array>
#include <cctype>
#include <cstddef>
#include <vector>

#include "core/strings.h"

namespace composure {
namespace {

constexpr std::size_t kCardMinDigits = 13;
constexpr std::size_t kCardMaxDigits = 19;
constexpr std::size_t kSsnDigits = 9;
constexpr std::size_t kSsnLookBackWords = 4;

constexpr std::array<std::string_view, 11> kDigitWords = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "oh"};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// One whitespace-separated word, with its leading and trailing punctuation split off.
struct Token {
  std::size_t begin = 0;  // of the whole word in the text
  std::size_t end = 0;
  std::string_view lead;    // "(" before the word
  std::string_view core;    // the word itself
  std::string_view trail;   // ",", ".", ")" after it
  std::string digits;       // the digits the core stands for; empty when it is not a number
  bool ssn_shaped = false;  // ddd-dd-dddd
};

bool is_punct(char c) {
  return std::ispunct(static_cast<unsigned char>(c)) != 0 && c != '-';
}

void classify(Token& t) {
  const std::string_view c = t.core;
  if (c.empty()) return;
  bool only_digits_and_hyphens = is_digit(c.front()) && is_digit(c.back());
  for (const char ch : c) {
    if (!is_digit(ch) && ch != '-') only_digits_and_hyphens = false;
  }
  if (only_digits_and_hyphens) {
    for (const char ch : c) {
      if (is_digit(ch)) t.digits += ch;
    }
    t.ssn_shaped = c.size() == 11 && c[3] == '-' && c[6] == '-' && t.digits.size() == kSsnDigits;
    return;
  }
  const std::string word = lower_ascii(c);
  for (std::size_t d = 0; d < kDigitWords.size(); ++d) {
    if (word == kDigitWords[d]) {
      t.digits = std::string(1, static_cast<char>('0' + (d == 10 ? 0 : d)));
      return;
    }
  }
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) ++i;
    if (i >= text.size()) break;
    Token t;
    t.begin = i;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) == 0) ++i;
    t.end = i;
    std::string_view word = text.substr(t.begin, t.end - t.begin);
    std::size_t lead = 0;
    while (lead < word.size() && is_punct(word[lead])) ++lead;
    std::size_t trail = word.size();
    while (trail > lead && is_punct(word[trail - 1])) --trail;
    t.lead = word.substr(0, lead);
    t.core = word.substr(lead, trail - lead);
    t.trail = word.substr(trail);
    classify(t);
    tokens.push_back(std::move(t));
  }
  return tokens;
}

// True when "social security" or "ssn" ends within the few words before token `at`.
bool after_ssn_words(const std::vector<Token>& tokens, std::size_t at) {
  const std::size_t from = at > kSsnLookBackWords ? at - kSsnLookBackWords : 0;
  for (std::size_t i = from; i < at; ++i) {
    const std::string w = lower_ascii(tokens[i].core);
    if (w == "ssn") return true;
    if (w == "security" && i > 0 && lower_ascii(tokens[i - 1].core) == "social") return true;
  }
  return false;
}

}  // namespace

bool luhn_valid(std::string_view digits) {
  if (digits.empty()) return false;
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (!is_digit(*it)) return false;
    int d = *it - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

std::string redact(std::string_view text) {
  const std::vector<Token> tokens = tokenize(text);
  // What replaces each run of tokens [first, last]: indexes into tokens.
  struct Cut {
    std::size_t first;
    std::size_t last;
    std::string_view with;
  };
  std::vector<Cut> cuts;
  std::size_t i = 0;
  while (i < tokens.size()) {
    if (tokens[i].digits.empty()) {
      ++i;
      continue;
    }
    if (tokens[i].ssn_shaped) {
      cuts.push_back({i, i, kRedactedSsn});
      ++i;
      continue;
    }
    // The longest card number starting here, else 9 digits after "social security".
    std::size_t count = 0;
    std::string digits;
    std::size_t card_end = tokens.size();
    std::size_t ssn_end = tokens.size();
    for (std::size_t j = i; j < tokens.size() && !tokens[j].digits.empty(); ++j) {
      digits += tokens[j].digits;
      count = digits.size();
      if (count > kCardMaxDigits) break;
      if (count >= kCardMinDigits && luhn_valid(digits)) card_end = j;
      if (count == kSsnDigits) ssn_end = j;
      // Punctuation after a word ends a spoken or typed number.
      if (!tokens[j].trail.empty() && tokens[j].trail != "-") break;
    }
    if (card_end < tokens.size()) {
      cuts.push_back({i, card_end, kRedactedCard});
      i = card_end + 1;
    } else if (ssn_end < tokens.size() && after_ssn_words(tokens, i)) {
      cuts.push_back({i, ssn_end, kRedactedSsn});
      i = ssn_end + 1;
    } else {
      ++i;
    }
  }
  if (cuts.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  for (const Cut& c : cuts) {
    const Token& first = tokens[c.first];
    const Token& last = tokens[c.last];
    out.append(text.substr(pos, first.begin - pos));
    out.append(first.lead);
    out.append(c.with);
    out.append(last.trail);
    pos = last.end;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace composure
