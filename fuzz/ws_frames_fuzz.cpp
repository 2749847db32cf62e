// libFuzzer entry point for the WebSocket frame reader: any bytes, received in any pieces, give
// messages within the limits or an error with a close code, never a crash, overflow or UB.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "serve/ws_frames.h"

namespace {

void require(bool condition) {
  if (!condition) std::abort();  // saved as a crash artifact
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  // The first two bytes choose the message limit and how the rest arrives in pieces.
  const std::size_t max = 16 + std::size_t{data[0]} * 64;
  const std::size_t piece = 1 + data[1] % 64;
  data += 2;
  size -= 2;
  composure::WsFrameReader reader(max);
  while (size > 0) {
    const auto space = reader.space();
    require(space.size() >= 4096);
    const std::size_t n = std::min({space.size(), size, piece});
    std::memcpy(space.data(), data, n);
    reader.commit(n);
    data += n;
    size -= n;
    for (;;) {
      const auto m = reader.next();
      if (!m) {
        const auto code = m.error().close_code;
        require(code == composure::kWsCloseProtocolError || code == composure::kWsCloseTooBig);
        require(!m.error().message.empty());
        return 0;  // the stream is closed here
      }
      if (!*m) break;
      const auto op = static_cast<std::uint8_t>((*m)->opcode);
      if (op >= 0x8) {
        require((*m)->payload.size() <= 125);
      } else {
        require(op == 0x1 || op == 0x2);
        require((*m)->payload.size() <= max);
      }
    }
  }
  return 0;
}
