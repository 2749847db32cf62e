#include "serve/audiosocket.h"

#include <gtest/gtest.h>

namespace composure {
namespace {

struct Got {
  AudioSocketKind kind;
  std::vector<std::uint8_t> payload;
};

std::vector<std::uint8_t> uuid_bytes() {
  std::vector<std::uint8_t> b;
  for (int i = 0; i < 16; ++i) b.push_back(static_cast<std::uint8_t>(i * 17));
  return b;
}

TEST(AudioSocket, MessagesSplitAcrossReadsAreReassembled) {
  std::vector<std::uint8_t> stream = encode_audiosocket(AudioSocketKind::Uuid, uuid_bytes());
  const std::vector<std::uint8_t> audio(320, 0x11);
  const auto a = encode_audiosocket(AudioSocketKind::Audio, audio);
  stream.insert(stream.end(), a.begin(), a.end());
  const auto h = encode_audiosocket(AudioSocketKind::Hangup, {});
  stream.insert(stream.end(), h.begin(), h.end());

  AudioSocketParser parser;
  std::vector<Got> got;
  for (std::size_t i = 0; i < stream.size(); i += 7) {
    const std::size_t n = std::min<std::size_t>(7, stream.size() - i);
    auto ok = parser.feed(std::span<const std::uint8_t>(stream.data() + i, n),
                          [&](const AudioSocketMessage& m) {
                            got.push_back({m.kind, {m.payload.begin(), m.payload.end()}});
                          });
    ASSERT_TRUE(ok) << ok.error().message;
  }
  ASSERT_EQ(got.size(), 3U);
  EXPECT_EQ(got[0].kind, AudioSocketKind::Uuid);
  EXPECT_EQ(got[0].payload, uuid_bytes());
  EXPECT_EQ(got[1].kind, AudioSocketKind::Audio);
  EXPECT_EQ(got[1].payload, audio);
  EXPECT_EQ(got[2].kind, AudioSocketKind::Hangup);
  EXPECT_EQ(parser.pending(), 0U);
}

TEST(AudioSocket, HeaderLengthIsBigEndian) {
  const auto m = encode_audiosocket(AudioSocketKind::Audio, std::vector<std::uint8_t>(320));
  ASSERT_EQ(m.size(), 323U);
  EXPECT_EQ(m[0], 0x10);
  EXPECT_EQ(m[1], 0x01);
  EXPECT_EQ(m[2], 0x40);
}

TEST(AudioSocket, UuidIsFormattedInLowerCaseGroups) {
  EXPECT_EQ(format_uuid(uuid_bytes()), "00112233-4455-6677-8899-aabbccddeeff");
}

TEST(AudioSocket, UnsupportedKindFailsWithItsOffsetAndStaysFailed) {
  AudioSocketParser parser;
  auto stream = encode_audiosocket(AudioSocketKind::Audio, std::vector<std::uint8_t>(4));
  stream.push_back(0x11);  // 16 kHz audio in newer Asterisk: not taken
  stream.push_back(0x00);
  stream.push_back(0x02);
  int messages = 0;
  auto ok = parser.feed(stream, [&](const AudioSocketMessage&) { ++messages; });
  ASSERT_FALSE(ok);
  EXPECT_EQ(messages, 1);
  EXPECT_NE(ok.error().message.find("kind 0x11 at byte 7"), std::string::npos)
      << ok.error().message;
  EXPECT_FALSE(parser.feed(encode_audiosocket(AudioSocketKind::Hangup, {}),
                           [&](const AudioSocketMessage&) { ++messages; }));
  EXPECT_EQ(messages, 1);
}

TEST(AudioSocket, UuidOfTheWrongSizeAndOddAudioAreRefused) {
  AudioSocketParser a;
  EXPECT_FALSE(a.feed(encode_audiosocket(AudioSocketKind::Uuid, std::vector<std::uint8_t>(5)),
                      [](const AudioSocketMessage&) {}));
  AudioSocketParser b;
  EXPECT_FALSE(b.feed(encode_audiosocket(AudioSocketKind::Audio, std::vector<std::uint8_t>(3)),
                      [](const AudioSocketMessage&) {}));
}

}  // namespace
}  // namespace composure
