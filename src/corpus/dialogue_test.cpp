#include "corpus/dialogue.h"

#include <gtest/gtest.h>

namespace composure {
namespace {

constexpr std::string_view kCall = R"(# title: Boiler; caller escalates
# types: venter, aggrieved
voice agent en-us+f3 pitch=50 rate=150
voice caller en-us+m3 pitch=40 rate=120
agent: Thanks for calling, this is Maya.
caller: Hi. The engineer never came.   # a comment
caller [raised esc]: I took a day off work for this.
agent [misstep=trigger]: You need to calm down.
caller [high peak overlap=1.0]: Do not tell me to calm down!
pause 5
agent: I am sorry.
hold 40 checkin@20: Still checking, thanks for waiting.
agent: Thanks for holding.
)";

TEST(Dialogue, ReadsTypesLinesAndAnnotations) {
  const auto d = parse_dialogue(kCall, "tests/x/boiler.dialogue");
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->name, "boiler");
  EXPECT_EQ(d->title, "Boiler; caller escalates");
  EXPECT_EQ(d->types, (std::vector<std::string>{"venter", "aggrieved"}));
  ASSERT_EQ(d->lines.size(), 8U);
  EXPECT_EQ(d->lines[1].text, "Hi. The engineer never came.");
  EXPECT_EQ(d->lines[2].arousal, Arousal::Raised);
  ASSERT_NE(d->escalation_start(), nullptr);
  EXPECT_EQ(d->escalation_start()->source_line, 7);
  ASSERT_NE(d->peak(), nullptr);
  EXPECT_EQ(d->peak()->arousal, Arousal::High);
  EXPECT_EQ(d->lines[3].misstep, "trigger");
  EXPECT_EQ(d->lines[3].speaker, Speaker::Agent);
}

TEST(Dialogue, EstimatesTimesFromWordsRateGapsPausesAndHolds) {
  const auto d = parse_dialogue(kCall, "boiler.dialogue");
  ASSERT_TRUE(d) << d.error().message;
  const auto& l = d->lines;
  EXPECT_EQ(l[0].t_ms, 500);
  // Six words at 150 words a minute: 2.4 seconds and a little.
  EXPECT_NEAR(static_cast<double>(l[0].end_ms - l[0].t_ms), 2400 + 150, 100);
  for (std::size_t i = 1; i < 4; ++i) EXPECT_GT(l[i].t_ms, l[i - 1].end_ms);
  // The overlapping line starts a second before the agent's line ends.
  EXPECT_EQ(l[4].t_ms, l[3].end_ms - 1000);
  // 'pause 5' puts five seconds of silence before the next line.
  EXPECT_EQ(l[5].t_ms - l[4].end_ms, 5000);
  // The check-in is 20 s into the hold, and the next line starts when the 40 s hold ends.
  EXPECT_EQ(l[7].t_ms - l[6].t_ms, 20000);
  EXPECT_GE(l[7].t_ms - l[5].end_ms, 20000);
  EXPECT_GE(d->duration_ms, l.back().end_ms);
}

TEST(Dialogue, UtterancesComeInTheOrderTheyEnd) {
  const auto d = parse_dialogue(kCall, "boiler.dialogue");
  ASSERT_TRUE(d);
  const auto us = d->utterances();
  ASSERT_EQ(us.size(), d->lines.size());
  for (std::size_t i = 1; i < us.size(); ++i) EXPECT_GE(us[i].end_ms, us[i - 1].end_ms);
  EXPECT_EQ(us.front().words.front().text, "Thanks");
}

TEST(Dialogue, ErrorsNameTheFileAndLine) {
  auto d = parse_dialogue("agent: Hello.\ncaller [furious]: No.\n", "x.dialogue");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().message, "x.dialogue:2: unknown tag 'furious'");
  d = parse_dialogue("agent: Hi.\nmanager: Hello.\n", "y.dialogue");
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message.find("y.dialogue:2: unknown speaker 'manager'"), std::string::npos);
  d = parse_dialogue("# only comments\n", "z.dialogue");
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message.find("no spoken lines"), std::string::npos);
}

}  // namespace
}  // namespace composure
