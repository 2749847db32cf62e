// WebSocket framing (RFC 6455, section 5) for the server's side of a media stream once the
// handshake is done: frames from the client are read in place from one receive buffer, so a burst
// of small messages (a media stream sends one per track every 20 ms) is handled from one socket
// read without an asynchronous operation per message; frames to the client are built unmasked.
//
//   WsFrameReader reader(64 * 1024);
//   auto space = reader.space();            // receive into it, then:
//   reader.commit(n);
//   while (auto m = reader.next()) {        // error: m.error().close_code, .message
//     if (!*m) break;                       // needs more bytes
//     use((*m)->opcode, (*m)->payload);     // valid until the next space() or next()
//   }
//   send(ws_frame(WsOpcode::Text, "{...}"));
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

namespace composure {

enum class WsOpcode : std::uint8_t {
  Continuation = 0x0,
  Text = 0x1,
  Binary = 0x2,
  Close = 0x8,
  Ping = 0x9,
  Pong = 0xA,
};

// Close codes (RFC 6455, 7.4.1) this server sends.
inline constexpr std::uint16_t kWsCloseNormal = 1000;
inline constexpr std::uint16_t kWsCloseGoingAway = 1001;
inline constexpr std::uint16_t kWsCloseProtocolError = 1002;
inline constexpr std::uint16_t kWsClosePolicy = 1008;
inline constexpr std::uint16_t kWsCloseTooBig = 1009;

// A whole message (fragments joined) or a control frame.
struct WsMessage {
  WsOpcode opcode = WsOpcode::Text;
  std::string_view payload;
};

// Why the stream cannot go on, and the close code to tell the peer.
struct WsError {
  std::uint16_t close_code = kWsCloseProtocolError;
  std::string message;
};

class WsFrameReader {
 public:
  explicit WsFrameReader(std::size_t max_message_bytes);

  // Free space at the end of the buffer to receive into (at least 4 KiB); may move what is
  // buffered, so views from next() end here.
  std::span<char> space();
  // `n` bytes were received into space().
  void commit(std::size_t n);
  // The next message or control frame; nullopt when more bytes are needed. After an error the
  // stream is unusable.
  tl::expected<std::optional<WsMessage>, WsError> next();

 private:
  std::size_t max_;
  std::vector<char> buf_;
  std::size_t begin_ = 0;                         // first byte not yet parsed
  std::size_t end_ = 0;                           // end of what was received
  std::string fragments_;                         // a fragmented message so far
  std::string joined_;                            // the last fragmented message, whole
  WsOpcode fragmented_ = WsOpcode::Continuation;  // its opcode; Continuation: none pending
};

// One unfragmented frame from the server (unmasked).
std::string ws_frame(WsOpcode opcode, std::string_view payload);
// A close frame with a status code (and a reason of at most 123 bytes).
std::string ws_close_frame(std::uint16_t code, std::string_view reason = {});

}  // namespace composure
