// ITU-T G.711 companding: the mu-law (North America, Japan) and A-law (elsewhere) codecs that
// telephony carries on the wire, converted to and from 16-bit linear PCM.
#pragma once

#include <array>
#include <cstdint>

namespace composure {

namespace detail {

// Decoding is a table lookup because live ingest decodes every sample of every call.
constexpr std::int16_t ulaw_decode_slow(std::uint8_t code) {
  // Codes are stored inverted so that silence is not a run of zero bits on the line.
  const int inverted = static_cast<std::uint8_t>(~code);
  const int exponent = (inverted >> 4) & 0x07;
  const int mantissa = inverted & 0x0F;
  // 0x84 is the bias that makes every segment start at a power of two.
  const int magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return static_cast<std::int16_t>((inverted & 0x80) != 0 ? -magnitude : magnitude);
}

constexpr std::int16_t alaw_decode_slow(std::uint8_t code) {
  // Even bits are toggled on the line for the same reason mu-law inverts.
  const int toggled = code ^ 0x55;
  const int exponent = (toggled >> 4) & 0x07;
  const int mantissa = toggled & 0x0F;
  // Decode to the middle of the quantisation step, scaled from 13 to 16 bits.
  const int magnitude =
      exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return static_cast<std::int16_t>((toggled & 0x80) != 0 ? magnitude : -magnitude);
}

template <std::int16_t (*Decode)(std::uint8_t)>
constexpr std::array<std::int16_t, 256> make_g711_table() {
  std::array<std::int16_t, 256> table{};
  for (int code = 0; code < 256; ++code) table[code] = Decode(static_cast<std::uint8_t>(code));
  return table;
}

inline constexpr std::array<std::int16_t, 256> kUlawTable = make_g711_table<ulaw_decode_slow>();
inline constexpr std::array<std::int16_t, 256> kAlawTable = make_g711_table<alaw_decode_slow>();

}  // namespace detail

inline std::int16_t ulaw_to_linear(std::uint8_t code) {
  return detail::kUlawTable[code];
}
inline std::int16_t alaw_to_linear(std::uint8_t code) {
  return detail::kAlawTable[code];
}

[[nodiscard]] std::uint8_t linear_to_ulaw(std::int16_t sample);
[[nodiscard]] std::uint8_t linear_to_alaw(std::int16_t sample);

}  // namespace composure
