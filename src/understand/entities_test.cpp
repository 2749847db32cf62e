#include "understand/entities.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace composure {
namespace {

// Words split at spaces, 300 ms apart from 1000 ms, each 250 ms long.
Utterance utterance(std::string_view text) {
  Utterance u;
  u.t_ms = 1000;
  std::int64_t t = u.t_ms;
  while (!text.empty()) {
    const auto space = text.find(' ');
    const std::string_view w = text.substr(0, space);
    if (!w.empty()) {
      u.words.push_back({t, t + 250, std::string(w), 1.0F});
      t += 300;
    }
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  u.end_ms = u.words.empty() ? u.t_ms : u.words.back().end_ms;
  return u;
}

std::vector<Entity> spot(std::string_view text) {
  return spot_entities(utterance(text));
}

// "order_id 418203" per entity, for readable failures.
std::vector<std::string> found(std::string_view text) {
  std::vector<std::string> out;
  for (const Entity& e : spot(text)) out.push_back(std::string(to_string(e.kind)) + " " + e.value);
  return out;
}

using Found = std::vector<std::string>;

TEST(SpotEntities, SixTypedDigitsAreAnOrderIdWithTheirWordsAndTimes) {
  const auto entities = spot("My order number is 418203, placed last week.");
  ASSERT_EQ(entities.size(), 1U);
  EXPECT_EQ(entities[0].kind, EntityKind::OrderId);
  EXPECT_EQ(entities[0].value, "418203");
  EXPECT_EQ(entities[0].words, "418203");
  EXPECT_EQ(entities[0].t_ms, 1000 + 4 * 300);
  EXPECT_EQ(entities[0].end_ms, 1000 + 4 * 300 + 250);
}

TEST(SpotEntities, OrderIdSpokenDigitByDigitInAnyCaseAndPunctuation) {
  const Found order{"order_id 418203"};
  EXPECT_EQ(found("4 1 8 2 0 3"), order);
  EXPECT_EQ(found("it is four one eight two oh three"), order);
  EXPECT_EQ(found("It's four one eight, two zero three."), order);
  EXPECT_EQ(found("FOUR ONE EIGHT TWO OH THREE"), order);
  EXPECT_EQ(found("order four-one-eight two-zero-three please"), order);
  EXPECT_EQ(found("Reference: 418-203"), order);
  EXPECT_EQ(found("Order No. 418203"), order);
  EXPECT_EQ(found("(418203)"), order);
}

TEST(SpotEntities, WordsOfTheOrderIdSpanFirstToLastDigitWithoutTrailingPunctuation) {
  const auto entities = spot("Sure, it's four one eight, two zero three.");
  ASSERT_EQ(entities.size(), 1U);
  EXPECT_EQ(entities[0].words, "four one eight, two zero three");
  EXPECT_EQ(entities[0].t_ms, 1000 + 2 * 300);
  EXPECT_EQ(entities[0].end_ms, 1000 + 7 * 300 + 250);
}

TEST(SpotEntities, TensAndDoublesReadAsTwoDigits) {
  EXPECT_EQ(found("forty one eight two oh three"), (Found{"order_id 418203"}));
  EXPECT_EQ(found("seven double seven four one two"), (Found{"order_id 777412"}));
  EXPECT_EQ(found("triple five two oh one"), (Found{"order_id 555201"}));
  EXPECT_EQ(found("twelve thirty four fifty six"), (Found{"order_id 123456"}));
  EXPECT_EQ(found("four one eight two twenty three"), (Found{"order_id 418223"}));
}

TEST(SpotEntities, LettersBeforeTheDigitsEndTheRun) {
  EXPECT_EQ(found("Sure. It is N W five five eight, one two nine. The tracking page has said out "
                  "for delivery since Thursday."),
            (Found{"order_id 558129"}));
  EXPECT_EQ(found("it's NW558129"), (Found{"order_id 558129"}));
}

TEST(SpotEntities, EightDigitsAreAnAccountNumber) {
  const Found account{"account_number 72491308"};
  EXPECT_EQ(found("account number 72491308"), account);
  EXPECT_EQ(found("It's 7249 1308."), account);
  EXPECT_EQ(found("account number seven two four nine, one three oh eight"), account);
  EXPECT_EQ(found("seventy two forty nine thirteen oh eight"), account);
}

TEST(SpotEntities, RunsOfOtherLengthsAreIgnored) {
  EXPECT_TRUE(spot("four one eight two oh").empty());                            // five digits
  EXPECT_TRUE(spot("4182031").empty());                                          // seven
  EXPECT_TRUE(spot("seven two four, nine nine one, three zero eight").empty());  // nine
}

TEST(SpotEntities, PhoneNumberOfElevenDigitsIsNoOrder) {
  EXPECT_TRUE(spot("It is zero seven seven zero zero, nine zero zero, one two three.").empty());
  EXPECT_TRUE(spot("my number is 07700 900123").empty());
  EXPECT_TRUE(spot("07700-900123").empty());
}

TEST(SpotEntities, DigitsAfterCodeOrPhoneAreNoOrder) {
  EXPECT_TRUE(spot("Oh, right. Sort code forty, twelve, eighty.").empty());
  EXPECT_TRUE(spot("the pin is 123456").empty());
  EXPECT_TRUE(spot("phone 418203").empty());
  EXPECT_TRUE(spot("The electric reading is zero four five, eight one two.").empty());
  EXPECT_EQ(found("about my phone order, 418203"), (Found{"order_id 418203"}));
}

TEST(SpotEntities, CountsDatesAndYearsAreNoEntities) {
  EXPECT_TRUE(spot("I called three times").empty());
  EXPECT_TRUE(spot("I have called three times about this already!").empty());
  EXPECT_TRUE(spot("It was due on the fourth of May").empty());
  EXPECT_TRUE(spot("due on the 4th of May").empty());
  EXPECT_TRUE(spot("the fourteenth of March, nineteen eighty six").empty());
  EXPECT_TRUE(spot("delivered on 14/03/2025 at 10:30").empty());
  EXPECT_TRUE(spot("placed 2025-03-14").empty());
  EXPECT_TRUE(spot("I paid three times").empty());
  EXPECT_TRUE(spot("fifty per cent off").empty());
  EXPECT_TRUE(spot("it takes three to five days").empty());
}

TEST(SpotEntities, OhIsZeroOnlyAmongDigits) {
  EXPECT_EQ(found("Oh, four one eight two oh three"), (Found{"order_id 418203"}));
  EXPECT_EQ(found("oh four one eight two oh"), (Found{"order_id 041820"}));
  EXPECT_TRUE(spot("Oh. Sorry.").empty());
}

TEST(SpotEntities, AmountsSpokenInWords) {
  EXPECT_EQ(found("The bill says two hundred and twelve pounds."), (Found{"amount GBP 212"}));
  EXPECT_EQ(found("a hundred and fifty quid"), (Found{"amount GBP 150"}));
  EXPECT_EQ(found("That is a refund of one hundred and eighty two pounds."),
            (Found{"amount GBP 182"}));
  EXPECT_EQ(found("forty dollars fifty"), (Found{"amount USD 40.50"}));
  EXPECT_EQ(found("forty dollars and fifty cents"), (Found{"amount USD 40.50"}));
  EXPECT_EQ(found("two pounds fifty"), (Found{"amount GBP 2.50"}));
  EXPECT_EQ(found("fifty pence"), (Found{"amount GBP 0.50"}));
  EXPECT_EQ(found("twelve hundred pounds"), (Found{"amount GBP 1200"}));
  EXPECT_EQ(found("one thousand two hundred euros"), (Found{"amount EUR 1200"}));
  EXPECT_EQ(found("three thousand and fifty pounds"), (Found{"amount GBP 3050"}));
}

TEST(SpotEntities, AmountsWrittenWithSymbolsOrCodes) {
  EXPECT_EQ(found("£212"), (Found{"amount GBP 212"}));
  EXPECT_EQ(found("It was $40.50!"), (Found{"amount USD 40.50"}));
  EXPECT_EQ(found("212 pounds"), (Found{"amount GBP 212"}));
  EXPECT_EQ(found("£1,250.00 in total"), (Found{"amount GBP 1250"}));
  EXPECT_EQ(found("€15"), (Found{"amount EUR 15"}));
  EXPECT_EQ(found("GBP 212"), (Found{"amount GBP 212"}));
  EXPECT_EQ(found("212 GBP"), (Found{"amount GBP 212"}));
  EXPECT_EQ(found("50p"), (Found{"amount GBP 0.50"}));
  EXPECT_EQ(found("£2k"), (Found{"amount GBP 2000"}));
  EXPECT_EQ(found("£ 40.5"), (Found{"amount GBP 40.50"}));
}

TEST(SpotEntities, AmountWordsIncludeTheCurrency) {
  const auto entities = spot("The bill says two hundred and twelve pounds.");
  ASSERT_EQ(entities.size(), 1U);
  EXPECT_EQ(entities[0].words, "two hundred and twelve pounds");
  EXPECT_EQ(entities[0].t_ms, 1000 + 3 * 300);
  const auto typed = spot("It's £212.");
  ASSERT_EQ(typed.size(), 1U);
  EXPECT_EQ(typed[0].words, "£212");
}

TEST(SpotEntities, NumberWithoutCurrencyIsAnAmountOnlyAfterMoneyTalk) {
  EXPECT_EQ(found("I paid two hundred and twelve for it"), (Found{"amount 212"}));
  EXPECT_EQ(found("a refund of 40.50 please"), (Found{"amount 40.50"}));
  EXPECT_EQ(found("you charged me 212"), (Found{"amount 212"}));
  EXPECT_TRUE(spot("two hundred and twelve").empty());
  EXPECT_EQ(found("I normally pay about forty a month"), (Found{"amount 40"}));
  EXPECT_EQ(found("The trip only cost three thousand."), (Found{"amount 3000"}));
  EXPECT_TRUE(spot("I waited in for two hundred minutes").empty());
  EXPECT_TRUE(spot("I've been charged three lots of overdraft fees").empty());
  EXPECT_TRUE(spot("I've applied a credit for the three outages this month.").empty());
  EXPECT_TRUE(spot("I'm not paying four star prices for this.").empty());
  EXPECT_TRUE(spot("that's why I pay for one!").empty());
}

TEST(SpotEntities, PenceAfterPoundsNotWhenTheyCountSomethingElse) {
  EXPECT_EQ(found("fifty pounds two days ago"), (Found{"amount GBP 50"}));
  EXPECT_EQ(found("fifty pounds, two of them"), (Found{"amount GBP 50"}));
}

TEST(SpotEntities, SeveralEntitiesComeInTheOrderSaid) {
  EXPECT_EQ(found("Order 418203 cost me £212 and my account is 72491308."),
            (Found{"order_id 418203", "amount GBP 212", "account_number 72491308"}));
  EXPECT_EQ(found("Two hundred and twelve pounds! My plan is thirty pounds a month!"),
            (Found{"amount GBP 212", "amount GBP 30"}));
  EXPECT_EQ(found("order four one eight two oh three, two hundred pounds"),
            (Found{"order_id 418203", "amount GBP 200"}));
}

TEST(SpotEntities, AmountIsNeverAlsoAnOrder) {
  EXPECT_EQ(found("£418203"), (Found{"amount GBP 418203"}));
  EXPECT_EQ(found("the refund is 418203"), (Found{"order_id 418203"}));
}

TEST(SpotEntities, EmptyAndWordlessUtterancesGiveNothing) {
  EXPECT_TRUE(spot("").empty());
  EXPECT_TRUE(spot("... !!! ,,, £ $ €").empty());
  EXPECT_TRUE(spot("café naïve — “quoted” ’tis").empty());
}

}  // namespace
}  // namespace composure
