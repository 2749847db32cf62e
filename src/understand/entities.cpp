#include "understand/entities.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <utility>

namespace composure {
namespace {

constexpr std::size_t kOrderDigits = 6;
constexpr std::size_t kAccountDigits = 8;
constexpr std::size_t kMaxWordLength = 16;             // longer words are never number words
constexpr std::int64_t kMaxUnits = 1'000'000'000'000;  // larger amounts are not money
constexpr std::size_t kMaxMoneyDigits = 13;
constexpr int kNotIdLookBack = 3;  // pieces before a digit run searched for "code", "phone"
constexpr int kMoneyLookBack = 4;  // pieces before a bare number searched for "paid", "refund"
constexpr std::int64_t kCentsPerUnit = 100;
constexpr std::int64_t kMinBareAmount = 10;  // smaller whole numbers need a currency to be money

enum class Currency : std::uint8_t { None, Gbp, Usd, Eur };

std::string_view code(Currency c) {
  switch (c) {
    case Currency::Gbp:
      return "GBP";
    case Currency::Usd:
      return "USD";
    case Currency::Eur:
      return "EUR";
    case Currency::None:
      break;
  }
  return "";
}

// What a word means to the spotter.
enum class Lex : std::uint8_t {
  None,
  Digit,    // zero .. nine, nought: one digit
  Oh,       // "oh", "o": zero, but only among other digits
  Teen,     // ten .. nineteen
  Tens,     // twenty .. ninety
  Hundred,  // multipliers
  Thousand,
  Million,
  A,       // "a", "an": one, before hundred or thousand
  And,     // "two hundred and twelve"
  Double,  // "double seven": 77
  Triple,  // "triple five": 555
  Money,   // pounds, quid, dollars, euros, GBP: a currency after (or, as a code, before) a number
  Minor,   // pence, cents
  SmallP,  // "p" written onto a number: "50p"
  Unit,    // times, days, percent: the number counts something other than money
  Paid,    // paid, refund, charged: money talk before a bare number
  Filler,  // words that may stand between such a word and the number
  NotId,   // code, pin, phone: the digits after it are no order or account
  Abbrev,  // "no", "nr": a full stop after it ends no sentence
  IdCue,   // order, account, reference, ref: digits follow, whatever was said before
};

struct LexEntry {
  std::string_view word;
  Lex lex;
  std::int64_t value = 0;
  Currency currency = Currency::None;
};

constexpr std::array kLexicon = {
    LexEntry{"zero", Lex::Digit, 0},
    LexEntry{"nought", Lex::Digit, 0},
    LexEntry{"nil", Lex::Digit, 0},
    LexEntry{"oh", Lex::Oh, 0},
    LexEntry{"o", Lex::Oh, 0},
    LexEntry{"one", Lex::Digit, 1},
    LexEntry{"two", Lex::Digit, 2},
    LexEntry{"three", Lex::Digit, 3},
    LexEntry{"four", Lex::Digit, 4},
    LexEntry{"five", Lex::Digit, 5},
    LexEntry{"six", Lex::Digit, 6},
    LexEntry{"seven", Lex::Digit, 7},
    LexEntry{"eight", Lex::Digit, 8},
    LexEntry{"nine", Lex::Digit, 9},
    LexEntry{"ten", Lex::Teen, 10},
    LexEntry{"eleven", Lex::Teen, 11},
    LexEntry{"twelve", Lex::Teen, 12},
    LexEntry{"thirteen", Lex::Teen, 13},
    LexEntry{"fourteen", Lex::Teen, 14},
    LexEntry{"fifteen", Lex::Teen, 15},
    LexEntry{"sixteen", Lex::Teen, 16},
    LexEntry{"seventeen", Lex::Teen, 17},
    LexEntry{"eighteen", Lex::Teen, 18},
    LexEntry{"nineteen", Lex::Teen, 19},
    LexEntry{"twenty", Lex::Tens, 20},
    LexEntry{"thirty", Lex::Tens, 30},
    LexEntry{"forty", Lex::Tens, 40},
    LexEntry{"fourty", Lex::Tens, 40},
    LexEntry{"fifty", Lex::Tens, 50},
    LexEntry{"sixty", Lex::Tens, 60},
    LexEntry{"seventy", Lex::Tens, 70},
    LexEntry{"eighty", Lex::Tens, 80},
    LexEntry{"ninety", Lex::Tens, 90},
    LexEntry{"hundred", Lex::Hundred, 100},
    LexEntry{"thousand", Lex::Thousand, 1000},
    LexEntry{"grand", Lex::Thousand, 1000},
    LexEntry{"million", Lex::Million, 1'000'000},
    LexEntry{"a", Lex::A, 1},
    LexEntry{"an", Lex::A, 1},
    LexEntry{"and", Lex::And},
    LexEntry{"double", Lex::Double, 2},
    LexEntry{"triple", Lex::Triple, 3},
    LexEntry{"pound", Lex::Money, 0, Currency::Gbp},
    LexEntry{"pounds", Lex::Money, 0, Currency::Gbp},
    LexEntry{"quid", Lex::Money, 0, Currency::Gbp},
    LexEntry{"sterling", Lex::Money, 0, Currency::Gbp},
    LexEntry{"gbp", Lex::Money, 1, Currency::Gbp},  // value 1: a code, also before the number
    LexEntry{"dollar", Lex::Money, 0, Currency::Usd},
    LexEntry{"dollars", Lex::Money, 0, Currency::Usd},
    LexEntry{"buck", Lex::Money, 0, Currency::Usd},
    LexEntry{"bucks", Lex::Money, 0, Currency::Usd},
    LexEntry{"usd", Lex::Money, 1, Currency::Usd},
    LexEntry{"euro", Lex::Money, 0, Currency::Eur},
    LexEntry{"euros", Lex::Money, 0, Currency::Eur},
    LexEntry{"eur", Lex::Money, 1, Currency::Eur},
    LexEntry{"pence", Lex::Minor, 0, Currency::Gbp},
    LexEntry{"penny", Lex::Minor, 0, Currency::Gbp},
    LexEntry{"cent", Lex::Minor, 0, Currency::Usd},
    LexEntry{"cents", Lex::Minor, 0, Currency::Usd},
    LexEntry{"p", Lex::SmallP, 0, Currency::Gbp},
    LexEntry{"time", Lex::Unit},
    LexEntry{"times", Lex::Unit},
    LexEntry{"day", Lex::Unit},
    LexEntry{"days", Lex::Unit},
    LexEntry{"week", Lex::Unit},
    LexEntry{"weeks", Lex::Unit},
    LexEntry{"month", Lex::Unit},
    LexEntry{"months", Lex::Unit},
    LexEntry{"year", Lex::Unit},
    LexEntry{"years", Lex::Unit},
    LexEntry{"hour", Lex::Unit},
    LexEntry{"hours", Lex::Unit},
    LexEntry{"minute", Lex::Unit},
    LexEntry{"minutes", Lex::Unit},
    LexEntry{"min", Lex::Unit},
    LexEntry{"mins", Lex::Unit},
    LexEntry{"second", Lex::Unit},
    LexEntry{"seconds", Lex::Unit},
    LexEntry{"item", Lex::Unit},
    LexEntry{"items", Lex::Unit},
    LexEntry{"call", Lex::Unit},
    LexEntry{"calls", Lex::Unit},
    LexEntry{"order", Lex::IdCue},
    LexEntry{"account", Lex::IdCue},
    LexEntry{"reference", Lex::IdCue},
    LexEntry{"orders", Lex::Unit},
    LexEntry{"parcel", Lex::Unit},
    LexEntry{"parcels", Lex::Unit},
    LexEntry{"people", Lex::Unit},
    LexEntry{"percent", Lex::Unit},
    LexEntry{"per", Lex::Unit},
    LexEntry{"oclock", Lex::Unit},
    LexEntry{"am", Lex::Unit},
    LexEntry{"pm", Lex::Unit},
    LexEntry{"paid", Lex::Paid},
    LexEntry{"pay", Lex::Paid},
    LexEntry{"paying", Lex::Paid},
    LexEntry{"payment", Lex::Paid},
    LexEntry{"charged", Lex::Paid},
    LexEntry{"charge", Lex::Paid},
    LexEntry{"charges", Lex::Paid},
    LexEntry{"overcharged", Lex::Paid},
    LexEntry{"cost", Lex::Paid},
    LexEntry{"costs", Lex::Paid},
    LexEntry{"costing", Lex::Paid},
    LexEntry{"refund", Lex::Paid},
    LexEntry{"refunded", Lex::Paid},
    LexEntry{"refunding", Lex::Paid},
    LexEntry{"credit", Lex::Paid},
    LexEntry{"credited", Lex::Paid},
    LexEntry{"compensation", Lex::Paid},
    LexEntry{"bill", Lex::Paid},
    LexEntry{"billed", Lex::Paid},
    LexEntry{"total", Lex::Paid},
    LexEntry{"price", Lex::Paid},
    LexEntry{"fee", Lex::Paid},
    LexEntry{"owe", Lex::Paid},
    LexEntry{"owed", Lex::Paid},
    LexEntry{"spent", Lex::Paid},
    LexEntry{"worth", Lex::Paid},
    LexEntry{"me", Lex::Filler},
    LexEntry{"us", Lex::Filler},
    LexEntry{"you", Lex::Filler},
    LexEntry{"him", Lex::Filler},
    LexEntry{"her", Lex::Filler},
    LexEntry{"them", Lex::Filler},
    LexEntry{"it", Lex::Filler},
    LexEntry{"of", Lex::Filler},
    LexEntry{"for", Lex::Filler},
    LexEntry{"the", Lex::Filler},
    LexEntry{"was", Lex::Filler},
    LexEntry{"is", Lex::Filler},
    LexEntry{"were", Lex::Filler},
    LexEntry{"be", Lex::Filler},
    LexEntry{"been", Lex::Filler},
    LexEntry{"back", Lex::Filler},
    LexEntry{"about", Lex::Filler},
    LexEntry{"around", Lex::Filler},
    LexEntry{"roughly", Lex::Filler},
    LexEntry{"nearly", Lex::Filler},
    LexEntry{"almost", Lex::Filler},
    LexEntry{"over", Lex::Filler},
    LexEntry{"under", Lex::Filler},
    LexEntry{"just", Lex::Filler},
    LexEntry{"only", Lex::Filler},
    LexEntry{"exactly", Lex::Filler},
    LexEntry{"code", Lex::NotId},
    LexEntry{"pin", Lex::NotId},
    LexEntry{"phone", Lex::NotId},
    LexEntry{"mobile", Lex::NotId},
    LexEntry{"landline", Lex::NotId},
    LexEntry{"telephone", Lex::NotId},
    LexEntry{"extension", Lex::NotId},
    LexEntry{"cvv", Lex::NotId},
    LexEntry{"meter", Lex::NotId},
    LexEntry{"reading", Lex::NotId},
    LexEntry{"readings", Lex::NotId},
    LexEntry{"no", Lex::Abbrev},
    LexEntry{"nr", Lex::Abbrev},
    LexEntry{"ref", Lex::IdCue},
};

constexpr auto kSortedLexicon = [] {
  auto table = kLexicon;
  std::sort(table.begin(), table.end(),
            [](const LexEntry& a, const LexEntry& b) { return a.word < b.word; });
  return table;
}();

static_assert(std::adjacent_find(kSortedLexicon.begin(), kSortedLexicon.end(),
                                 [](const LexEntry& a, const LexEntry& b) {
                                   return a.word == b.word;
                                 }) == kSortedLexicon.end(),
              "a word is listed twice");

// Words that may follow a number said without a currency for it to be money ("I paid forty for
// it", "about forty a month"); any other word says what it counts ("three outages").
constexpr auto kAfterBareAmount = [] {
  std::array<std::string_view, 33> words = {
      "a",     "altogether", "an",  "and",     "at",   "back", "but",  "each", "for",
      "from",  "i",          "in",  "instead", "is",   "it",   "last", "me",   "now",
      "off",   "on",         "or",  "please",  "so",   "that", "then", "this", "to",
      "today", "total",      "was", "which",   "with", "you"};
  std::sort(words.begin(), words.end());
  return words;
}();

const LexEntry* look_up(std::string_view lower) {
  const auto* it =
      std::lower_bound(kSortedLexicon.begin(), kSortedLexicon.end(), lower,
                       [](const LexEntry& e, std::string_view w) { return e.word < w; });
  return it != kSortedLexicon.end() && it->word == lower ? &*it : nullptr;
}

// Punctuation between a piece and the one before it.
enum class Gap : std::uint8_t { None, Soft, Hard };

enum class PieceKind : std::uint8_t { Word, Number, Symbol };

// One piece of a written word: a word, a number written in digits, or a currency symbol.
struct Piece {
  std::uint32_t word = 0;  // index into the utterance's words
  PieceKind kind = PieceKind::Word;
  Gap gap = Gap::None;
  Lex lex = Lex::None;
  Currency currency = Currency::None;
  bool code = false;       // Money: a currency code, which may stand before the number
  bool after_ok = false;   // Word: may follow a bare amount (kAfterBareAmount)
  bool ordinal = false;    // Number: "4th"
  bool scaled = false;     // Number: "2k"
  bool decimal = false;    // Number: "40.50"
  bool money_ok = true;    // Number: at most two decimals and not too long
  std::int64_t value = 0;  // Word: the number word's value; Number: hundredths
  std::string_view text;   // Number: the characters, commas included
  std::uint8_t digit_count = 0;
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
unsigned char byte(char c) {
  return static_cast<unsigned char>(c);
}

// Length of the UTF-8 sequence at w[i] that is no letter: "£", "€", and U+2000..U+203F (dashes,
// curly quotes, the ellipsis); 0 for anything else.
std::size_t special_at(std::string_view w, std::size_t i) {
  const std::size_t n = w.size();
  if (byte(w[i]) == 0xC2 && i + 1 < n && byte(w[i + 1]) == 0xA3) return 2;
  if (byte(w[i]) == 0xE2 && i + 2 < n && (byte(w[i + 1]) == 0x80 || byte(w[i + 1]) == 0x82)) {
    return 3;
  }
  return 0;
}

// "14/03/2025", "2025-03-14", "14.3.25": one piece that ends any run.
bool looks_like_date(std::string_view w) {
  while (!w.empty() && !is_digit(w.back())) w.remove_suffix(1);
  int groups = 0;
  bool long_group = false;
  char sep = 0;
  std::size_t i = 0;
  while (i < w.size()) {
    std::size_t len = 0;
    while (i < w.size() && is_digit(w[i])) {
      ++i;
      ++len;
    }
    if (len == 0 || len > 4) return false;
    long_group = long_group || len == 4;
    ++groups;
    if (i == w.size()) break;
    const char c = w[i];
    if (c != '/' && c != '-' && c != '.') return false;
    if (sep != 0 && c != sep) return false;
    sep = c;
    ++i;
  }
  return groups == 3 && (long_group || sep == '/');
}

class Pieces {
 public:
  explicit Pieces(std::vector<Piece>& out) : out_(out) {}

  void add_word(std::string_view w, std::uint32_t index) {
    word_ = index;
    if (looks_like_date(w)) {
      emit(Piece{});
      pending_ = Gap::Hard;
      return;
    }
    std::size_t i = 0;
    const std::size_t n = w.size();
    while (i < n) {
      const char c = w[i];
      if (is_digit(c)) {
        i = number(w, i);
      } else if (is_alpha(c) || (byte(c) >= 0x80 && special_at(w, i) == 0)) {
        i = letters(w, i);  // other UTF-8 is part of some word too
      } else if (c == '$') {
        symbol(Currency::Usd);
        ++i;
      } else if (byte(c) == 0xC2 && i + 1 < n && byte(w[i + 1]) == 0xA3) {  // £
        symbol(Currency::Gbp);
        i += 2;
      } else if (byte(c) == 0xE2 && i + 2 < n && byte(w[i + 1]) == 0x82 &&
                 byte(w[i + 2]) == 0xAC) {  // €
        symbol(Currency::Eur);
        i += 3;
      } else if (special_at(w, i) == 3) {
        const auto third = byte(w[i + 2]);
        if (third == 0x93 || third == 0x94 || third == 0xA6) gap(Gap::Soft);  // dashes, ...
        i += 3;  // curly quotes and other punctuation: nothing
      } else {
        punctuation(w, i);
        ++i;
      }
    }
  }

 private:
  void emit(Piece p) {
    p.word = word_;
    p.gap = pending_;
    pending_ = Gap::None;
    out_.push_back(p);
  }
  void gap(Gap g) { pending_ = std::max(pending_, g); }

  void symbol(Currency c) {
    Piece p;
    p.kind = PieceKind::Symbol;
    p.lex = Lex::Money;
    p.currency = c;
    p.code = true;
    emit(p);
  }

  void punctuation(std::string_view w, std::size_t i) {
    switch (w[i]) {
      case ',':
      case ';':
      case ':':
      case '-':
        gap(Gap::Soft);
        break;
      case '.':
        if (i + 1 < w.size() && w[i + 1] == '.') {
          gap(Gap::Soft);  // "..." trails off
        } else if (out_.empty() || out_.back().word != word_ ||
                   (out_.back().lex != Lex::Abbrev && out_.back().lex != Lex::IdCue)) {
          gap(Gap::Hard);  // but "No. 418203" and "Ref. 418203" go on
        }
        break;
      case '!':
      case '?':
      case '/':
      case '(':
      case ')':
      case '[':
      case ']':
      case '+':
      case '=':
      case '&':
      case '@':
        gap(Gap::Hard);
        break;
      case '%': {
        Piece p;
        p.lex = Lex::Unit;
        emit(p);
        break;
      }
      default:
        break;  // quotes, '#', '*': nothing
    }
  }

  // Digits with thousands commas ("1,250") and one decimal point ("40.50"), then letters written
  // onto them: "4th", "2k", "50p".
  std::size_t number(std::string_view w, std::size_t i) {
    const std::size_t start = i;
    const std::size_t n = w.size();
    Piece p;
    p.kind = PieceKind::Number;
    std::int64_t units = 0;
    std::int64_t fraction = 0;
    int fraction_digits = 0;
    std::size_t digits = 0;
    bool in_fraction = false;
    while (i < n) {
      const char c = w[i];
      if (is_digit(c)) {
        ++digits;
        if (in_fraction) {
          if (++fraction_digits <= 2) fraction = fraction * 10 + (c - '0');
        } else if (units < kMaxUnits) {
          units = units * 10 + (c - '0');
        }
        ++i;
      } else if (c == ',' && !in_fraction && i + 3 < n && is_digit(w[i + 1]) &&
                 is_digit(w[i + 2]) && is_digit(w[i + 3]) && (i + 4 == n || !is_digit(w[i + 4]))) {
        ++i;  // "1,250": a thousands separator
      } else if (c == '.' && !in_fraction && i + 1 < n && is_digit(w[i + 1])) {
        in_fraction = true;
        p.decimal = true;
        ++i;
      } else {
        break;
      }
    }
    if (fraction_digits == 1) fraction *= 10;
    p.text = w.substr(start, i - start);
    p.digit_count = static_cast<std::uint8_t>(std::min<std::size_t>(digits, 255));
    p.money_ok = fraction_digits <= 2 &&
                 digits - static_cast<std::size_t>(fraction_digits) <= kMaxMoneyDigits;
    p.value = units * kCentsPerUnit + fraction;
    // Letters written onto the number.
    std::size_t j = i;
    while (j < n && is_alpha(w[j])) ++j;
    const std::size_t letters_len = j - i;
    if (letters_len == 2) {
      const char a = lower(w[i]);
      const char b = lower(w[i + 1]);
      if ((a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
          (a == 't' && b == 'h')) {
        p.ordinal = true;
        emit(p);
        return j;
      }
    }
    if (letters_len == 1 && lower(w[i]) == 'k') {  // "2k", "1.5k"
      p.value *= 1000;
      p.decimal = p.value % kCentsPerUnit != 0;
      p.scaled = true;
      emit(p);
      return j;
    }
    emit(p);
    return i;
  }

  // A run of letters (apostrophes inside kept out of the look-up: "o'clock" is "oclock").
  std::size_t letters(std::string_view w, std::size_t i) {
    const std::size_t n = w.size();
    std::array<char, kMaxWordLength> buf{};
    std::size_t len = 0;
    bool too_long = false;
    while (i < n) {
      const char c = w[i];
      if (is_alpha(c)) {
        if (len < buf.size()) {
          buf[len++] = lower(c);
        } else {
          too_long = true;
        }
        ++i;
      } else if (c == '\'' && i + 1 < n && is_alpha(w[i + 1]) && len > 0) {
        ++i;
      } else if (byte(c) == 0xE2 && i + 3 < n && byte(w[i + 1]) == 0x80 && byte(w[i + 2]) == 0x99 &&
                 is_alpha(w[i + 3]) && len > 0) {
        i += 3;  // ’ inside a word
      } else if (byte(c) >= 0x80 && special_at(w, i) == 0) {
        too_long = true;  // a word with letters the spotter does not know
        ++i;
      } else {
        break;
      }
    }
    Piece p;
    if (!too_long) {
      p.after_ok = std::binary_search(kAfterBareAmount.begin(), kAfterBareAmount.end(),
                                      std::string_view(buf.data(), len));
      if (const LexEntry* e = look_up(std::string_view(buf.data(), len))) {
        p.lex = e->lex;
        p.value = e->value;
        p.currency = e->currency;
        p.code = e->lex == Lex::Money && e->value == 1;
      }
    }
    emit(p);
    return i;
  }

  std::vector<Piece>& out_;
  std::uint32_t word_ = 0;
  Gap pending_ = Gap::None;
};

// A number said or written as a quantity: "two hundred and twelve", "a hundred", "40.50", "2k".
struct Quantity {
  bool ok = false;
  std::int64_t cents = 0;
  std::size_t end = 0;   // one past its last piece
  bool written = false;  // digits, not words
};

bool continues(const std::vector<Piece>& p, std::size_t i) {
  return i < p.size() && p[i].gap == Gap::None;
}

bool is_unit_digit(const Piece& p) {
  return p.lex == Lex::Digit && p.value >= 1;
}

Quantity quantity(const std::vector<Piece>& p, std::size_t i) {
  Quantity q;
  const Piece& first = p[i];
  if (first.kind == PieceKind::Number) {
    if (first.ordinal || !first.money_ok) return q;
    q.ok = true;
    q.written = true;
    q.cents = first.value;
    q.end = i + 1;
    if (continues(p, q.end) &&
        (p[q.end].lex == Lex::Hundred || p[q.end].lex == Lex::Thousand ||
         p[q.end].lex == Lex::Million) &&
        q.cents <= kMaxUnits * kCentsPerUnit / p[q.end].value) {
      q.cents *= p[q.end].value;
      ++q.end;
    }
    return q;
  }
  std::int64_t total = 0;
  std::int64_t current = 0;
  bool any = false;
  std::size_t k = i;
  for (; k < p.size(); ++k) {
    const Piece& x = p[k];
    if (k > i && x.gap != Gap::None) break;
    if (x.kind != PieceKind::Word || total + current > kMaxUnits) break;
    const bool next_multiplier =
        continues(p, k + 1) && (p[k + 1].lex == Lex::Hundred || p[k + 1].lex == Lex::Thousand ||
                                p[k + 1].lex == Lex::Million);
    if (x.lex == Lex::A) {
      if (k != i || !next_multiplier) break;
      current = 1;
    } else if (x.lex == Lex::Digit && x.value == 0) {
      if (any) break;
      any = true;
      ++k;
      break;  // "zero pounds": nothing combines with zero
    } else if (x.lex == Lex::Digit) {
      if (current % 10 != 0 || (current % 100 != 0 && current % 100 < 20)) break;
      current += x.value;
    } else if (x.lex == Lex::Teen || x.lex == Lex::Tens) {
      if (current % 100 != 0) break;
      current += x.value;
    } else if (x.lex == Lex::Hundred) {
      if (!any || current <= 0 || current >= 100) break;
      current *= 100;  // "two hundred", "twelve hundred"
    } else if (x.lex == Lex::Thousand || x.lex == Lex::Million) {
      if (!any || current == 0) break;
      total += current * x.value;
      current = 0;
    } else if (x.lex == Lex::And) {
      const bool after_round = any && current % 100 == 0 && total + current > 0;
      const bool number_next =
          continues(p, k + 1) &&
          (is_unit_digit(p[k + 1]) || p[k + 1].lex == Lex::Teen || p[k + 1].lex == Lex::Tens);
      if (!after_round || !number_next) break;
      continue;  // "and" adds nothing
    } else {
      break;
    }
    any = true;
  }
  if (!any || total + current > kMaxUnits) return q;
  q.ok = true;
  q.cents = (total + current) * kCentsPerUnit;
  q.end = k;
  return q;
}

// A piece that can be part of a digit run, or start one.
bool digitish(const Piece& p) {
  if (p.kind == PieceKind::Number) return !p.ordinal && !p.decimal && !p.scaled;
  return p.lex == Lex::Digit || p.lex == Lex::Oh || p.lex == Lex::Teen || p.lex == Lex::Tens ||
         p.lex == Lex::Double || p.lex == Lex::Triple;
}

std::string format_amount(Currency c, std::int64_t cents) {
  std::string out(code(c));
  if (!out.empty()) out += ' ';
  out += std::to_string(cents / kCentsPerUnit);
  const std::int64_t rest = cents % kCentsPerUnit;
  if (rest != 0) {
    out += '.';
    out += static_cast<char>('0' + rest / 10);
    out += static_cast<char>('0' + rest % 10);
  }
  return out;
}

struct Found {
  std::size_t first = 0;  // pieces [first, last]
  std::size_t last = 0;
  EntityKind kind = EntityKind::Amount;
  std::string value;
};

class Spotter {
 public:
  explicit Spotter(const std::vector<Piece>& pieces) : p_(pieces), used_(pieces.size(), false) {}

  std::vector<Found> run() {
    amounts();
    digit_runs();
    std::sort(found_.begin(), found_.end(),
              [](const Found& a, const Found& b) { return a.first < b.first; });
    return std::move(found_);
  }

 private:
  void amounts() {
    for (std::size_t i = 0; i < p_.size(); ++i) {
      const Piece& x = p_[i];
      const bool can_start = x.kind == PieceKind::Number || is_unit_digit(x) ||
                             (x.lex == Lex::Digit && x.value == 0) || x.lex == Lex::Teen ||
                             x.lex == Lex::Tens || x.lex == Lex::A;
      if (!can_start) continue;
      if (auto end = amount_at(i)) i = *end - 1;
    }
  }

  // The amount starting at piece i (after any currency before it); one past its end.
  std::optional<std::size_t> amount_at(std::size_t i) {
    const Quantity q = quantity(p_, i);
    if (!q.ok) return std::nullopt;
    Currency currency = Currency::None;
    std::size_t first = i;
    if (i > 0 && p_[i].gap == Gap::None && p_[i - 1].lex == Lex::Money && p_[i - 1].code &&
        !used_[i - 1]) {
      currency = p_[i - 1].currency;
      first = i - 1;
    }
    std::int64_t cents = q.cents;
    std::size_t end = q.end;
    const bool fractional = cents % kCentsPerUnit != 0;
    if (continues(p_, end) && p_[end].lex == Lex::Money &&
        (currency == Currency::None || currency == p_[end].currency)) {
      currency = p_[end].currency;
      ++end;
      if (!fractional) end = minor_units(end, cents);
    } else if (continues(p_, end) && currency == Currency::None &&
               (p_[end].lex == Lex::Minor ||
                (p_[end].lex == Lex::SmallP && p_[end].word == p_[end - 1].word))) {
      if (fractional || cents >= kCentsPerUnit * kCentsPerUnit) return std::nullopt;
      currency = p_[end].currency;
      cents /= kCentsPerUnit;
      ++end;
    } else if (currency == Currency::None && !bare_amount(i, q)) {
      return std::nullopt;
    }
    for (std::size_t k = first; k < end; ++k) used_[k] = true;
    found_.push_back({first, end - 1, EntityKind::Amount, format_amount(currency, cents)});
    return end;
  }

  // "forty dollars fifty", "two pounds and fifty pence": the pence after the pounds.
  std::size_t minor_units(std::size_t end, std::int64_t& cents) const {
    std::size_t k = end;
    const bool with_and = continues(p_, k) && p_[k].lex == Lex::And;
    if (with_and) ++k;
    if (!continues(p_, k)) return end;
    const Piece& x = p_[k];
    if (!(x.kind == PieceKind::Word &&
          (is_unit_digit(x) || x.lex == Lex::Teen || x.lex == Lex::Tens)) &&
        !(x.kind == PieceKind::Number && !x.decimal && !x.ordinal && x.digit_count <= 2)) {
      return end;
    }
    const Quantity q = quantity(p_, k);
    if (!q.ok || q.cents <= 0 || q.cents >= kCentsPerUnit * kCentsPerUnit) return end;
    const std::int64_t minor = q.cents / kCentsPerUnit;
    std::size_t after = q.end;
    const bool named = continues(p_, after) && p_[after].lex == Lex::Minor;
    if (named) {
      ++after;
    } else {
      // Unnamed pence: not when "and" went before, nor when the number counts something else
      // ("fifty pounds two days ago") or goes on as digits.
      if (with_and) return end;
      if (continues(p_, after) && (p_[after].lex == Lex::Unit || p_[after].lex == Lex::Money ||
                                   p_[after].lex == Lex::Minor || digitish(p_[after]))) {
        return end;
      }
    }
    cents += minor;
    return after;
  }

  // A number with no currency is money only right after money talk ("I paid 212", "a refund of
  // two hundred") and when it counts nothing else.
  bool bare_amount(std::size_t i, const Quantity& q) const {
    if (q.written && !p_[i].decimal &&
        (p_[i].digit_count == kOrderDigits || p_[i].digit_count == kAccountDigits)) {
      return false;  // an order or account number
    }
    if (q.cents < kMinBareAmount * kCentsPerUnit && q.cents % kCentsPerUnit == 0) {
      return false;  // "pay for one", "refund the two": counts more often than money
    }
    if (continues(p_, q.end) && !p_[q.end].after_ok) return false;  // "three outages"
    std::size_t k = i;
    for (int steps = 0; steps < kMoneyLookBack && k > 0; ++steps) {
      if (p_[k].gap == Gap::Hard) return false;
      --k;
      if (p_[k].lex == Lex::Paid) return true;
      if (p_[k].lex != Lex::Filler && p_[k].lex != Lex::A) return false;
    }
    return false;
  }

  void digit_runs() {
    std::string digits;
    std::size_t first = 0;
    std::size_t last = 0;
    bool open = false;
    const auto close = [&] {
      if (open && (digits.size() == kOrderDigits || digits.size() == kAccountDigits) &&
          !after_not_id(first)) {
        const EntityKind kind =
            digits.size() == kOrderDigits ? EntityKind::OrderId : EntityKind::AccountNumber;
        found_.push_back({first, last, kind, digits});
      }
      open = false;
      digits.clear();
    };
    for (std::size_t i = 0; i < p_.size(); ++i) {
      const Piece& x = p_[i];
      if (open && x.gap == Gap::Hard) close();
      if (used_[i] || !digitish(x)) {
        close();
        continue;
      }
      if (!open && !may_start(i)) continue;
      const std::size_t before = digits.size();
      const std::size_t next = read_digits(i, digits);
      if (digits.size() == before) {  // "double" with no digit after it
        close();
        continue;
      }
      if (!open) first = i;
      open = true;
      last = next - 1;
      i = next - 1;
    }
    close();
  }

  // "oh" starts a run only when a digit follows at once: "Oh, I see" is no zero.
  bool may_start(std::size_t i) const {
    if (p_[i].lex != Lex::Oh) return true;
    return continues(p_, i + 1) && !used_[i + 1] && digitish(p_[i + 1]) &&
           p_[i + 1].lex != Lex::Double && p_[i + 1].lex != Lex::Triple;
  }

  // Appends the digits piece i stands for (with the piece after it for "forty one" and "double
  // seven"); one past the pieces read.
  std::size_t read_digits(std::size_t i, std::string& digits) const {
    const Piece& x = p_[i];
    if (x.kind == PieceKind::Number) {
      for (const char c : x.text) {
        if (is_digit(c)) digits += c;
      }
      return i + 1;
    }
    const bool next_ok = continues(p_, i + 1) && !used_[i + 1];
    switch (x.lex) {
      case Lex::Digit:
      case Lex::Oh:
        digits += static_cast<char>('0' + x.value);
        return i + 1;
      case Lex::Teen:
        digits += '1';
        digits += static_cast<char>('0' + x.value - 10);
        return i + 1;
      case Lex::Tens:
        digits += static_cast<char>('0' + x.value / 10);
        if (next_ok && is_unit_digit(p_[i + 1])) {
          digits += static_cast<char>('0' + p_[i + 1].value);
          return i + 2;
        }
        digits += '0';
        return i + 1;
      case Lex::Double:
      case Lex::Triple:
        if (next_ok) {
          const Piece& d = p_[i + 1];
          char c = 0;
          if (d.lex == Lex::Digit || d.lex == Lex::Oh) c = static_cast<char>('0' + d.value);
          if (d.kind == PieceKind::Number && d.digit_count == 1 && !d.decimal && !d.ordinal) {
            c = d.text.front();
          }
          if (c != 0) {
            digits.append(static_cast<std::size_t>(x.value), c);
            return i + 2;
          }
        }
        return i + 1;
      default:
        return i + 1;
    }
  }

  // Digits said right after "sort code", "pin", "phone number" are none of ours.
  bool after_not_id(std::size_t first) const {
    std::size_t k = first;
    for (int steps = 0; steps < kNotIdLookBack && k > 0; ++steps) {
      if (p_[k].gap == Gap::Hard) return false;
      --k;
      if (p_[k].lex == Lex::NotId) return true;
      if (p_[k].lex == Lex::IdCue) return false;  // "my phone order 418203"
    }
    return false;
  }

  const std::vector<Piece>& p_;
  std::vector<bool> used_;
  std::vector<Found> found_;
};

// The words [first, last] joined by spaces, without punctuation around them.
std::string joined_words(const Utterance& u, std::uint32_t first, std::uint32_t last) {
  std::string out;
  for (std::uint32_t w = first; w <= last; ++w) {
    if (w > first) out += ' ';
    out += u.words[w].text;
  }
  const auto strip = [](char c) {
    return byte(c) < 0x80 && !is_digit(c) && !is_alpha(c) && c != '$';
  };
  std::size_t b = 0;
  while (b < out.size() && strip(out[b])) ++b;
  std::size_t e = out.size();
  while (e > b && strip(out[e - 1])) --e;
  return out.substr(b, e - b);
}

}  // namespace

std::string_view to_string(EntityKind kind) {
  switch (kind) {
    case EntityKind::OrderId:
      return "order_id";
    case EntityKind::AccountNumber:
      return "account_number";
    case EntityKind::Amount:
      return "amount";
  }
  return "unknown";
}

std::vector<Entity> spot_entities(const Utterance& u) {
  std::vector<Piece> pieces;
  pieces.reserve(u.words.size() + 4);
  Pieces reader(pieces);
  for (std::size_t w = 0; w < u.words.size(); ++w) {
    reader.add_word(u.words[w].text, static_cast<std::uint32_t>(w));
  }
  std::vector<Found> found = Spotter(pieces).run();
  std::vector<Entity> out;
  out.reserve(found.size());
  for (Found& f : found) {
    const std::uint32_t first = pieces[f.first].word;
    const std::uint32_t last = pieces[f.last].word;
    out.push_back({f.kind, std::move(f.value), joined_words(u, first, last), u.words[first].t_ms,
                   u.words[last].end_ms});
  }
  return out;
}

}  // namespace composure
