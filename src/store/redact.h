// Redaction of payment card numbers and US social security numbers in text, applied to every
// event before it is stored or sent to a screen (words a caller read out, a transcript line).
//
//   redact("card 4111 1111 1111 1111, thanks")       -> "card [card number], thanks"
//   redact("my social security is 123 45 6789")       -> "my social security is [ssn]"
//   redact("it's 078-05-1120")                        -> "it's [ssn]"
//
// A card number is a run of 13-19 digits that passes the Luhn check, typed as one group or
// several ("4111-1111-1111-1111", "4111 1111 1111 1111") or spoken ("four one one one ...",
// "oh" for zero). A social security number is ddd-dd-dddd, or any 9 digits (typed or spoken)
// within four words after "social security" or "SSN". Everything else is left as it was.
#pragma once

#include <string>
#include <string_view>

namespace composure {

inline constexpr std::string_view kRedactedCard = "[card number]";
inline constexpr std::string_view kRedactedSsn = "[ssn]";

std::string redact(std::string_view text);

// The Luhn (mod 10) check over a string of ASCII digits; false when empty or not all digits.
bool luhn_valid(std::string_view digits);

}  // namespace composure
