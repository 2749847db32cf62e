#include "serve/ws_frames.h"

#include <algorithm>
#include <cstring>

namespace composure {
namespace {

constexpr std::size_t kMinSpace = 4096;
constexpr std::size_t kMaxHeader = 14;  // 2 + 8 (64-bit length) + 4 (mask key)

tl::unexpected<WsError> protocol_error(std::string message) {
  return tl::unexpected(WsError{kWsCloseProtocolError, std::move(message)});
}

// XOR with the 4-byte key, eight bytes at a time where it can.
void unmask(char* p, std::size_t n, const unsigned char key[4]) {
  std::uint32_t k32 = 0;
  std::memcpy(&k32, key, 4);
  const std::uint64_t k64 = (static_cast<std::uint64_t>(k32) << 32) | k32;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, p + i, 8);
    w ^= k64;
    std::memcpy(p + i, &w, 8);
  }
  for (; i < n; ++i) p[i] = static_cast<char>(p[i] ^ static_cast<char>(key[i % 4]));
}

bool is_control(WsOpcode op) {
  return static_cast<std::uint8_t>(op) >= 0x8;
}

bool is_known(std::uint8_t op) {
  return op <= 0x2 || (op >= 0x8 && op <= 0xA);
}

void put_length(std::string& out, std::uint8_t first, std::size_t n) {
  out.push_back(static_cast<char>(first));
  if (n <= 125) {
    out.push_back(static_cast<char>(n));
  } else if (n <= 0xFFFF) {
    out.push_back(static_cast<char>(126));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xFF));
  } else {
    out.push_back(static_cast<char>(127));
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.push_back(static_cast<char>((static_cast<std::uint64_t>(n) >> shift) & 0xFF));
    }
  }
}

}  // namespace

WsFrameReader::WsFrameReader(std::size_t max_message_bytes)
    : max_(max_message_bytes), buf_(std::max<std::size_t>(4 * kMinSpace, 2 * kMaxHeader)) {}

std::span<char> WsFrameReader::space() {
  if (begin_ == end_) begin_ = end_ = 0;
  if (buf_.size() - end_ < kMinSpace && begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buf_.size() - end_ < kMinSpace) buf_.resize(buf_.size() * 2);
  return {buf_.data() + end_, buf_.size() - end_};
}

void WsFrameReader::commit(std::size_t n) {
  end_ = std::min(buf_.size(), end_ + n);
}

tl::expected<std::optional<WsMessage>, WsError> WsFrameReader::next() {
  for (;;) {
    const std::size_t avail = end_ - begin_;
    if (avail < 2) return std::nullopt;
    const auto* h = reinterpret_cast<const unsigned char*>(buf_.data() + begin_);
    const bool fin = (h[0] & 0x80) != 0;
    const std::uint8_t op = h[0] & 0x0F;
    if ((h[0] & 0x70) != 0) return protocol_error("a frame with reserved bits set");
    if (!is_known(op)) return protocol_error("a frame with unknown opcode " + std::to_string(op));
    if ((h[1] & 0x80) == 0) return protocol_error("an unmasked frame from the client");
    std::uint64_t len = h[1] & 0x7F;
    std::size_t header = 2;
    if (len == 126) {
      if (avail < 4) return std::nullopt;
      len = (std::uint64_t{h[2]} << 8) | h[3];
      header = 4;
    } else if (len == 127) {
      if (avail < 10) return std::nullopt;
      len = 0;
      for (int i = 0; i < 8; ++i) len = (len << 8) | h[2 + i];
      if ((len >> 63) != 0) return protocol_error("a 64-bit length with its top bit set");
      header = 10;
    }
    const auto opcode = static_cast<WsOpcode>(op);
    if (is_control(opcode) && (!fin || len > 125)) {
      return protocol_error("a fragmented or oversized control frame");
    }
    // No sums of lengths the peer gave: each is compared with what is left.
    if (!is_control(opcode) && (len > max_ || len > max_ - fragments_.size())) {
      return tl::unexpected(
          WsError{kWsCloseTooBig, "a message over " + std::to_string(max_) + " bytes"});
    }
    if (avail < header + 4 || avail - header - 4 < len) return std::nullopt;
    unsigned char key[4];
    std::memcpy(key, h + header, 4);
    char* payload = buf_.data() + begin_ + header + 4;
    const auto n = static_cast<std::size_t>(len);
    unmask(payload, n, key);
    begin_ += header + 4 + n;
    const std::string_view data(payload, n);

    if (is_control(opcode)) return WsMessage{opcode, data};
    if (opcode == WsOpcode::Continuation) {
      if (fragmented_ == WsOpcode::Continuation) {
        return protocol_error("a continuation frame without a message to continue");
      }
      fragments_.append(data);
      if (!fin) continue;
      const WsOpcode whole = fragmented_;
      fragmented_ = WsOpcode::Continuation;
      // The joined message lives in fragments_ until the next call clears it.
      joined_ = std::move(fragments_);
      fragments_.clear();
      return WsMessage{whole, joined_};
    }
    if (fragmented_ != WsOpcode::Continuation) {
      return protocol_error("a new message before the last one's final fragment");
    }
    if (fin) return WsMessage{opcode, data};  // the usual case: in place, no copy
    fragmented_ = opcode;
    fragments_.assign(data);
  }
}

std::string ws_frame(WsOpcode opcode, std::string_view payload) {
  std::string out;
  out.reserve(payload.size() + 10);
  put_length(out, static_cast<std::uint8_t>(0x80 | static_cast<std::uint8_t>(opcode)),
             payload.size());
  out.append(payload);
  return out;
}

std::string ws_close_frame(std::uint16_t code, std::string_view reason) {
  std::string payload;
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xFF));
  payload.append(reason.substr(0, 123));
  return ws_frame(WsOpcode::Close, payload);
}

}  // namespace composure
