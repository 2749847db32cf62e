#include <gtest/gtest.h>

#include "core/event.h"
#include "core/frame.h"
#include "core/strings.h"
#include "core/timefmt.h"
#include "core/word.h"

namespace composure {
namespace {

TEST(Frame, HoldsTwentyMillisecondsAtEightKilohertz) {
  EXPECT_EQ(kFrameSamples, 160);
  Frame a;
  a.pcm[3] = 7;
  Frame b = a;
  EXPECT_EQ(a, b);
  b.pcm[3] = 8;
  EXPECT_NE(a, b);
}

TEST(EventKind, NamesRoundTripForEveryKind) {
  for (int i = 0; i < kEventKindCount; ++i) {
    const auto kind = static_cast<EventKind>(i);
    const auto parsed = parse_event_kind(to_string(kind));
    ASSERT_TRUE(parsed.has_value()) << to_string(kind);
    EXPECT_EQ(*parsed, kind);
  }
  EXPECT_FALSE(parse_event_kind("no_such_kind").has_value());
}

TEST(EventKind, MeasurementsAreNotCues) {
  EXPECT_TRUE(is_cue(EventKind::RaisedVoice));
  EXPECT_TRUE(is_cue(EventKind::HoldOverdue));
  EXPECT_FALSE(is_cue(EventKind::Turn));
  EXPECT_FALSE(is_cue(EventKind::Hold));
}

TEST(TimeFormat, PrintsMinutesSecondsAndTenths) {
  EXPECT_EQ(format_clock(42'100), "00:42.1");
  EXPECT_EQ(format_clock(61'960), "01:02.0");
  EXPECT_EQ(format_clock(3'725'000), "1:02:05.0");
  EXPECT_EQ(format_span(42'100, 47'900), "00:42.1-00:47.9");
}

}  // namespace
}  // namespace composure

namespace composure {
namespace {

TEST(EventKind, WordCuesAreCuesAndUtterancesAreNot) {
  EXPECT_TRUE(is_word_cue(EventKind::ThreatLegal));
  EXPECT_TRUE(is_cue(EventKind::ThreatLegal));
  EXPECT_FALSE(is_word_cue(EventKind::RaisedVoice));
  EXPECT_FALSE(is_cue(EventKind::Utterance));
  EXPECT_FALSE(is_cue(EventKind::TextFrustration));
}

TEST(Utterance, TextJoinsWordsWithSpaces) {
  Utterance u;
  u.words = {{0, 100, "third", 1}, {100, 200, "time", 1}};
  EXPECT_EQ(u.text(), "third time");
}

}  // namespace
}  // namespace composure

namespace composure {
namespace {

TEST(Split, KeepsEmptyFieldsAndTheLastOne) {
  EXPECT_EQ(split("a,,b", ','), (std::vector<std::string_view>{"a", "", "b"}));
  EXPECT_EQ(split("", ','), (std::vector<std::string_view>{""}));
  EXPECT_EQ(split("x\t", '\t'), (std::vector<std::string_view>{"x", ""}));
}

}  // namespace
}  // namespace composure
