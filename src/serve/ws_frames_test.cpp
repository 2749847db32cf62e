#include "serve/ws_frames.h"

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace composure {
namespace {

// A frame as a client sends it: masked with `key`.
std::string client_frame(std::uint8_t first, std::string_view payload,
                         std::array<unsigned char, 4> key = {0x12, 0x34, 0x56, 0x78}) {
  std::string out;
  out.push_back(static_cast<char>(first));
  const std::size_t n = payload.size();
  if (n <= 125) {
    out.push_back(static_cast<char>(0x80 | n));
  } else if (n <= 0xFFFF) {
    out.push_back(static_cast<char>(0x80 | 126));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xFF));
  } else {
    out.push_back(static_cast<char>(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.push_back(static_cast<char>((static_cast<std::uint64_t>(n) >> shift) & 0xFF));
    }
  }
  for (const unsigned char k : key) out.push_back(static_cast<char>(k));
  for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<char>(payload[i] ^ key[i % 4]));
  return out;
}

void feed(WsFrameReader& r, std::string_view bytes) {
  while (!bytes.empty()) {
    auto space = r.space();
    const std::size_t n = std::min(space.size(), bytes.size());
    std::memcpy(space.data(), bytes.data(), n);
    r.commit(n);
    bytes.remove_prefix(n);
  }
}

struct Got {
  std::vector<std::pair<WsOpcode, std::string>> messages;
  std::optional<WsError> error;
};

Got drain(WsFrameReader& r) {
  Got g;
  for (;;) {
    auto m = r.next();
    if (!m) {
      g.error = m.error();
      return g;
    }
    if (!*m) return g;
    g.messages.emplace_back((*m)->opcode, std::string((*m)->payload));
  }
}

TEST(WsFrames, SeveralMessagesInOneReadAreEachUnmasked) {
  WsFrameReader r(1024);
  const std::string big(300, 'x');  // a 16-bit length
  feed(r, client_frame(0x81, R"({"event":"media"})") + client_frame(0x82, "\x01\x02") +
              client_frame(0x81, big));
  const Got g = drain(r);
  ASSERT_FALSE(g.error);
  ASSERT_EQ(g.messages.size(), 3U);
  EXPECT_EQ(g.messages[0], std::make_pair(WsOpcode::Text, std::string(R"({"event":"media"})")));
  EXPECT_EQ(g.messages[1], std::make_pair(WsOpcode::Binary, std::string("\x01\x02")));
  EXPECT_EQ(g.messages[2].second, big);
}

TEST(WsFrames, AFrameSplitAcrossReadsWaitsForItsLastByte) {
  WsFrameReader r(1024);
  const std::string frame = client_frame(0x81, "hello there");
  for (std::size_t i = 0; i + 1 < frame.size(); ++i) {
    feed(r, frame.substr(i, 1));
    const Got g = drain(r);
    ASSERT_FALSE(g.error);
    ASSERT_TRUE(g.messages.empty()) << "after byte " << i;
  }
  feed(r, frame.substr(frame.size() - 1));
  const Got g = drain(r);
  ASSERT_EQ(g.messages.size(), 1U);
  EXPECT_EQ(g.messages[0].second, "hello there");
}

TEST(WsFrames, FragmentsAreJoinedAndControlFramesMayComeBetween) {
  WsFrameReader r(1024);
  feed(r, client_frame(0x01, "hel") + client_frame(0x89, "ping!") + client_frame(0x00, "lo ") +
              client_frame(0x80, "world"));
  const Got g = drain(r);
  ASSERT_FALSE(g.error);
  ASSERT_EQ(g.messages.size(), 2U);
  EXPECT_EQ(g.messages[0], std::make_pair(WsOpcode::Ping, std::string("ping!")));
  EXPECT_EQ(g.messages[1], std::make_pair(WsOpcode::Text, std::string("hello world")));
}

TEST(WsFrames, ALargeMessageGrowsTheBufferUpToTheLimit) {
  WsFrameReader r(100000);
  const std::string big(70000, 'y');  // a 64-bit length, bigger than the first buffer
  feed(r, client_frame(0x81, big));
  const Got g = drain(r);
  ASSERT_FALSE(g.error);
  ASSERT_EQ(g.messages.size(), 1U);
  EXPECT_EQ(g.messages[0].second, big);
}

TEST(WsFrames, MessagesOverTheLimitAreRefusedWithCode1009) {
  WsFrameReader r(100);
  feed(r, client_frame(0x81, std::string(101, 'z')));
  Got g = drain(r);
  ASSERT_TRUE(g.error);
  EXPECT_EQ(g.error->close_code, kWsCloseTooBig);
  WsFrameReader fragmented(100);
  feed(fragmented,
       client_frame(0x01, std::string(60, 'a')) + client_frame(0x80, std::string(60, 'b')));
  g = drain(fragmented);
  ASSERT_TRUE(g.error);
  EXPECT_EQ(g.error->close_code, kWsCloseTooBig);
}

TEST(WsFrames, HugeLengthsAreRefusedBeforeAnyByteIsTouched) {
  // A fragment, then a continuation claiming 2^64 - 14 bytes: its length must not wrap a check.
  WsFrameReader r(1024);
  std::string huge = client_frame(0x01, std::string(20, 'a'));
  huge += std::string("\x80\xff\xff\xff\xff\xff\xff\xff\xff\xf2", 10);
  huge += std::string("\x01\x02\x03\x04", 4) + std::string(64, 'b');
  feed(r, huge);
  Got g = drain(r);
  ASSERT_TRUE(g.error);
  EXPECT_EQ(g.error->close_code, kWsCloseProtocolError) << g.error->message;  // top bit set
  // Just under 2^63: too big, refused by size.
  WsFrameReader big(1024);
  feed(big, std::string("\x81\xff\x7f\xff\xff\xff\xff\xff\xff\xff\x01\x02\x03\x04", 14) +
                std::string(64, 'c'));
  g = drain(big);
  ASSERT_TRUE(g.error);
  EXPECT_EQ(g.error->close_code, kWsCloseTooBig);
  // A fragment of 1000 then one of 100 against a limit of 1024.
  WsFrameReader sum(1024);
  feed(sum, client_frame(0x01, std::string(1000, 'd')) + client_frame(0x80, std::string(100, 'e')));
  g = drain(sum);
  ASSERT_TRUE(g.error);
  EXPECT_EQ(g.error->close_code, kWsCloseTooBig);
}

TEST(WsFrames, ProtocolViolationsAreRefusedWithCode1002) {
  const std::string unmasked = std::string("\x81\x02hi", 4);
  for (const std::string& bad :
       {unmasked, client_frame(0xC1, "rsv"), client_frame(0x83, "op3"),
        client_frame(0x09, "unfinished ping"), client_frame(0x80, "continuation of nothing"),
        client_frame(0x01, "a") + client_frame(0x81, "b"),
        client_frame(0x89, std::string(126, 'p'))}) {
    WsFrameReader r(1024);
    feed(r, bad);
    const Got g = drain(r);
    ASSERT_TRUE(g.error) << bad;
    EXPECT_EQ(g.error->close_code, kWsCloseProtocolError) << g.error->message;
  }
}

TEST(WsFrames, ServerFramesAreUnmaskedWithTheShortestLength) {
  EXPECT_EQ(ws_frame(WsOpcode::Text, "hi"), std::string("\x81\x02hi", 4));
  const std::string mid = ws_frame(WsOpcode::Text, std::string(300, 'm'));
  EXPECT_EQ(mid.substr(0, 4), std::string("\x81\x7e\x01\x2c", 4));
  EXPECT_EQ(mid.size(), 304U);
  const std::string big = ws_frame(WsOpcode::Binary, std::string(70000, 'b'));
  EXPECT_EQ(big.substr(0, 2), std::string("\x82\x7f", 2));
  EXPECT_EQ(big.size(), 70010U);
  EXPECT_EQ(ws_close_frame(kWsCloseNormal), std::string("\x88\x02\x03\xe8", 4));
}

}  // namespace
}  // namespace composure
