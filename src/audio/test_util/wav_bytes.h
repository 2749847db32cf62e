// Test and fuzz-seed helper: builds WAV files byte by byte in memory, so tests state exactly the
// header they exercise instead of shipping binary fixtures.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace composure::test_util {

inline constexpr std::uint16_t kFormatPcm = 0x0001;
inline constexpr std::uint16_t kFormatFloat = 0x0003;
inline constexpr std::uint16_t kFormatAlaw = 0x0006;
inline constexpr std::uint16_t kFormatUlaw = 0x0007;
inline constexpr std::uint16_t kFormatMp3 = 0x0055;
inline constexpr std::uint16_t kFormatExtensible = 0xFFFE;

class ByteWriter {
 public:
  ByteWriter& tag(std::string_view four_cc) {
    for (char c : four_cc) bytes_.push_back(static_cast<std::uint8_t>(c));
    return *this;
  }
  ByteWriter& u8(std::uint8_t v) {
    bytes_.push_back(v);
    return *this;
  }
  ByteWriter& u16(std::uint16_t v) { return le(v, 2); }
  ByteWriter& u24(std::uint32_t v) { return le(v, 3); }
  ByteWriter& u32(std::uint32_t v) { return le(v, 4); }
  ByteWriter& i16(std::int16_t v) { return u16(static_cast<std::uint16_t>(v)); }
  ByteWriter& i24(std::int32_t v) { return u24(static_cast<std::uint32_t>(v) & 0xFFFFFFu); }
  ByteWriter& i32(std::int32_t v) { return u32(static_cast<std::uint32_t>(v)); }
  ByteWriter& f32(float v) { return u32(std::bit_cast<std::uint32_t>(v)); }
  ByteWriter& f64(double v) {
    const auto bits = std::bit_cast<std::uint64_t>(v);
    u32(static_cast<std::uint32_t>(bits));
    return u32(static_cast<std::uint32_t>(bits >> 32));
  }
  ByteWriter& append(const std::vector<std::uint8_t>& more) {
    bytes_.insert(bytes_.end(), more.begin(), more.end());
    return *this;
  }
  // A chunk with its size field filled in and a pad byte after an odd-sized body.
  ByteWriter& chunk(std::string_view id, const std::vector<std::uint8_t>& body) {
    tag(id).u32(static_cast<std::uint32_t>(body.size())).append(body);
    if (body.size() % 2 != 0) u8(0);
    return *this;
  }

  std::vector<std::uint8_t>& bytes() { return bytes_; }
  std::vector<std::uint8_t> take() { return std::move(bytes_); }

 private:
  ByteWriter& le(std::uint32_t v, int count) {
    for (int i = 0; i < count; ++i) bytes_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    return *this;
  }

  std::vector<std::uint8_t> bytes_;
};

struct FmtSpec {
  std::uint16_t format = kFormatPcm;
  std::uint16_t channels = 1;
  std::uint32_t sample_rate = 8000;
  std::uint16_t bits = 16;
  std::uint16_t block_align = 0;           // 0: channels * bytes per sample
  std::uint16_t extensible_subformat = 0;  // used when format is kFormatExtensible
  std::uint16_t valid_bits = 0;            // extensible only; 0: same as bits
};

inline std::vector<std::uint8_t> fmt_body(const FmtSpec& spec) {
  const auto block_align = spec.block_align != 0
                               ? spec.block_align
                               : static_cast<std::uint16_t>(spec.channels * ((spec.bits + 7) / 8));
  ByteWriter w;
  w.u16(spec.format)
      .u16(spec.channels)
      .u32(spec.sample_rate)
      .u32(spec.sample_rate * block_align)
      .u16(block_align)
      .u16(spec.bits);
  if (spec.format == kFormatExtensible) {
    constexpr std::array<std::uint8_t, 14> kGuidTail = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
                                                        0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};
    w.u16(22)
        .u16(spec.valid_bits != 0 ? spec.valid_bits : spec.bits)
        .u32(spec.channels == 2 ? 0x3u : 0x4u)
        .u16(spec.extensible_subformat);
    for (std::uint8_t b : kGuidTail) w.u8(b);
  }
  return w.take();
}

// RIFF header (its size field patched at the end), fmt chunk, `extra` chunks, then data.
inline std::vector<std::uint8_t> wav_file(const FmtSpec& spec,
                                          const std::vector<std::uint8_t>& data,
                                          const std::vector<std::uint8_t>& extra = {}) {
  ByteWriter w;
  w.tag("RIFF").u32(0).tag("WAVE").chunk("fmt ", fmt_body(spec)).append(extra).chunk("data", data);
  auto bytes = w.take();
  const auto riff_size = static_cast<std::uint32_t>(bytes.size() - 8);
  for (int i = 0; i < 4; ++i) bytes[4 + i] = static_cast<std::uint8_t>(riff_size >> (8 * i));
  return bytes;
}

inline std::vector<std::uint8_t> pcm16_bytes(const std::vector<std::int16_t>& samples) {
  ByteWriter w;
  for (std::int16_t s : samples) w.i16(s);
  return w.take();
}

}  // namespace composure::test_util
