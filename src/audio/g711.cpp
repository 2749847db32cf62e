#include "audio/g711.h"

#include <bit>

namespace composure {

static_assert(detail::kUlawTable[0xFF] == 0);
static_assert(detail::kUlawTable[0x00] == -32124);
static_assert(detail::kUlawTable[0x80] == 32124);
static_assert(detail::kAlawTable[0xD5] == 8);
static_assert(detail::kAlawTable[0x55] == -8);
static_assert(detail::kAlawTable[0xAA] == 32256);

std::uint8_t linear_to_ulaw(std::int16_t sample) {
  constexpr int kBias = 0x84;
  // Larger magnitudes would overflow the top segment once the bias is added.
  constexpr int kClip = 32635;
  const int value = sample;
  const int sign = value < 0 ? 0x80 : 0x00;
  int magnitude = value < 0 ? -value : value;
  if (magnitude > kClip) magnitude = kClip;
  magnitude += kBias;
  // The biased magnitude lies in [2^7, 2^15); its top bit picks the segment.
  const int exponent = std::bit_width(static_cast<unsigned>(magnitude)) - 8;
  const int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
  return static_cast<std::uint8_t>(~(sign | (exponent << 4) | mantissa));
}

std::uint8_t linear_to_alaw(std::int16_t sample) {
  const int value = sample;
  // A-law has no negative zero: -1 maps to the first negative step, hence one's complement.
  const int sign = value >= 0 ? 0x80 : 0x00;
  const int magnitude = (value >= 0 ? value : -value - 1) >> 3;  // 12 bits
  int code = 0;
  if (magnitude < 32) {
    code = magnitude >> 1;
  } else {
    // Segments 1..7 each double the step; magnitude lies in [2^(e+4), 2^(e+5)).
    const int exponent = std::bit_width(static_cast<unsigned>(magnitude)) - 5;
    code = (exponent << 4) | ((magnitude >> exponent) & 0x0F);
  }
  return static_cast<std::uint8_t>((sign | code) ^ 0x55);
}

}  // namespace composure
