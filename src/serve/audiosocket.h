// Asterisk AudioSocket framing over TCP: each message is a one-byte kind, a two-byte big-endian
// payload length, then the payload. The parser takes bytes as they arrive, in any pieces.
//
//   AudioSocketParser p;
//   p.feed(bytes, [&](const AudioSocketMessage& m) { ... });   // false: the stream is bad
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"

namespace composure {

enum class AudioSocketKind : std::uint8_t {
  Hangup = 0x00,
  Uuid = 0x01,
  Dtmf = 0x03,
  Audio = 0x10,  // signed linear 16-bit little-endian, 8 kHz mono
  Error = 0xff,
};

struct AudioSocketMessage {
  AudioSocketKind kind = AudioSocketKind::Hangup;
  std::span<const std::uint8_t> payload;  // valid during the callback only
};

// "0b3c6f0e-7f2a-4c1d-9e8b-5a4d3c2b1a00" from the 16 raw bytes of a UUID message.
std::string format_uuid(std::span<const std::uint8_t> bytes);

std::vector<std::uint8_t> encode_audiosocket(AudioSocketKind kind,
                                             std::span<const std::uint8_t> payload);

class AudioSocketParser {
 public:
  using Handler = std::function<void(const AudioSocketMessage&)>;

  // Hands every complete message to `on_message`. Fails, and takes no more, at the first message
  // of a kind this server does not take (e.g. 0x11, audio at a higher rate) or a UUID or audio
  // payload of the wrong size; the message names the kind and the byte offset in the stream.
  Result<void> feed(std::span<const std::uint8_t> bytes, const Handler& on_message);

  std::uint64_t offset() const { return offset_; }
  // Bytes held back waiting for the rest of a message.
  std::size_t pending() const { return buffer_.size(); }

 private:
  std::vector<std::uint8_t> buffer_;
  std::uint64_t offset_ = 0;  // stream offset of buffer_[0]
  std::optional<Error> failed_;
};

}  // namespace composure
