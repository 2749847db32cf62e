#include "audio/g711.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>

namespace composure {
namespace {

constexpr int kMinInt16 = std::numeric_limits<std::int16_t>::min();
constexpr int kMaxInt16 = std::numeric_limits<std::int16_t>::max();

TEST(G711, UlawDecodesKnownCodePoints) {
  EXPECT_EQ(ulaw_to_linear(0xFF), 0);
  EXPECT_EQ(ulaw_to_linear(0x7F), 0);  // negative zero
  EXPECT_EQ(ulaw_to_linear(0x00), -32124);
  EXPECT_EQ(ulaw_to_linear(0x80), 32124);
  EXPECT_EQ(ulaw_to_linear(0xFE), 8);
  EXPECT_EQ(ulaw_to_linear(0x7E), -8);
  EXPECT_EQ(ulaw_to_linear(0xEF), 132);  // first step of segment 1
}

TEST(G711, AlawDecodesKnownCodePoints) {
  EXPECT_EQ(alaw_to_linear(0xD5), 8);
  EXPECT_EQ(alaw_to_linear(0x55), -8);
  EXPECT_EQ(alaw_to_linear(0xAA), 32256);
  EXPECT_EQ(alaw_to_linear(0x2A), -32256);
  EXPECT_EQ(alaw_to_linear(0xC5), 264);  // first step of segment 1
}

TEST(G711, EncodesKnownCodePoints) {
  EXPECT_EQ(linear_to_ulaw(0), 0xFF);
  EXPECT_EQ(linear_to_ulaw(kMaxInt16), 0x80);
  EXPECT_EQ(linear_to_ulaw(kMinInt16), 0x00);
  EXPECT_EQ(linear_to_alaw(0), 0xD5);
  EXPECT_EQ(linear_to_alaw(-1), 0x55);
  EXPECT_EQ(linear_to_alaw(kMaxInt16), 0xAA);
  EXPECT_EQ(linear_to_alaw(kMinInt16), 0x2A);
}

TEST(G711, UlawReencodesEveryCodeToItselfExceptNegativeZero) {
  for (int code = 0; code < 256; ++code) {
    const auto c = static_cast<std::uint8_t>(code);
    const std::uint8_t expected = c == 0x7F ? 0xFF : c;
    EXPECT_EQ(linear_to_ulaw(ulaw_to_linear(c)), expected) << "code " << code;
  }
}

TEST(G711, AlawReencodesEveryCodeToItself) {
  for (int code = 0; code < 256; ++code) {
    const auto c = static_cast<std::uint8_t>(code);
    EXPECT_EQ(linear_to_alaw(alaw_to_linear(c)), c) << "code " << code;
  }
}

TEST(G711, UlawRoundTripStaysWithinHalfAQuantisationStep) {
  for (int x = kMinInt16; x <= kMaxInt16; ++x) {
    const int decoded = ulaw_to_linear(linear_to_ulaw(static_cast<std::int16_t>(x)));
    const int magnitude = std::abs(x);
    if (magnitude > 32635) {
      ASSERT_EQ(decoded, x < 0 ? -32124 : 32124) << "x " << x;  // clipped to the top code
      continue;
    }
    // Steps grow with the segment: half a step is at most 1/32 of the biased magnitude.
    ASSERT_LE(std::abs(decoded - x), (magnitude + 132) / 32) << "x " << x;
    ASSERT_TRUE(decoded == 0 || (decoded < 0) == (x < 0)) << "x " << x;
  }
}

TEST(G711, AlawRoundTripStaysWithinHalfAQuantisationStep) {
  for (int x = kMinInt16; x <= kMaxInt16; ++x) {
    const int decoded = alaw_to_linear(linear_to_alaw(static_cast<std::int16_t>(x)));
    const int magnitude = x < 0 ? -x - 1 : x;
    const int half_step = std::max(8, magnitude / 32);
    ASSERT_LE(std::abs(decoded - x), half_step) << "x " << x;
    ASSERT_EQ(decoded < 0, x < 0) << "x " << x;
  }
}

TEST(G711, DecodersAreMonotonicInLinearValue) {
  // Sorting codes by sign and magnitude must sort their linear values too.
  int previous_ulaw = kMinInt16;
  for (int code = 0x00; code <= 0x7F; ++code) {  // negative, largest magnitude first
    const int v = ulaw_to_linear(static_cast<std::uint8_t>(code));
    EXPECT_GT(v, previous_ulaw) << "code " << code;
    previous_ulaw = v;
  }
  for (int code = 0xFF; code >= 0x80; --code) {  // positive, smallest magnitude first
    const int v = ulaw_to_linear(static_cast<std::uint8_t>(code));
    EXPECT_GE(v, previous_ulaw) << "code " << code;
    previous_ulaw = v;
  }
}

}  // namespace
}  // namespace composure
