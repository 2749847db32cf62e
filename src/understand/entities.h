// Entities in what was said: order numbers, account numbers and amounts of money, read the way
// callers say them and recognisers or transcripts write them down.
//
//   for (const Entity& e : spot_entities(utterance)) {
//     if (e.kind == EntityKind::OrderId) kb.order(e.value);   // "418203"
//   }
//
// Digits: "418203", "4 1 8 2 0 3", "418-203", "four one eight, two oh three", "forty one eight two
// zero three", "double seven" (77), "triple five". A run of exactly six digits is an order id,
// exactly eight an account number; runs of other lengths (phone numbers, years, times) and runs
// right after "code", "pin" or "phone" (sort codes, phone numbers) are ignored. Letters end a run,
// so "N W five five eight, one two nine" gives the order id 558129. Commas and hyphens between
// groups keep a run going; a full stop ends it.
//
// Amounts: "£212", "$40.50", "212 pounds", "two hundred and twelve pounds", "a hundred and fifty
// quid", "forty dollars fifty", "two pounds fifty", "fifty pence", "£2k", "GBP 212". A number
// without a currency counts only right after a word about money ("I paid two hundred and twelve",
// "a refund of 40.50"), and not before a unit ("paid three times").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/word.h"

namespace composure {

enum class EntityKind : std::uint8_t { OrderId, AccountNumber, Amount };

// "order_id", "account_number", "amount".
std::string_view to_string(EntityKind kind);

struct Entity {
  EntityKind kind = EntityKind::OrderId;
  // Normalised: the six or eight digits ("418203"); for amounts a decimal number with two
  // decimals when not whole, after the currency code when one was said ("GBP 212", "USD 40.50",
  // "EUR 0.50", "212").
  std::string value;
  std::string words;  // the words it was said in, joined by spaces ("four one eight, two oh three")
  std::int64_t t_ms = 0;    // start of the first of those words
  std::int64_t end_ms = 0;  // end of the last
};

// The entities in one utterance, in the order they were said. O(words); allocates only the result
// and one scratch list.
std::vector<Entity> spot_entities(const Utterance& u);

}  // namespace composure
