#include "serve/audiosocket.h"

#include <cstdio>

namespace composure {
namespace {

constexpr std::size_t kHeaderBytes = 3;
constexpr std::size_t kUuidBytes = 16;

std::string hex(unsigned v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02x", v);
  return buf;
}

}  // namespace

std::string format_uuid(std::span<const std::uint8_t> bytes) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    char buf[3];
    std::snprintf(buf, sizeof buf, "%02x", bytes[i]);
    out += buf;
  }
  return out;
}

std::vector<std::uint8_t> encode_audiosocket(AudioSocketKind kind,
                                             std::span<const std::uint8_t> payload) {
  std::vector<std::uint8_t> out;
  out.reserve(kHeaderBytes + payload.size());
  out.push_back(static_cast<std::uint8_t>(kind));
  out.push_back(static_cast<std::uint8_t>((payload.size() >> 8) & 0xFF));
  out.push_back(static_cast<std::uint8_t>(payload.size() & 0xFF));
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Result<void> AudioSocketParser::feed(std::span<const std::uint8_t> bytes,
                                     const Handler& on_message) {
  if (failed_) return tl::unexpected(*failed_);
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  std::size_t at = 0;
  Result<void> result;
  while (buffer_.size() - at >= kHeaderBytes) {
    const unsigned kind = buffer_[at];
    const std::size_t length = (std::size_t{buffer_[at + 1]} << 8) | buffer_[at + 2];
    const std::string where = " at byte " + std::to_string(offset_ + at);
    const auto k = static_cast<AudioSocketKind>(kind);
    if (k != AudioSocketKind::Hangup && k != AudioSocketKind::Uuid && k != AudioSocketKind::Dtmf &&
        k != AudioSocketKind::Audio && k != AudioSocketKind::Error) {
      result = fail("unsupported AudioSocket message kind " + hex(kind) + where +
                    " (this server takes 0x00 hang-up, 0x01 UUID, 0x03 DTMF, 0x10 8 kHz audio, "
                    "0xff error)");
      break;
    }
    if (k == AudioSocketKind::Uuid && length != kUuidBytes) {
      result =
          fail("UUID message of " + std::to_string(length) + " bytes" + where + " (expected 16)");
      break;
    }
    if (k == AudioSocketKind::Audio && length % 2 != 0) {
      result =
          fail("audio message of an odd number of bytes (" + std::to_string(length) + ")" + where);
      break;
    }
    if (buffer_.size() - at < kHeaderBytes + length) break;
    on_message({k, std::span<const std::uint8_t>(buffer_.data() + at + kHeaderBytes, length)});
    at += kHeaderBytes + length;
  }
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(at));
  offset_ += at;
  if (!result) failed_ = result.error();
  return result;
}

}  // namespace composure
