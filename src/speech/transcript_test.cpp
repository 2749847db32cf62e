#include "speech/transcript.h"

#include <gtest/gtest.h>

namespace composure {
namespace {

constexpr std::string_view kText = R"(# a short call
[00:01] AGENT: Thanks for calling, this is Sam.
[00:04.5] CALLER: This is the THIRD time I'm calling about my router!
[1:00:02] agent: Let me take care of that for you.
)";

constexpr std::string_view kJson = R"({"segments": [
  {"speaker": "agent", "start": 1.0, "end": 3.307, "text": "Thanks for calling, this is Sam."},
  {"speaker": "caller", "start": 4.5, "end": 8.346,
   "text": "This is the THIRD time I'm calling about my router!"},
  {"speaker": "AGENT", "start_ms": 3602000, "end_ms": 3605076,
   "text": "Let me take care of that for you."}
]})";

TEST(TextTranscript, ParsesTimesSpeakersAndWords) {
  const auto t = parse_text_transcript(kText, "t.txt");
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->size(), 3u);
  EXPECT_EQ((*t)[0].speaker, Speaker::Agent);
  EXPECT_EQ((*t)[0].t_ms, 1000);
  EXPECT_EQ((*t)[0].end_ms, 3307);  // 6 words at 2.6 words/s, before the next line
  EXPECT_EQ((*t)[1].speaker, Speaker::Caller);
  EXPECT_EQ((*t)[1].t_ms, 4500);
  EXPECT_EQ((*t)[1].text(), "This is the THIRD time I'm calling about my router!");
  EXPECT_TRUE((*t)[1].typed);
  EXPECT_EQ((*t)[2].t_ms, 3'602'000);
  for (const auto& u : *t) {
    for (const auto& w : u.words) {
      EXPECT_GE(w.t_ms, u.t_ms);
      EXPECT_LE(w.end_ms, u.end_ms);
      EXPECT_LE(w.t_ms, w.end_ms);
    }
  }
}

TEST(Transcript, BothFormsGiveTheSameUtterances) {
  const auto a = parse_text_transcript(kText, "t.txt");
  const auto b = parse_json_transcript(kJson, "t.json");
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_TRUE(b) << b.error().message;
  ASSERT_EQ(a->size(), b->size());
  for (std::size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ((*a)[i].speaker, (*b)[i].speaker);
    EXPECT_EQ((*a)[i].t_ms, (*b)[i].t_ms);
    EXPECT_EQ((*a)[i].text(), (*b)[i].text());
    EXPECT_NEAR(static_cast<double>((*a)[i].end_ms), static_cast<double>((*b)[i].end_ms), 1.0);
  }
}

TEST(JsonTranscript, KeepsPerWordTimesAndConfidences) {
  const auto t = parse_json_transcript(
      R"([{"speaker": "customer", "start": 2, "end": 3, "text": "cancel it",
           "words": [{"word": "cancel", "start": 2.0, "end": 2.4, "confidence": 0.8},
                     {"word": "it", "start": 2.5, "end": 2.7}]}])",
      "w.json");
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->size(), 1u);
  const auto& u = t->front();
  EXPECT_EQ(u.speaker, Speaker::Caller);
  ASSERT_EQ(u.words.size(), 2u);
  EXPECT_EQ(u.words[0], (Word{2000, 2400, "cancel", 0.8F}));
  EXPECT_EQ(u.words[1].confidence, 1.0F);
  EXPECT_EQ(u.end_ms, 3000);
}

TEST(JsonTranscript, ErrorsSayWhereAndWhat) {
  auto bad_speaker =
      parse_json_transcript(R"({"segments":[{"speaker":"bot","start":1,"text":"hi"}]})", "x.json");
  ASSERT_FALSE(bad_speaker);
  EXPECT_EQ(bad_speaker.error().message,
            "x.json: segments[0].speaker: expected agent or caller, got \"bot\"");
  auto no_start = parse_json_transcript(R"([{"speaker":"agent","text":"hi"}])", "x.json");
  ASSERT_FALSE(no_start);
  EXPECT_NE(no_start.error().message.find("segments[0].start"), std::string::npos);
  auto broken = parse_json_transcript(R"({"segments": [)", "x.json");
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("x.json: not valid JSON at byte"), std::string::npos);
}

TEST(TextTranscript, ErrorsNameFileAndLine) {
  auto bad_time = parse_text_transcript("[00:01] AGENT: hi\n[aa:bb] CALLER: hello\n", "c.txt");
  ASSERT_FALSE(bad_time);
  EXPECT_EQ(bad_time.error().message, "c.txt:2: bad time \"aa:bb\": expected mm:ss or h:mm:ss");
  auto bad_who = parse_text_transcript("\n\n[00:01] BOT: hi\n", "c.txt");
  ASSERT_FALSE(bad_who);
  EXPECT_EQ(bad_who.error().message, "c.txt:3: unknown speaker \"BOT\": expected AGENT or CALLER");
  auto no_time = parse_text_transcript("AGENT: hi\n", "c.txt");
  ASSERT_FALSE(no_time);
  EXPECT_NE(no_time.error().message.find("c.txt:1:"), std::string::npos);
}

TEST(SpreadWords, CoversTheSpanInOrder) {
  const auto words = spread_words("one three fives", 1000, 2600);
  ASSERT_EQ(words.size(), 3u);
  EXPECT_EQ(words.front().t_ms, 1000);
  EXPECT_LE(words.back().end_ms, 2600);
  EXPECT_LT(words[0].end_ms, words[1].t_ms + 1);
}

}  // namespace
}  // namespace composure
