#include "store/redact.h"

#include <gtest/gtest.h>

namespace composure {
namespace {

TEST(Redact, LuhnAcceptsTestCardNumbersAndRejectsOthers) {
  EXPECT_TRUE(luhn_valid("4111111111111111"));
  EXPECT_TRUE(luhn_valid("378282246310005"));
  EXPECT_FALSE(luhn_valid("4111111111111112"));
  EXPECT_FALSE(luhn_valid(""));
  EXPECT_FALSE(luhn_valid("4111a11111111111"));
}

TEST(Redact, CardNumberAsOneGroupIsReplaced) {
  EXPECT_EQ(redact("my card is 4111111111111111, expiry next year"),
            "my card is [card number], expiry next year");
}

TEST(Redact, CardNumberInGroupsWithSpacesOrHyphensIsReplaced) {
  EXPECT_EQ(redact("it's 4111 1111 1111 1111 thanks"), "it's [card number] thanks");
  EXPECT_EQ(redact("4111-1111-1111-1111."), "[card number].");
  EXPECT_EQ(redact("amex 3782 822463 10005"), "amex [card number]");
}

TEST(Redact, SpokenCardNumberIsReplaced) {
  EXPECT_EQ(redact("it is four one one one one one one one one one one one one one one one ok"),
            "it is [card number] ok");
}

TEST(Redact, DigitRunsThatFailLuhnOrAreTooShortStay) {
  EXPECT_EQ(redact("order 4111 1111 1111 1112 please"), "order 4111 1111 1111 1112 please");
  EXPECT_EQ(redact("account 7249 1308"), "account 7249 1308");
  EXPECT_EQ(redact("call 555 0100"), "call 555 0100");
}

TEST(Redact, SsnWithHyphensIsReplacedAnywhere) {
  EXPECT_EQ(redact("it's 078-05-1120, right?"), "it's [ssn], right?");
}

TEST(Redact, NineDigitsAfterSocialSecurityAreReplaced) {
  EXPECT_EQ(redact("my social security number is 078 05 1120"),
            "my social security number is [ssn]");
  EXPECT_EQ(redact("Social Security: zero seven eight zero five one one two oh."),
            "Social Security: [ssn].");
  EXPECT_EQ(redact("SSN 078051120"), "SSN [ssn]");
}

TEST(Redact, NineDigitsWithoutSocialSecurityStay) {
  EXPECT_EQ(redact("tracking 078 05 1120"), "tracking 078 05 1120");
}

TEST(Redact, TextWithoutNumbersIsUnchanged) {
  EXPECT_EQ(redact(""), "");
  EXPECT_EQ(redact("  This is the THIRD time I'm calling!  "),
            "  This is the THIRD time I'm calling!  ");
}

}  // namespace
}  // namespace composure
